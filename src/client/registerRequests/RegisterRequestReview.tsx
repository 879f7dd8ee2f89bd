/**
 * 登记审核: the phones' change requests in the reviewer's scope, pending first; the reviewed
 * history (with visit logs) on the second switch. Reviewing one removes it from the pending list.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RegisterRequestView } from '../../shared/registerRequests';
import { refusalText } from '../admin/refusalText';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { RequestCard } from './RequestCard';
import './registerRequests.css';

type Listing = 'pending' | 'reviewed';

export function RegisterRequestReview() {
  const { t, language } = useI18n();
  const api = useApi();
  const canReview = useAppStore(
    (state) => state.session?.permissions.includes('register.review') ?? false,
  );
  const [listing, setListing] = useState<Listing>('pending');
  const [items, setItems] = useState<RegisterRequestView[] | null>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(() => {
    const controller = new AbortController();
    setMessage('');
    api.registerRequests({ status: listing }, controller.signal).then(
      (list) => setItems(list.items),
      (error: unknown) => {
        if (!controller.signal.aborted) setMessage(refusalText(error, language, t));
      },
    );
    return () => controller.abort();
  }, [api, listing, language, t]);
  useEffect(load, [load]);

  return (
    <div className="admin-panel" data-testid="request-review">
      <nav className="admin-filters">
        {(['pending', 'reviewed'] as const).map((name) => (
          <button
            key={name}
            type="button"
            className={`button ${name === listing ? 'button-primary' : 'button-quiet'}`}
            data-testid={`requests-${name}`}
            onClick={() => setListing(name)}
          >
            {t(name === 'pending' ? 'requests.pending' : 'requests.history')}
          </button>
        ))}
      </nav>
      <p className="admin-message" role="alert">
        {message}
      </p>
      {items !== null && items.length === 0 && (
        <p className="empty-hint">
          {t(listing === 'pending' ? 'requests.none' : 'requests.noneHistory')}
        </p>
      )}
      <ul className="request-list">
        {items?.map((request) => (
          <RequestCard
            key={request.id}
            request={request}
            canReview={canReview}
            onReviewed={(view) =>
              setItems((current) => (current ?? []).filter((item) => item.id !== view.id))
            }
          />
        ))}
      </ul>
    </div>
  );
}
