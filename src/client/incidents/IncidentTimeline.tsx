/**
 * The closed loop as it happened: every transition (who, when, what, note), every escalation up
 * the grid and every arrival on site, oldest first.
 */
import type { Attachment } from '../../domain/incidents/incident';
import type { IncidentDetail } from '../../shared/incidents';
import { INCIDENT_STATE_COLOURS_CSS } from '../theme/incidentPalette';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';

type TimelineEntry =
  | { kind: 'transition'; atMs: number; index: number }
  | { kind: 'escalation'; atMs: number; index: number }
  | { kind: 'arrival'; atMs: number; index: number };

/** Photos of a step (a worker's feedback), served by the API to those who see the incident. */
function StepPhotos({ attachments }: { attachments: readonly Attachment[] }) {
  const photos = attachments.filter(
    (attachment) => attachment.mime.startsWith('image/') && attachment.url.startsWith('/api/'),
  );
  if (photos.length === 0) return null;
  return (
    <div className="timeline-photos" data-testid="timeline-photos">
      {photos.map((photo) => (
        <a key={photo.url} href={photo.url} target="_blank" rel="noreferrer">
          <img src={photo.url} alt={photo.name} loading="lazy" />
        </a>
      ))}
    </div>
  );
}

export function IncidentTimeline({ detail }: { detail: IncidentDetail }) {
  const { t, localName, formatTime, formatDate } = useI18n();
  const grids = useAppStore((state) => state.grids);
  const entries: TimelineEntry[] = [
    ...detail.history.map((entry, index) => ({
      kind: 'transition' as const,
      atMs: entry.atMs,
      index,
    })),
    ...detail.escalations.map((entry, index) => ({
      kind: 'escalation' as const,
      atMs: entry.atMs,
      index,
    })),
    ...detail.arrivals.map((entry, index) => ({
      kind: 'arrival' as const,
      atMs: entry.arrivedAtMs,
      index,
    })),
  ].sort((a, b) => a.atMs - b.atMs);
  const when = (atMs: number) => `${formatDate(new Date(atMs))} ${formatTime(new Date(atMs))}`;
  const gridName = (code: string) => {
    const grid = grids[code];
    return grid ? localName(grid) : code;
  };

  return (
    <section className="incident-timeline" data-testid="incident-timeline">
      <div className="section-title">{t('incident.drawer.timeline')}</div>
      <ol>
        {entries.map((entry) => {
          if (entry.kind === 'transition') {
            const transition = detail.history[entry.index];
            if (!transition) return null;
            return (
              <li
                key={`t${entry.index}`}
                className="timeline-entry"
                data-testid="incident-timeline-entry"
                data-action={transition.action}
              >
                <span
                  className="timeline-dot"
                  style={{ background: INCIDENT_STATE_COLOURS_CSS[transition.toState] }}
                  aria-hidden="true"
                />
                <div className="timeline-body">
                  <div className="timeline-head">
                    <strong>{t(`incident.action.${transition.action}`)}</strong>
                    <span>→ {t(`incident.state.${transition.toState}`)}</span>
                  </div>
                  <div className="timeline-meta">
                    {transition.actor.username} · {t(`incident.role.${transition.actor.role}`)} ·{' '}
                    {when(transition.atMs)}
                  </div>
                  {transition.note !== '' && <div className="timeline-note">{transition.note}</div>}
                  <StepPhotos attachments={transition.attachments} />
                </div>
              </li>
            );
          }
          if (entry.kind === 'escalation') {
            const escalation = detail.escalations[entry.index];
            if (!escalation) return null;
            return (
              <li key={`e${entry.index}`} className="timeline-entry is-escalation">
                <span className="timeline-dot" aria-hidden="true" />
                <div className="timeline-body">
                  <div className="timeline-head">
                    <strong>
                      {t('incident.timeline.escalated', { grid: gridName(escalation.toLevelCode) })}
                    </strong>
                  </div>
                  <div className="timeline-meta">{when(escalation.atMs)}</div>
                </div>
              </li>
            );
          }
          const arrival = detail.arrivals[entry.index];
          if (!arrival) return null;
          return (
            <li key={`a${entry.index}`} className="timeline-entry is-arrival">
              <span className="timeline-dot" aria-hidden="true" />
              <div className="timeline-body">
                <div className="timeline-head">
                  <strong>
                    {t('incident.timeline.arrived', { who: arrival.assigneeUsername })}
                  </strong>
                </div>
                <div className="timeline-meta">{when(arrival.arrivedAtMs)}</div>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
