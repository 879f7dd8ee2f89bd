/**
 * The incident's facts as the drawer lists them: id, priority, source, grid, location, report
 * time, department, assignee and deadline, each named as the reader's language and the live
 * directory name it.
 */
import { WORKER_ASSIGNEE_PREFIX, type IncidentDetail } from '../../shared/incidents';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { DEADLINE_PHASE_COLOURS_CSS } from '../theme/incidentPalette';
import { useTrackingStore } from '../tracking/trackingStore';
import { formatDuration } from './incidentText';

const COORDINATE_DECIMALS = 5;

export function IncidentFacts({
  detail,
  departmentName,
}: {
  detail: IncidentDetail;
  departmentName: string | null;
}) {
  const { t, language, localName, formatTime, formatDate } = useI18n();
  const grid = useAppStore((state) => state.grids[detail.gridCode]);
  // A worker assignee is named as the live directory names them (masked where required).
  const assigneeName = useTrackingStore((state) => {
    const assignee = detail.assigneeUsername ?? '';
    if (!assignee.startsWith(WORKER_ASSIGNEE_PREFIX)) return null;
    return (
      state.directory[Number(assignee.slice(WORKER_ASSIGNEE_PREFIX.length))]?.displayName ?? null
    );
  });
  const { deadline } = detail;
  const running =
    deadline.phase === 'on_track' ||
    deadline.phase === 'near_deadline' ||
    deadline.phase === 'overdue'
      ? deadline.phase
      : null;

  return (
    <dl className="incident-facts">
      <dt>{t('incident.drawer.id')}</dt>
      <dd className="mono">{detail.id}</dd>
      <dt>{t('incident.filter.priority')}</dt>
      <dd>{t(`incident.priority.${detail.priority}`)}</dd>
      <dt>{t('incident.drawer.source')}</dt>
      <dd>{t(`incident.source.${detail.source}`)}</dd>
      <dt>{t('incident.filter.grid')}</dt>
      <dd>{grid ? localName(grid) : detail.gridCode}</dd>
      <dt>{t('incident.drawer.location')}</dt>
      <dd className="mono">
        {detail.location.lon.toFixed(COORDINATE_DECIMALS)},{' '}
        {detail.location.lat.toFixed(COORDINATE_DECIMALS)}
      </dd>
      <dt>{t('incident.drawer.reportedAt')}</dt>
      <dd>
        {formatDate(new Date(detail.reportedAtMs))} {formatTime(new Date(detail.reportedAtMs))}
      </dd>
      <dt>{t('incident.drawer.department')}</dt>
      <dd>{departmentName ?? t('common.none')}</dd>
      <dt>{t('incident.drawer.assignee')}</dt>
      <dd>{assigneeName ?? detail.assigneeUsername ?? t('common.none')}</dd>
      <dt>{t('incident.filter.deadline')}</dt>
      <dd style={running ? { color: DEADLINE_PHASE_COLOURS_CSS[running] } : undefined}>
        {t(`incident.phase.${deadline.phase}`)}
        {deadline.remainingMs !== null &&
          ` · ${t(deadline.remainingMs <= 0 ? 'incident.overdueBy' : 'incident.dueIn', {
            time: formatDuration(deadline.remainingMs, language),
          })}`}
      </dd>
    </dl>
  );
}
