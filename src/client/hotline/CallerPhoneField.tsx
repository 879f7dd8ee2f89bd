/**
 * The caller's number: typed once, then shown masked (only the last four digits), so that
 * whoever walks behind the operator's chair — or a screenshot — never sees it. Changing it means
 * typing it again; the full number lives in the form's state until the call is taken.
 */
import { useState } from 'react';
import { maskIdentifier } from '../../domain/idNumber';
import { useI18n } from '../shell/i18n';

interface CallerPhoneFieldProps {
  value: string;
  onChange(value: string): void;
}

export function CallerPhoneField({ value, onChange }: CallerPhoneFieldProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(value === '');
  if (!editing && value !== '') {
    return (
      <div className="hotline-phone">
        <span>{t('hotline.call.phone')}</span>
        <strong data-testid="hotline-phone-masked">{maskIdentifier(value)}</strong>
        <button
          type="button"
          className="button button-quiet"
          data-testid="hotline-phone-change"
          onClick={() => {
            onChange('');
            setEditing(true);
          }}
        >
          {t('hotline.call.phoneChange')}
        </button>
      </div>
    );
  }
  return (
    <label>
      <span>{t('hotline.call.phone')}</span>
      <input
        type="tel"
        autoComplete="off"
        inputMode="tel"
        data-testid="hotline-phone"
        value={value}
        placeholder={t('hotline.call.phonePlaceholder')}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => setEditing(value.trim() === '')}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            setEditing(value.trim() === '');
          }
        }}
      />
    </label>
  );
}
