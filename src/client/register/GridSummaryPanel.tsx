/** A grid at any level: its counts and (paged) buildings; a building click flies to it. */
import { useState } from 'react';
import type { BuildingListItem, Page } from '../../shared/api';
import { gridLevelOf } from '../../domain/gridCode';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { PanelStatus, Stat } from '../widgets/PanelStatus';
import { useApiResource } from '../widgets/useApiResource';
import { useGridSummary } from './useSelectionData';

export const BUILDING_LIST_PAGE_SIZE = 8;
/** Communities and grids list their buildings; above that the tree is the better way down. */
const BUILDING_LIST_MIN_LEVEL = 3;
const LEVEL_KEYS = {
  1: 'level.district',
  2: 'level.street',
  3: 'level.community',
  4: 'level.grid',
} as const;

function BuildingList({ gridCode }: { gridCode: string }) {
  const { t, localName } = useI18n();
  const select = useAppStore((state) => state.select);
  const [page, setPage] = useState(1);
  const [loaded, setLoaded] = useState<Page<BuildingListItem> | null>(null);
  const resource = useApiResource(
    `${gridCode}:${page}`,
    (api, signal) =>
      api.gridBuildings(gridCode, { page, pageSize: BUILDING_LIST_PAGE_SIZE }, signal),
    setLoaded,
  );
  const pages = loaded ? Math.max(1, Math.ceil(loaded.total / loaded.pageSize)) : 1;
  return (
    <section className="panel-section">
      <h3 className="section-title">{t('grid.buildingList')}</h3>
      <PanelStatus resource={resource} hasData={loaded !== null} />
      <ul className="building-list">
        {loaded?.items.map((building) => (
          <li key={building.id}>
            <button
              type="button"
              className="building-list-item"
              data-testid="building-list-item"
              data-building-id={building.id}
              onClick={() =>
                select({ gridCode: building.gridCode, buildingId: building.id }, 'building')
              }
            >
              <span className="building-list-name">{localName(building)}</span>
              <span className="building-list-meta">
                {t(`kind.${building.kind}`)} · {t('grid.floorsShort', { floors: building.floors })}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <div className="pager">
          <button
            type="button"
            className="button"
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            {t('common.previous')}
          </button>
          <span className="pager-label">{t('common.pageOf', { page, pages })}</span>
          <button
            type="button"
            className="button"
            disabled={page >= pages}
            onClick={() => setPage(page + 1)}
          >
            {t('common.next')}
          </button>
        </div>
      )}
    </section>
  );
}

export function GridSummaryPanel({ gridCode }: { gridCode: string }) {
  const { t, localName, formatNumber } = useI18n();
  const resource = useGridSummary(gridCode);
  const summary = useAppStore((state) => state.gridSummaries[gridCode]);
  const node = useAppStore((state) => state.grids[gridCode]);
  const level = gridLevelOf(gridCode);
  const named = summary ?? node;
  // A refusal (403) shows only the message, never a cached copy.
  const visible = resource.status !== 'error' ? summary : undefined;
  return (
    <div className="grid-summary" data-testid="grid-panel" data-grid-code={gridCode}>
      <header className="panel-header">
        {level !== null && <span className="panel-kicker">{t(LEVEL_KEYS[level])}</span>}
        <h2 className="panel-title">{named ? localName(named) : gridCode}</h2>
        <span className="panel-subtitle mono">{gridCode}</span>
      </header>
      <PanelStatus resource={resource} hasData={visible !== undefined} />
      {visible && (
        <>
          <div className="stats stats-4">
            <Stat label={t('grid.buildings')} value={formatNumber(visible.buildingCount)} />
            <Stat label={t('grid.units')} value={formatNumber(visible.unitCount)} />
            <Stat label={t('grid.households')} value={formatNumber(visible.householdCount)} />
            <Stat label={t('grid.residents')} value={formatNumber(visible.residentCount)} />
          </div>
          {level !== null && level >= BUILDING_LIST_MIN_LEVEL && (
            <BuildingList gridCode={gridCode} />
          )}
        </>
      )}
    </div>
  );
}
