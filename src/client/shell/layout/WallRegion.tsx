/**
 * One docked region: its panels stacked without overlap (a column scrolls within itself when
 * they are taller than the view) and, for regions that may, a control that collapses it to a
 * slim tab. Collapsed panels stay mounted (hidden), so what they run keeps running.
 */
import { useI18n } from '../i18n';
import { useMeasuredRef } from './WallMeasurerContext';
import { useWallLayoutStore } from './wallLayoutStore';
import type { WallPanelEntry } from './wallPanels';
import type { WallRegionSpec } from './wallRegions';

function WallPanel({ entry, hidden }: { entry: WallPanelEntry; hidden: boolean }) {
  const measuredRef = useMeasuredRef();
  const Panel = entry.component;
  return (
    <div
      ref={measuredRef}
      className={`wall-panel${entry.grow ? ' is-growing' : ''}`}
      data-wall-panel={entry.id}
      hidden={hidden}
    >
      <Panel />
    </div>
  );
}

function CollapseControl({ spec, collapsed }: { spec: WallRegionSpec; collapsed: boolean }) {
  const { t } = useI18n();
  const toggleRegion = useWallLayoutStore((state) => state.toggleRegion);
  const measuredRef = useMeasuredRef();
  if (spec.labelKey === null) return null;
  const region = t(spec.labelKey);
  const label = t(collapsed ? 'layout.expand' : 'layout.collapse', { region });
  return (
    <button
      ref={measuredRef}
      type="button"
      className="wall-region-toggle"
      data-testid="wall-region-toggle"
      data-region={spec.id}
      aria-expanded={!collapsed}
      aria-controls={`wall-region-${spec.id}`}
      aria-label={label}
      title={label}
      onClick={() => toggleRegion(spec.id)}
    >
      <span className="wall-region-chevron" aria-hidden="true" />
      {collapsed && <span className="wall-region-name">{region}</span>}
    </button>
  );
}

export interface WallRegionProps {
  spec: WallRegionSpec;
  panels: WallPanelEntry[];
  /** Panels kept mounted but hidden (a tour step shows only some). */
  hiddenPanelIds?: ReadonlySet<string>;
}

export function WallRegion({ spec, panels, hiddenPanelIds }: WallRegionProps) {
  const collapsed = useWallLayoutStore((state) => state.collapsed[spec.id] ?? false);
  const measuredRef = useMeasuredRef();
  // A tour step that shows none of a column's panels leaves no empty frame over the view.
  const allHidden =
    hiddenPanelIds !== undefined && panels.every((entry) => hiddenPanelIds.has(entry.id));
  const framed = spec.framed && !collapsed && !allHidden;
  return (
    <div
      ref={framed ? measuredRef : undefined}
      id={`wall-region-${spec.id}`}
      className={`wall-region wall-region-${spec.id}${framed ? ' is-framed' : ''}${collapsed ? ' is-collapsed' : ''}`}
      data-wall-region={spec.id}
      data-collapsed={collapsed}
    >
      {!allHidden && <CollapseControl spec={spec} collapsed={collapsed} />}
      {panels.map((entry) => (
        <WallPanel
          key={entry.id}
          entry={entry}
          hidden={collapsed || (hiddenPanelIds?.has(entry.id) ?? false)}
        />
      ))}
    </div>
  );
}
