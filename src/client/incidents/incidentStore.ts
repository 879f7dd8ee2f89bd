/**
 * Incidents on the wall: plain data only, never Cesium objects. The session's feed controller
 * writes the snapshots and the last applied feed sequence here; the list, the drawer, the report
 * form and the globe adapter read it. Filters, the selection, the report-form draft and the
 * "pick a place" mode live here too, so the globe and the panels agree without talking.
 */
import { create } from 'zustand';
import type { IncidentPriority } from '../../domain/incidents/incidentCategories';
import type { IncidentSource, IncidentState } from '../../domain/incidents/incident';
import type {
  DispatcherReportSource,
  IncidentDetail,
  IncidentFeedEvent,
  IncidentListItem,
  IncidentSnapshot,
  RunningDeadlinePhase,
} from '../../shared/incidents';

export type IncidentFeedConnection =
  'idle' | 'loading' | 'resyncing' | 'live' | 'reconnecting' | 'error';

export type OpennessFilter = 'open' | 'closed' | 'all';

export interface IncidentFilters {
  openness: OpennessFilter;
  /** One state, or null for every state the openness allows. */
  state: IncidentState | null;
  categoryCode: string | null;
  /** Who reported it (worker, hotline, citizen through Open311, …): the cockpit's source bars. */
  source: IncidentSource | null;
  priority: IncidentPriority | null;
  /** Running clocks in this phase only (what pulses on the wall). */
  deadlinePhase: RunningDeadlinePhase | null;
  /** Grid-code prefix (any level). */
  gridCode: string | null;
}

/** The report form's fields; the place comes from a click on the globe. */
export interface ReportDraft {
  place: { lon: number; lat: number } | null;
  categoryCode: string;
  description: string;
  /** Null: the category's default priority. */
  priority: IncidentPriority | null;
  source: DispatcherReportSource;
}

/** What the wall keeps of an incident: the feed's snapshot, plus the list's grid when known. */
export type WallIncident = IncidentSnapshot & { responsibleGridCode?: string };

export interface IncidentStoreState {
  incidents: Record<string, WallIncident>;
  /** The newest feed sequence applied (or the list's `feedSequence` after a load). */
  lastSequence: number;
  connection: IncidentFeedConnection;
  filters: IncidentFilters;
  selectedIncidentId: string | null;
  /** Null while the form is closed. */
  reportDraft: ReportDraft | null;
  /** The next click on the globe sets the draft's place instead of selecting. */
  pickingPlace: boolean;
}

export interface IncidentStoreActions {
  /** A fresh list: replaces every incident and restarts the sequence from the list's. */
  replaceIncidents(items: readonly WallIncident[], feedSequence: number): void;
  /**
   * Feed events (live or from a resync): each applied once, in sequence order. Events at or
   * below `lastSequence` were applied already and are skipped. Returns how many were applied.
   */
  applyFeedEvents(events: readonly IncidentFeedEvent[]): number;
  /** A REST answer (create, transition, dispatch) that is newer than what the feed brought yet. */
  upsertIncident(incident: IncidentDetail | WallIncident): void;
  setConnection(connection: IncidentFeedConnection): void;
  setFilters(filters: Partial<IncidentFilters>): void;
  resetFilters(): void;
  selectIncident(incidentId: string | null): void;
  openReportForm(defaultCategoryCode: string): void;
  updateReportDraft(draft: Partial<ReportDraft>): void;
  closeReportForm(): void;
  setPickingPlace(picking: boolean): void;
  /** Logout: nothing of the session stays. */
  clearIncidents(): void;
}

export const DEFAULT_INCIDENT_FILTERS: IncidentFilters = {
  openness: 'open',
  state: null,
  categoryCode: null,
  source: null,
  priority: null,
  deadlinePhase: null,
  gridCode: null,
};

const INITIAL: IncidentStoreState = {
  incidents: {},
  lastSequence: 0,
  connection: 'idle',
  filters: DEFAULT_INCIDENT_FILTERS,
  selectedIncidentId: null,
  reportDraft: null,
  pickingPlace: false,
};

const DERIVED_KEYS = [
  'deadline',
  'history',
  'permittedActions',
  'arrivals',
  'reporterContact',
] as const;

/**
 * A list row or a detail carries derived fields (deadline at the server's now, the history, the
 * caller's actions) that would go stale in the store: keep the snapshot and the grid only.
 */
export function wallIncidentOf(
  item: IncidentListItem | IncidentDetail | WallIncident,
): WallIncident {
  const snapshot: Partial<IncidentDetail> & WallIncident = { ...item };
  for (const key of DERIVED_KEYS) delete snapshot[key];
  return snapshot;
}

/** A newer snapshot keeps the responsible grid a list row gave, unless it brings its own. */
function merged(previous: WallIncident | undefined, next: IncidentSnapshot): WallIncident {
  return previous?.responsibleGridCode === undefined || 'responsibleGridCode' in next
    ? next
    : { ...next, responsibleGridCode: previous.responsibleGridCode };
}

export const useIncidentStore = create<IncidentStoreState & IncidentStoreActions>()((set, get) => ({
  ...INITIAL,

  replaceIncidents: (items, feedSequence) =>
    set((state) => {
      const incidents = Object.fromEntries(items.map((item) => [item.id, wallIncidentOf(item)]));
      const selectedIncidentId =
        state.selectedIncidentId !== null && incidents[state.selectedIncidentId] !== undefined
          ? state.selectedIncidentId
          : null;
      return { incidents, lastSequence: feedSequence, selectedIncidentId };
    }),
  applyFeedEvents: (events) => {
    const { lastSequence } = get();
    const fresh = events
      .filter((event) => event.sequence > lastSequence)
      .sort((a, b) => a.sequence - b.sequence);
    if (fresh.length === 0) return 0;
    set((state) => {
      const incidents = { ...state.incidents };
      let applied = state.lastSequence;
      for (const event of fresh) {
        if (event.sequence <= applied) continue;
        incidents[event.incident.id] = merged(incidents[event.incident.id], event.incident);
        applied = event.sequence;
      }
      return { incidents, lastSequence: applied };
    });
    return fresh.length;
  },
  upsertIncident: (incident) =>
    set((state) => ({
      incidents: {
        ...state.incidents,
        [incident.id]: merged(state.incidents[incident.id], wallIncidentOf(incident)),
      },
    })),
  setConnection: (connection) => set({ connection }),
  setFilters: (filters) => set((state) => ({ filters: { ...state.filters, ...filters } })),
  resetFilters: () => set({ filters: DEFAULT_INCIDENT_FILTERS }),
  selectIncident: (selectedIncidentId) => set({ selectedIncidentId }),
  openReportForm: (defaultCategoryCode) =>
    set({
      reportDraft: {
        place: null,
        categoryCode: defaultCategoryCode,
        description: '',
        priority: null,
        source: 'dispatcher',
      },
      pickingPlace: true,
    }),
  updateReportDraft: (draft) =>
    set((state) =>
      state.reportDraft === null ? {} : { reportDraft: { ...state.reportDraft, ...draft } },
    ),
  closeReportForm: () => set({ reportDraft: null, pickingPlace: false }),
  setPickingPlace: (pickingPlace) => set({ pickingPlace }),
  clearIncidents: () => set(INITIAL),
}));
