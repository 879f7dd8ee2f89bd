/**
 * The right panel's body: what is selected, at its level. A unit shows under its building (the
 * floor view stays put while units change), a grid shows its counts and buildings. The public
 * wall modes show no unit (its households name persons).
 */
import { isInScope } from '../../domain/gridCode';
import { useAppStore } from '../shell/appStore';
import { BuildingPanel } from './BuildingPanel';
import { GridSummaryPanel } from './GridSummaryPanel';
import { useT } from '../shell/i18n';
import { UnitPanel } from './UnitPanel';
import { useAggregateOnly } from '../shell/wallModeStore';

export function SelectionPanel() {
  const t = useT();
  const selection = useAppStore((state) => state.selection);
  const districtCode = useAppStore((state) => state.config?.districtCode ?? null);
  const scopes = useAppStore((state) => state.session?.scopes ?? []);
  // A unit's households are person-level: the public modes stop at the building.
  const aggregateOnly = useAggregateOnly();

  if (selection.buildingId !== null) {
    return (
      <div className="selection selection-building">
        <BuildingPanel buildingId={selection.buildingId} />
        {selection.unitId !== null && !aggregateOnly && <UnitPanel unitId={selection.unitId} />}
      </div>
    );
  }
  const gridCode =
    selection.gridCode ??
    (districtCode !== null && isInScope(districtCode, scopes) ? districtCode : null);
  return (
    <div className="selection selection-grid">
      {gridCode !== null && <GridSummaryPanel key={gridCode} gridCode={gridCode} />}
      {selection.gridCode === null && (
        <p className="empty-hint">
          {t(aggregateOnly ? 'mode.emptySelection' : 'app.emptySelection')}
        </p>
      )}
    </div>
  );
}
