/**
 * The building's two views under one header: the floor grid and the 3D stack, a switch between
 * them, and the name of the unit under the pointer (or the selected one). The stack's code and
 * three.js load only when it is first opened, so a wall that never opens it never pays for it.
 */
import { lazy, Suspense, useSyncExternalStore } from 'react';
import type { BuildingDetail, UnitSummary } from '../../../shared/api';
import { useAppStore } from '../../shell/appStore';
import { useI18n } from '../../shell/i18n';
import { FloorView } from '../FloorView';
import { buildingViewProbe, probeAttributes } from './buildingViewProbe';

export type BuildingViewMode = 'floors' | 'stack';

const BuildingStackView = lazy(() =>
  import('./BuildingStackView').then((module) => ({ default: module.BuildingStackView })),
);

const MODES: readonly {
  mode: BuildingViewMode;
  labelKey: 'building.floorView' | 'building.stackView';
}[] = [
  { mode: 'floors', labelKey: 'building.floorView' },
  { mode: 'stack', labelKey: 'building.stackView' },
];

interface BuildingViewsProps {
  building: BuildingDetail;
  mode: BuildingViewMode;
  onModeChange(mode: BuildingViewMode): void;
}

export function BuildingViews({ building, mode, onModeChange }: BuildingViewsProps) {
  const { t, formatNumber } = useI18n();
  const selectedUnitId = useAppStore((state) => state.selection.unitId);
  const hoveredUnitId = useAppStore((state) => state.hoveredUnitId);
  const probe = useSyncExternalStore(buildingViewProbe.subscribe, buildingViewProbe.snapshot);
  const hovered: UnitSummary | undefined =
    hoveredUnitId === null ? undefined : building.units.find((unit) => unit.id === hoveredUnitId);
  const shown = hovered ?? building.units.find((unit) => unit.id === selectedUnitId);

  return (
    <section className="panel-section building-views" data-view-mode={mode}>
      <h3 className="section-title">
        <span
          className="view-switch"
          role="tablist"
          aria-label={t('building.viewSwitch')}
          data-testid="building-view-switch"
          {...probeAttributes(probe)}
        >
          {MODES.map(({ mode: option, labelKey }) => (
            <button
              key={option}
              type="button"
              role="tab"
              className={`view-switch-tab${option === mode ? ' is-active' : ''}`}
              aria-selected={option === mode}
              data-testid={`building-view-${option}`}
              onClick={() => onModeChange(option)}
            >
              {t(labelKey)}
            </button>
          ))}
        </span>
        <span className="floor-hint" data-testid="floor-hover-label">
          {shown
            ? t('building.cellHint', {
                room: shown.roomLabel,
                residents: formatNumber(shown.residentCount),
              })
            : t('building.hoverHint')}
        </span>
      </h3>
      {mode === 'floors' ? (
        <FloorView building={building} />
      ) : (
        <Suspense
          fallback={
            <div className="building-stack panel-loading" role="status">
              <div className="spinner spinner-small" aria-hidden="true" />
              {t('building.stackLoading')}
            </div>
          }
        >
          <BuildingStackView building={building} />
        </Suspense>
      )}
    </section>
  );
}
