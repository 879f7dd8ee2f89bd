/** A new incident from the phone: category and description at the worker's current position. */
import { useState } from 'react';
import { INCIDENT_CATEGORIES } from '../domain/incidents/incidentCategories';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

export function ReportSheet({
  onSend,
  onClose,
}: {
  onSend(categoryCode: string, description: string): Promise<boolean>;
  onClose(): void;
}) {
  const t = usePhoneText();
  const language = usePhoneStore((state) => state.language);
  const hasFix = usePhoneStore((state) => state.lastFix !== null);
  const [categoryCode, setCategoryCode] = useState(INCIDENT_CATEGORIES[0]!.code);
  const [description, setDescription] = useState('');
  const [sending, setSending] = useState(false);
  return (
    <form
      className="phone-card phone-report"
      data-testid="phone-report"
      onSubmit={(event) => {
        event.preventDefault();
        setSending(true);
        void onSend(categoryCode, description.trim()).then((queued) => {
          setSending(false);
          if (queued) onClose();
        });
      }}
    >
      <h2>{t('report.title')}</h2>
      <label>
        <span>{t('report.category')}</span>
        <select
          value={categoryCode}
          data-testid="phone-report-category"
          onChange={(event) => setCategoryCode(event.target.value)}
        >
          {INCIDENT_CATEGORIES.map((category) => (
            <option key={category.code} value={category.code}>
              {language === 'en' ? category.nameEn : category.nameZh}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('report.description')}</span>
        <textarea
          rows={4}
          value={description}
          required
          data-testid="phone-report-description"
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      {!hasFix && <p className="phone-error">{t('report.noFix')}</p>}
      <div className="phone-row">
        <button type="button" className="phone-button" onClick={onClose}>
          {t('tasks.cancel')}
        </button>
        <button
          type="submit"
          className="phone-button primary"
          disabled={!hasFix || sending}
          data-testid="phone-report-send"
        >
          {t('report.send')}
        </button>
      </div>
    </form>
  );
}
