/**
 * Where the caller is: a search of the register's building addresses in the operator's scope;
 * the chosen building's position places the call (or a point on the map, GridPointPicker).
 */
import { useState } from 'react';
import { MAX_ADDRESS_QUERY_LENGTH, type AddressMatch } from '../../shared/hotline';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import { describeError } from '../widgets/errorMessage';

interface AddressSearchProps {
  /** What the call is placed at now (an address, or a point on the map), null for none. */
  chosen: string | null;
  onChoose(match: AddressMatch | null): void;
}

type SearchState =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'done'; items: AddressMatch[] }
  | { status: 'error'; message: string };

export function AddressSearch({ chosen, onChoose }: AddressSearchProps) {
  const { t } = useI18n();
  const api = useApi();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<SearchState>({ status: 'idle' });

  async function run(): Promise<void> {
    const query = text.trim();
    if (query === '') return;
    setSearch({ status: 'searching' });
    try {
      const found = await api.hotlineAddresses(query);
      setSearch({ status: 'done', items: found.items });
    } catch (failure) {
      const message = describeError(failure);
      setSearch({ status: 'error', message: t(message.messageKey, message.params) });
    }
  }

  if (chosen !== null) {
    return (
      <div className="hotline-address-chosen" data-testid="hotline-address-chosen">
        <span>{t('hotline.call.address')}</span>
        <strong>{chosen}</strong>
        <button type="button" className="button button-quiet" onClick={() => onChoose(null)}>
          {t('hotline.call.addressChange')}
        </button>
      </div>
    );
  }
  return (
    // Not a <form>: it sits inside the call form, and a nested form is no form.
    <div className="hotline-address">
      <label>
        <span>{t('hotline.call.address')}</span>
        <input
          type="search"
          data-testid="hotline-address-query"
          value={text}
          maxLength={MAX_ADDRESS_QUERY_LENGTH}
          placeholder={t('hotline.call.addressPlaceholder')}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            void run();
          }}
        />
      </label>
      <button
        type="button"
        className="button"
        data-testid="hotline-address-search"
        onClick={() => void run()}
      >
        {t('hotline.call.addressSearch')}
      </button>
      {search.status === 'searching' && <p role="status">{t('hotline.call.searching')}</p>}
      {search.status === 'error' && <p role="alert">{search.message}</p>}
      {search.status === 'done' && search.items.length === 0 && (
        <p data-testid="hotline-address-none">{t('hotline.call.addressNone')}</p>
      )}
      {search.status === 'done' && search.items.length > 0 && (
        <ul className="hotline-address-matches">
          {search.items.map((match) => (
            <li key={match.buildingId}>
              <button
                type="button"
                className="chip"
                data-testid="hotline-address-match"
                onClick={() => onChoose(match)}
              >
                {match.address} · {match.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
