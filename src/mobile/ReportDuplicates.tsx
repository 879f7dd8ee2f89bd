/**
 * Before a report is sent: open incidents of the same category near its point, in the worker's
 * own grids (the server's intake check). The worker reports anyway or cancels.
 */
import type { PossibleDuplicate } from '../shared/incidents';
import { categoryName } from './categoryName';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

export function ReportDuplicates({
  duplicates,
  onSendAnyway,
  onCancel,
}: {
  duplicates: readonly PossibleDuplicate[];
  onSendAnyway(): void;
  onCancel(): void;
}) {
  const t = usePhoneText();
  const language = usePhoneStore((state) => state.language);
  return (
    <section className="phone-duplicates" data-testid="phone-report-duplicates">
      <p className="phone-error">{t('report.duplicates', { count: duplicates.length })}</p>
      <ul className="phone-tasks">
        {duplicates.map(({ incident, distanceM }) => (
          <li
            key={incident.id}
            className="phone-task"
            data-testid="phone-report-duplicate"
            data-incident-id={incident.id}
          >
            <div className="phone-task-head">
              <strong>{categoryName(incident.categoryCode, language)}</strong>
              <span className="phone-task-step">
                {t('report.duplicateItem', { distance: Math.round(distanceM), id: incident.id })}
              </span>
            </div>
            <p className="phone-task-text">{incident.description}</p>
          </li>
        ))}
      </ul>
      <div className="phone-row">
        <button
          type="button"
          className="phone-button"
          data-testid="phone-report-cancel"
          onClick={onCancel}
        >
          {t('tasks.cancel')}
        </button>
        <button
          type="button"
          className="phone-button primary"
          data-testid="phone-report-send-anyway"
          onClick={onSendAnyway}
        >
          {t('report.sendAnyway')}
        </button>
      </div>
    </section>
  );
}
