/**
 * The phones' pending change requests of one unit, in its panel: every register reader sees
 * them (masked); a reviewer approves or rejects here too, and the unit is read again after.
 */
import { useEffect, useState } from 'react';
import type { RegisterRequestView } from '../../shared/registerRequests';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { RequestCard } from './RequestCard';
import './registerRequests.css';

export function UnitRequests({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const api = useApi();
  const putUnit = useAppStore((state) => state.putUnit);
  const canReview = useAppStore(
    (state) => state.session?.permissions.includes('register.review') ?? false,
  );
  const [items, setItems] = useState<RegisterRequestView[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    api.registerRequests({ status: 'pending', unitId }, controller.signal).then(
      (list) => setItems(list.items),
      // The list is an addition to the panel: a refusal or outage leaves the unit as it is.
      () => setItems([]),
    );
    return () => controller.abort();
  }, [api, unitId]);

  if (items.length === 0) return null;
  return (
    <section className="unit-requests" data-testid="unit-requests">
      <h3 className="panel-subtitle">{t('requests.unitPending', { count: items.length })}</h3>
      <ul className="request-list">
        {items.map((request) => (
          <RequestCard
            key={request.id}
            request={request}
            canReview={canReview}
            onReviewed={(view) => {
              setItems((current) => current.filter((item) => item.id !== view.id));
              if (view.status === 'approved') void api.unit(unitId).then(putUnit, () => undefined);
            }}
          />
        ))}
      </ul>
    </section>
  );
}
