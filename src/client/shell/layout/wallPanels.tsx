/**
 * Every panel of the wall, the region it docks into and the wall modes it appears in: the one
 * place a feature registers its panels. A panel that renders nothing takes no room (its region
 * closes up around it). The public modes (leader wall, tour) list only panels of aggregates:
 * a panel that can show a person's name, ID number or phone is registered for the desk only.
 */
import type { ComponentType } from 'react';
import { AssessmentSlot } from '../../assessment/AssessmentSlot';
import type { WallMode } from '../../../shared/wallModes';
import { TourEditor } from '../../tour/TourEditor';
import { TourPanel } from '../../tour/TourPanel';
import { StatisticsPanel } from '../../cockpit/StatisticsPanel';
import { EmergencyLauncher, EmergencyPanel } from '../../emergency/EmergencyPanel';
import { CommandPanel } from '../../emergency/command/CommandPanel';
import { CommandSummaryCard } from '../../emergency/command/CommandSummaryCard';
import {
  EmergencyRecordsLauncher,
  EmergencyRecordsPanel,
} from '../../emergencyRecords/EmergencyRecordsPanel';
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
  /** The wall modes that show it. */
  modes: readonly WallMode[];
}

/** Lists, drawers, forms and anything naming a person: the dispatcher's desk only. */
const DESK: readonly WallMode[] = ['dispatch'];
/** Aggregates a public screen may show. */
const EVERY_MODE: readonly WallMode[] = ['dispatch', 'wall', 'tour'];
/** Controls a leader may use on the wall; the tour sets these itself. */
const DESK_AND_WALL: readonly WallMode[] = ['dispatch', 'wall'];
const TOUR: readonly WallMode[] = ['tour'];
/** The public screens only (the desk has the full panel instead). */
const PUBLIC: readonly WallMode[] = ['wall', 'tour'];

export const WALL_PANELS: readonly WallPanelEntry[] = [
  { id: 'grid-tree', region: 'left', order: 0, component: GridTree, grow: true, modes: EVERY_MODE },
  {
    id: 'worker-filters',
    region: 'left',
    order: 1,
    component: WorkerFilters,
    modes: DESK_AND_WALL,
  },
  {
    id: 'heatmap-controls',
    region: 'left',
    order: 2,
    component: HeatmapControls,
    modes: DESK_AND_WALL,
  },
  { id: 'legend', region: 'left', order: 3, component: Legend, modes: EVERY_MODE },
  {
    id: 'emergency-launcher',
    region: 'left',
    order: 4,
    component: EmergencyLauncher,
    modes: DESK,
  },
  {
    id: 'emergency-records-launcher',
    region: 'left',
    order: 5,
    component: EmergencyRecordsLauncher,
    modes: DESK_AND_WALL,
  },
  { id: 'emergency', region: 'leftAside', order: -1, component: EmergencyPanel, modes: DESK },
  // The command's timeline names staff and its notices list households: the desk only.
  {
    id: 'emergency-command',
    region: 'leftAside',
    order: -0.5,
    component: CommandPanel,
    modes: DESK,
  },
  {
    id: 'emergency-records',
    region: 'leftAside',
    order: 4,
    component: EmergencyRecordsPanel,
    modes: DESK,
  },
  // Level, plan progress and notice counts of the active event: aggregates for the hall.
  {
    id: 'emergency-command-summary',
    region: 'leftAside',
    order: -1,
    component: CommandSummaryCard,
    modes: PUBLIC,
  },
  { id: 'incidents', region: 'leftAside', order: 0, component: IncidentsPanel, modes: DESK },
  {
    id: 'incident-drawer',
    region: 'leftAside',
    order: 1,
    component: IncidentDrawerSlot,
    modes: DESK,
  },
  {
    id: 'analytics',
    region: 'leftAside',
    order: 2,
    component: AnalyticsSlot,
    modes: DESK_AND_WALL,
  },
  { id: 'worker-card', region: 'right', order: 0, component: WorkerCard, modes: DESK },
  { id: 'breadcrumbs', region: 'right', order: 1, component: Breadcrumbs, modes: EVERY_MODE },
  {
    id: 'selection',
    region: 'right',
    order: 2,
    component: SelectionPanel,
    grow: true,
    modes: EVERY_MODE,
  },
  {
    id: 'statistics',
    region: 'right',
    order: 3,
    component: StatisticsPanel,
    grow: true,
    modes: EVERY_MODE,
  },
  {
    id: 'assessment',
    region: 'centreOverlay',
    order: 0,
    component: AssessmentSlot,
    modes: DESK,
  },
  { id: 'replay', region: 'bottom', order: 0, component: ReplayPanel, modes: DESK },
  { id: 'tour-editor', region: 'leftAside', order: 3, component: TourEditor, modes: TOUR },
  { id: 'tour', region: 'bottom', order: 2, component: TourPanel, modes: TOUR },
  { id: 'worker-ticker', region: 'bottom', order: 1, component: WorkerEventTicker, modes: DESK },
];

export function panelsIn(region: WallRegionId, mode: WallMode): WallPanelEntry[] {
  return WALL_PANELS.filter((entry) => entry.region === region && entry.modes.includes(mode)).sort(
    (a, b) => a.order - b.order,
  );
}
