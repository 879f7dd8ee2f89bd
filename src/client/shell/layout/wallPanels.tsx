/**
 * Every panel of the wall and the region it docks into: the one place a feature registers its
 * panels. A panel that renders nothing takes no room (its region closes up around it).
 */
import type { ComponentType } from 'react';
import { AssessmentSlot } from '../../assessment/AssessmentSlot';
import { StatisticsPanel } from '../../cockpit/StatisticsPanel';
import { EmergencyLauncher, EmergencyPanel } from '../../emergency/EmergencyPanel';
import { HeatmapControls } from '../../heat/HeatmapControls';
import { AnalyticsSlot } from '../../heat/analytics/AnalyticsSlot';
import { IncidentDrawerSlot } from '../../incidents/IncidentDrawerSlot';
import { IncidentsPanel } from '../../incidents/IncidentsPanel';
import { Breadcrumbs } from '../../register/Breadcrumbs';
import { GridTree } from '../../register/GridTree';
import { Legend } from '../../register/Legend';
import { SelectionPanel } from '../../register/SelectionPanel';
import { ReplayPanel } from '../../replay/ReplayPanel';
import { WorkerCard } from '../../tracking/WorkerCard';
import { WorkerEventTicker } from '../../tracking/WorkerEventTicker';
import { WorkerFilters } from '../../tracking/WorkerFilters';
import type { WallRegionId } from './wallRegions';

export interface WallPanelEntry {
  /** Stable name; also the `data-wall-panel` probe. */
  id: string;
  region: WallRegionId;
  /** Lower first (top of a column, left of a strip). */
  order: number;
  component: ComponentType;
  /** Takes the room its column has left (and scrolls inside it). */
  grow?: boolean;
}

export const WALL_PANELS: readonly WallPanelEntry[] = [
  { id: 'grid-tree', region: 'left', order: 0, component: GridTree, grow: true },
  { id: 'worker-filters', region: 'left', order: 1, component: WorkerFilters },
  { id: 'heatmap-controls', region: 'left', order: 2, component: HeatmapControls },
  { id: 'legend', region: 'left', order: 3, component: Legend },
  { id: 'emergency-launcher', region: 'left', order: 4, component: EmergencyLauncher },
  { id: 'emergency', region: 'leftAside', order: -1, component: EmergencyPanel },
  { id: 'incidents', region: 'leftAside', order: 0, component: IncidentsPanel },
  { id: 'incident-drawer', region: 'leftAside', order: 1, component: IncidentDrawerSlot },
  { id: 'analytics', region: 'leftAside', order: 2, component: AnalyticsSlot },
  { id: 'worker-card', region: 'right', order: 0, component: WorkerCard },
  { id: 'breadcrumbs', region: 'right', order: 1, component: Breadcrumbs },
  { id: 'selection', region: 'right', order: 2, component: SelectionPanel, grow: true },
  { id: 'statistics', region: 'right', order: 3, component: StatisticsPanel, grow: true },
  { id: 'assessment', region: 'centreOverlay', order: 0, component: AssessmentSlot },
  { id: 'replay', region: 'bottom', order: 0, component: ReplayPanel },
  { id: 'worker-ticker', region: 'bottom', order: 1, component: WorkerEventTicker },
];

export function panelsIn(region: WallRegionId): WallPanelEntry[] {
  return WALL_PANELS.filter((entry) => entry.region === region).sort((a, b) => a.order - b.order);
}
