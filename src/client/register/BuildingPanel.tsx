/** A building: name, address, shape, occupancy summary, tags, and its floor grid or 3D stack. */
import { useState } from 'react';
import { PERSON_TAGS } from '../../domain/registry';
import { useAppStore } from '../shell/appStore';
import { BuildingViews, type BuildingViewMode } from './buildingView/BuildingViews';
import { useI18n } from '../shell/i18n';
import { PanelStatus, Stat } from '../widgets/PanelStatus';
import { TagBadge } from './TagBadge';
import { useBuildingDetail } from './useSelectionData';

export function BuildingPanel({ buildingId }: { buildingId: number }) {
  const { t, localName, formatNumber } = useI18n();
  const resource = useBuildingDetail(buildingId);
  const building = useAppStore((state) => state.buildings[buildingId]);
  // Kept here, not in the views: the chosen view stays while the operator moves between buildings.
  const [viewMode, setViewMode] = useState<BuildingViewMode>('floors');

  return (
    <div className="building-panel" data-testid="building-panel" data-building-id={buildingId}>
      <header className="panel-header">
        <span className="panel-kicker">{t('level.building')}</span>
        <h2 className="panel-title">{building ? localName(building) : `#${buildingId}`}</h2>
        <span className="panel-subtitle">{building?.address ?? '\u00a0'}</span>
      </header>
      <PanelStatus resource={resource} hasData={building !== undefined} />
      {building && (
        <>
          <div className="stats stats-4">
            <Stat label={t('building.floors')} value={formatNumber(building.floors)} />
            <Stat label={t('building.kind')} value={t(`kind.${building.kind}`)} text />
            <Stat
              label={t('building.households')}
              value={formatNumber(building.occupancy.householdCount)}
            />
            <Stat
              label={t('building.residents')}
              value={formatNumber(building.occupancy.residentCount)}
            />
          </div>
          <p className="facts-line">
            {[
              `${t('building.occupied')} ${formatNumber(building.occupancy.occupiedUnitCount)}`,
              `${t('building.vacant')} ${formatNumber(building.occupancy.vacantUnitCount)}`,
              `${t('building.rental')} ${formatNumber(building.occupancy.rentalUnitCount)}`,
              `${t('building.commercial')} ${formatNumber(building.occupancy.commercialUnitCount)}`,
              `${t('building.builtYear')} ${building.builtYear}`,
            ].join(' · ')}
          </p>
          <div className="tag-row">
            {PERSON_TAGS.filter((tag) => (building.occupancy.tagCounts[tag] ?? 0) > 0).map(
              (tag) => (
                <TagBadge key={tag} tag={tag} count={building.occupancy.tagCounts[tag]} />
              ),
            )}
          </div>
          <BuildingViews building={building} mode={viewMode} onModeChange={setViewMode} />
        </>
      )}
    </div>
  );
}
