/**
 * Colours of incidents on the wall, as CSS colours so the list, the drawer and the legend use
 * the same ones as the markers. Cesium-free; the layer converts them once.
 */
import type { IncidentState } from '../../domain/incidents/incident';
import type { RunningDeadlinePhase } from '../../shared/incidents';

/**
 * Waiting for a dispatcher: orange; on its way to a worker: blue; being handled: violet; fed
 * back, waiting for verification: green; finished or refused: greys.
 */
export const INCIDENT_STATE_COLOURS_CSS: Record<IncidentState, string> = {
  reported: '#ff8a3d',
  registered: '#ffc533',
  rejected: '#7b8794',
  dispatched: '#3d9bff',
  handling: '#a77bff',
  feedback: '#2ee6a6',
  closed: '#8fa3b8',
  evaluated: '#8fa3b8',
  archived: '#6b7a8c',
};

/** The pulsing ring and the countdown of a running clock close to or past its due time. */
export const DEADLINE_PHASE_COLOURS_CSS: Record<RunningDeadlinePhase, string> = {
  on_track: '#2ee6a6',
  near_deadline: '#ffb020',
  overdue: '#ff3b5c',
};

/** Dark rim that keeps a marker readable over bright streets and roofs. */
export const INCIDENT_OUTLINE_CSS = '#02060d';
export const INCIDENT_SELECTED_OUTLINE_CSS = '#ffffff';
export const INCIDENT_CLUSTER_CSS = '#ff8a3d';
export const INCIDENT_LABEL_CSS = '#ffffff';
export const INCIDENT_LABEL_BACKGROUND_CSS = 'rgba(5, 14, 28, 0.88)';
/** Where the report form's place is: a crosshair colour no incident state uses. */
export const INCIDENT_DRAFT_CSS = '#36e2ff';
