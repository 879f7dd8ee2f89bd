/**
 * The tour's replay of one incident's closed loop: the steps of the loop light up one after
 * another as the tour step runs, up to where this incident went. Category, times, the state and
 * the evaluation only: no reporter, no description, no handler (a public screen).
 */
import { INCIDENT_STATES } from '../../domain/incidents/incident';
import type { IncidentState } from '../../shared/incidents';
import { categoryName } from '../incidents/incidentText';
import { useIncidentStore } from '../incidents/incidentStore';
import { useI18n, type MessageKey } from '../shell/i18n';

/** The loop as a delegation is told it, in order. */
const LOOP: readonly IncidentState[] = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'feedback',
  'closed',
  'evaluated',
];

/** How many steps of the loop show lit at `progress` (0..1) of the tour step. */
export function litLoopSteps(state: IncidentState, progress: number): number {
  const reached = LOOP.indexOf(state === 'archived' ? 'evaluated' : state) + 1;
  return Math.min(reached, Math.floor(progress * (reached + 1)));
}

export function TourIncidentLoop({
  incidentId,
  progress,
}: {
  incidentId: string;
  progress: number;
}) {
  const { t, language, formatDate, formatTime } = useI18n();
  const incident = useIncidentStore((state) => state.incidents[incidentId]);
  if (incident === undefined || !INCIDENT_STATES.includes(incident.state)) return null;
  const lit = litLoopSteps(incident.state, progress);
  const at = (ms: number) => `${formatDate(new Date(ms))} ${formatTime(new Date(ms))}`;
  return (
    <section className="tour-incident" data-testid="tour-incident" data-lit={lit}>
      <h3 className="tour-incident-title">{t('tour.incident.title')}</h3>
      <ol className="tour-loop">
        {LOOP.map((state, index) => (
          <li key={state} className={index < lit ? 'is-lit' : undefined}>
            {t(`incident.state.${state}` as MessageKey)}
          </li>
        ))}
      </ol>
      <p className="tour-incident-facts">
        {t('tour.incident.category')} {categoryName(incident.categoryCode, language)} ·{' '}
        {t('tour.incident.reported')} {at(incident.reportedAtMs)}
        {incident.dispatchedAtMs !== null &&
          ` · ${t('tour.incident.dispatched')} ${at(incident.dispatchedAtMs)}`}
        {incident.evaluationScore !== null &&
          ` · ${t('tour.incident.evaluation')} ${incident.evaluationScore}`}
      </p>
    </section>
  );
}
