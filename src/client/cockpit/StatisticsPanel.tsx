/**
 * 统计: the cockpit's figures for the grid selected on the globe (or the user's whole scope),
 * docked in the right column under the selection. It follows `selection.gridCode`, asks the
 * server again when the selection changes and every STATS_REFRESH_MS, and shows aggregates
 * only. While a building or unit is selected it folds to its header so the unit detail keeps
 * the column; a click on its title opens it again.
 */
import { useEffect, useState } from 'react';
import { touchesScope } from '../../domain/gridCode';
import type { CockpitStatsResponse } from '../../shared/cockpitStats';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { PanelStatus } from '../widgets/PanelStatus';
import { useApiResource } from '../widgets/useApiResource';
import { AreaScoreSection } from './AreaScoreSection';
import { IncidentSection } from './IncidentSection';
import { HouseSection, PeopleSection, WorkerSection } from './RegisterSections';
import './cockpit.css';

/** Figures move with every report: a minute keeps the wall current without a stream. */
export const STATS_REFRESH_MS = 60_000;

interface OpenChoice {
  /** The building selected when the choice was made (the panel folds for a new one). */
  buildingId: number | null;
  open: boolean;
}

function useFoldState(): [boolean, () => void] {
  const buildingId = useAppStore((state) => state.selection.buildingId);
  const [choice, setChoice] = useState<OpenChoice>({ buildingId: null, open: true });
  const open = choice.buildingId === buildingId ? choice.open : buildingId === null;
  return [open, () => setChoice({ buildingId, open: !open })];
}

function useAreaName(gridCode: string | null): string {
  const { t, localName } = useI18n();
  const grid = useAppStore((state) => (gridCode === null ? null : state.grids[gridCode]));
  if (gridCode === null) return t('cockpit.scope');
  return grid ? localName(grid) : gridCode;
}

export function StatisticsPanel() {
  const { t, formatTime } = useI18n();
  const gridCode = useAppStore((state) => state.selection.gridCode);
  const scopes = useAppStore((state) => state.session?.scopes ?? null);
  const [stats, setStats] = useState<CockpitStatsResponse | null>(null);
  const [open, toggle] = useFoldState();
  const areaName = useAreaName(gridCode);
  const inScope = gridCode === null || (scopes !== null && touchesScope(gridCode, scopes));
  // Folded, it asks nothing; opened again, it loads the current figures.
  const key = open && inScope && scopes !== null ? (gridCode ?? 'scope') : null;
  const resource = useApiResource(
    key,
    (api, signal) => api.cockpitStats(gridCode, signal),
    setStats,
  );
  const { retry } = resource;
  useEffect(() => {
    const timer = setInterval(retry, STATS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);
  // A figure of another area never shows under this one's name.
  const current = stats !== null && stats.gridCode === gridCode ? stats : null;

  return (
    <section
      className={`cockpit-panel${open ? '' : ' is-collapsed'}`}
      data-testid="statistics-panel"
      data-grid-code={gridCode ?? ''}
    >
      <header className="cockpit-header">
        <button type="button" className="cockpit-toggle" aria-expanded={open} onClick={toggle}>
          {t('cockpit.title')}
          <span className="cockpit-area" data-testid="statistics-area">
            {areaName}
          </span>
        </button>
        {current !== null && (
          <span className="cockpit-time">
            {t('cockpit.computedAt', { time: formatTime(new Date(current.nowMs)) })}
          </span>
        )}
      </header>
      {open && (
        <div className="cockpit-body">
          {!inScope && (
            <p className="cockpit-note" role="status">
              {t('cockpit.outOfScope')}
            </p>
          )}
          <PanelStatus resource={resource} hasData={current !== null} />
          {inScope && current !== null && (
            <>
              <AreaScoreSection gridCode={gridCode} />
              <IncidentSection incidents={current.incidents} gridCode={gridCode} />
              <WorkerSection workers={current.workers} />
              <PeopleSection people={current.people} />
              <HouseSection houses={current.houses} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
