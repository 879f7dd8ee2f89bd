/**
 * Live workers in the left panel: connection state, one toggle per status (with its colour and
 * count) and the grid filter, which also narrows the live subscription.
 */
import { useMemo } from 'react';
import type { GridNode } from '../../shared/api';
import { WORKER_STATUS_COLOURS_CSS } from '../theme/workerPalette';
import { useAppStore } from '../shell/appStore';
import { selectGridsWithWorkers, selectStatusCounts } from './trackingSelectors';
import { ALL_STATUSES, useTrackingStore } from './trackingStore';
import { useI18n } from '../shell/i18n';
import './tracking.css';

/** Grid levels the filter offers: street, community, base grid (the district is "all"). */
const FILTER_LEVELS = new Set([2, 3, 4]);
const ALL_GRIDS_VALUE = '';

/** Depth-first order, so each grid follows its parent in the list. */
function orderedGrids(grids: Record<string, GridNode>): GridNode[] {
  const children = new Map<string | null, GridNode[]>();
  for (const grid of Object.values(grids)) {
    const siblings = children.get(grid.parentCode) ?? [];
    siblings.push(grid);
    children.set(grid.parentCode, siblings);
  }
  const ordered: GridNode[] = [];
  const visit = (parentCode: string | null) => {
    const siblings = (children.get(parentCode) ?? []).sort((a, b) => a.code.localeCompare(b.code));
    for (const grid of siblings) {
      ordered.push(grid);
      visit(grid.code);
    }
  };
  const roots = Object.values(grids).filter(
    (grid) => grid.parentCode === null || grids[grid.parentCode] === undefined,
  );
  for (const root of roots.sort((a, b) => a.code.localeCompare(b.code))) {
    ordered.push(root);
    visit(root.code);
  }
  return ordered;
}

export function WorkerFilters() {
  const { t, localName, formatNumber } = useI18n();
  const grids = useAppStore((state) => state.grids);
  const directory = useTrackingStore((state) => state.directory);
  const filters = useTrackingStore((state) => state.filters);
  const connection = useTrackingStore((state) => state.connection);
  const toggleStatusFilter = useTrackingStore((state) => state.toggleStatusFilter);
  const setGridFilter = useTrackingStore((state) => state.setGridFilter);
  const counts = useMemo(() => selectStatusCounts({ directory, filters }), [directory, filters]);
  const gridOptions = useMemo(() => {
    const candidates = orderedGrids(grids).filter((grid) => FILTER_LEVELS.has(grid.level));
    const offered = new Set(
      selectGridsWithWorkers(
        { directory },
        candidates.map((grid) => grid.code),
      ),
    );
    return candidates.filter((grid) => offered.has(grid.code) || grid.code === filters.gridCode);
  }, [grids, directory, filters.gridCode]);
  const total = Object.keys(directory).length;

  return (
    <section className="panel-section worker-filters" data-testid="worker-filters">
      <h2 className="section-title">
        <span>{t('workers.title')}</span>
        <span
          className={`live-connection live-connection-${connection}`}
          data-testid="live-connection"
          data-state={connection}
        >
          {t(`workers.connection.${connection}`)}
        </span>
      </h2>
      <div className="worker-status-toggles" role="group" aria-label={t('workers.statusFilter')}>
        {ALL_STATUSES.map((status) => {
          const shown = filters.statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              className={`worker-status-toggle${shown ? ' is-on' : ''} status-${status}`}
              data-testid="worker-status-toggle"
              data-status={status}
              aria-pressed={shown}
              onClick={() => toggleStatusFilter(status)}
            >
              <span
                className="worker-status-dot"
                style={{ background: WORKER_STATUS_COLOURS_CSS[status] }}
              />
              <span className="worker-status-name">{t(`workerStatus.${status}`)}</span>
              <span className="worker-status-count">{formatNumber(counts[status])}</span>
            </button>
          );
        })}
      </div>
      <label className="worker-grid-filter">
        <span>{t('workers.gridFilter')}</span>
        <select
          data-testid="worker-grid-filter"
          value={filters.gridCode ?? ALL_GRIDS_VALUE}
          onChange={(event) =>
            setGridFilter(event.target.value === ALL_GRIDS_VALUE ? null : event.target.value)
          }
        >
          <option value={ALL_GRIDS_VALUE}>{t('workers.allGrids', { count: total })}</option>
          {gridOptions.map((grid) => (
            <option key={grid.code} value={grid.code}>
              {'\u3000'.repeat(grid.level - 2)}
              {localName(grid)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
