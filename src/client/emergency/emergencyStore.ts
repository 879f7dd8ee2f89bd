/**
 * 应急推演: the release the command hall is assessing — what leaks, how, the weather — its
 * source on the map, and the server's answer (threat zones and the residents of the user's scope
 * inside each). When the hall runs an active scenario (held by the server, pushed to every
 * screen), its current step is the answer shown, and `replayStep` picks an earlier step of its
 * history for the time slider. Plain data only; the panel runs the requests and the globe draws.
 */
import { create } from 'zustand';
import type { AeglDurationMin } from '../../domain/emergency/chemicals';
import type { Terrain } from '../../domain/emergency/dispersionCoefficients';
import type { LonLat } from '../../domain/registry';
import type { PlumeAssessmentRequest, PlumeAssessmentResponse } from '../../shared/emergency';
import type { ActiveScenario } from '../../shared/emergencyScenario';

export const STABILITY_CHOICES = ['auto', 'A', 'B', 'C', 'D', 'E', 'F'] as const;
export type StabilityChoice = (typeof STABILITY_CHOICES)[number];

export interface PlumeDraft {
  substance: string;
  releaseKind: 'continuous' | 'instantaneous';
  rateGPerS: number;
  massKg: number;
  releaseHeightM: number;
  windMs: number;
  /** Where the wind comes from, degrees clockwise from north. */
  windFromDeg: number;
  /** 'auto': derived from the cloud cover and the sun now (Turner's key) on the server. */
  stability: StabilityChoice;
  cloudCoverTenths: number;
  terrain: Terrain;
  exposureMin: AeglDurationMin;
}

/** A plausible first scenario: a chlorine line failing at ground level in a light breeze. */
export const DEFAULT_PLUME_DRAFT: PlumeDraft = {
  substance: 'chlorine',
  releaseKind: 'continuous',
  rateGPerS: 1000,
  massKg: 500,
  releaseHeightM: 0,
  windMs: 3,
  windFromDeg: 90,
  stability: 'D',
  cloudCoverTenths: 5,
  terrain: 'urban',
  exposureMin: 60,
};

export type AssessmentStatus = 'idle' | 'loading' | 'done' | 'error';

export interface EmergencyState {
  open: boolean;
  draft: PlumeDraft;
  source: LonLat | null;
  /** While true, the next click on the globe places the source. */
  placingSource: boolean;
  status: AssessmentStatus;
  assessment: PlumeAssessmentResponse | null;
  /** The request the assessment answers (what the globe and the panel describe). */
  assessedRequest: PlumeAssessmentRequest | null;
  /** Round trip of the last assessment, ms. */
  elapsedMs: number | null;
  error: unknown;
  /** The hall's active scenario as pushed for this screen's scope; null when none. */
  scenario: ActiveScenario | null;
  /** An index into the scenario's history while replaying; null: the current step. */
  replayStep: number | null;
  /**
   * The release this screen last sent as the hall's scenario. Its answer (or its echo pushed a
   * moment later) leaves the draft and source alone: the dispatcher may have typed the next
   * figure meanwhile, and that must not be overwritten by the one before it.
   */
  sentRequest: PlumeAssessmentRequest | null;

  /** A push or an answer of the server: newer versions replace, null ends the scenario. */
  applyScenario(scenario: ActiveScenario | null): void;
  /** This screen sends `request` as the hall's scenario. */
  sendingScenario(request: PlumeAssessmentRequest): void;
  setReplayStep(step: number | null): void;
  setOpen(open: boolean): void;
  setDraft(change: Partial<PlumeDraft>): void;
  setPlacingSource(placing: boolean): void;
  placeSource(place: LonLat): void;
  startAssessment(): void;
  finishAssessment(
    request: PlumeAssessmentRequest,
    assessment: PlumeAssessmentResponse,
    elapsedMs: number,
  ): void;
  failAssessment(error: unknown): void;
  /** Ends the scenario: zones off the globe, the source forgotten; the draft stays. */
  clear(): void;
}

/** The request for a draft at a source (the server resolves and checks every value). */
export function plumeRequestOf(
  draft: PlumeDraft,
  source: LonLat,
  nowMs: number,
): PlumeAssessmentRequest {
  return {
    substance: draft.substance,
    release:
      draft.releaseKind === 'continuous'
        ? { kind: 'continuous', rateGPerS: draft.rateGPerS }
        : { kind: 'instantaneous', massKg: draft.massKg },
    releaseHeightM: draft.releaseHeightM,
    source: { lon: source.lon, lat: source.lat },
    windMs: draft.windMs,
    windFromDeg: draft.windFromDeg,
    ...(draft.stability === 'auto'
      ? { weather: { cloudCoverTenths: draft.cloudCoverTenths, atMs: nowMs } }
      : { stability: draft.stability }),
    terrain: draft.terrain,
    exposureMin: draft.exposureMin,
  };
}

/** The panel's draft for a request (the inverse of plumeRequestOf, weather kept as entered). */
export function draftOf(request: PlumeAssessmentRequest, previous: PlumeDraft): PlumeDraft {
  const stability = request.stability as StabilityChoice | undefined;
  return {
    ...previous,
    substance: request.substance,
    releaseKind: request.release.kind,
    ...(request.release.kind === 'continuous'
      ? { rateGPerS: request.release.rateGPerS }
      : { massKg: request.release.massKg }),
    releaseHeightM: request.releaseHeightM ?? previous.releaseHeightM,
    windMs: request.windMs,
    windFromDeg: request.windFromDeg ?? 0,
    stability: stability ?? 'auto',
    cloudCoverTenths: request.weather?.cloudCoverTenths ?? previous.cloudCoverTenths,
    terrain: (request.terrain as Terrain | undefined) ?? previous.terrain,
    exposureMin: (request.exposureMin as AeglDurationMin | undefined) ?? previous.exposureMin,
  };
}

/** Two requests for the same release and weather (the time of a derived class aside). */
export function isSameRelease(
  left: PlumeAssessmentRequest,
  right: PlumeAssessmentRequest,
): boolean {
  const withoutTime = (request: PlumeAssessmentRequest) =>
    sortedJson({
      ...request,
      weather: request.weather === undefined ? undefined : { ...request.weather, atMs: 0 },
    });
  return withoutTime(left) === withoutTime(right);
}

/** JSON with the keys sorted: a request that went through the server keeps its values, not its key order. */
function sortedJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value)
    .filter(([, entry]) => entry !== undefined)
    .sort(([left], [right]) => left.localeCompare(right));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${sortedJson(entry)}`).join(',')}}`;
}

const CLOSED = {
  source: null,
  placingSource: false,
  status: 'idle' as const,
  assessment: null,
  assessedRequest: null,
  elapsedMs: null,
  error: null,
};

export const useEmergencyStore = create<EmergencyState>()((set, get) => ({
  open: false,
  draft: DEFAULT_PLUME_DRAFT,
  ...CLOSED,
  scenario: null,
  replayStep: null,
  sentRequest: null,

  applyScenario: (scenario) => {
    const current = get().scenario;
    if (scenario === null) {
      if (current !== null) set({ scenario: null, replayStep: null, ...CLOSED });
      return;
    }
    if (current !== null && current.id === scenario.id && current.version > scenario.version)
      return;
    const request = scenario.history.at(-1)!.request;
    set((state) => {
      const own = state.sentRequest !== null && isSameRelease(state.sentRequest, request);
      return {
        scenario,
        draft: own ? state.draft : draftOf(request, state.draft),
        source: own ? state.source : { lon: request.source.lon, lat: request.source.lat },
        status: 'done',
        assessment: scenario.assessment,
        assessedRequest: request,
        error: null,
      };
    });
  },
  sendingScenario: (sentRequest) => set({ sentRequest }),
  setReplayStep: (replayStep) => set({ replayStep }),
  // A screen following the hall's scenario keeps it on the globe with the panel closed.
  setOpen: (open) =>
    set((state) =>
      open || state.scenario !== null ? { open, placingSource: false } : { open, ...CLOSED },
    ),
  setDraft: (change) => set((state) => ({ draft: { ...state.draft, ...change } })),
  setPlacingSource: (placingSource) => set({ placingSource }),
  placeSource: (source) => set({ source, placingSource: false }),
  startAssessment: () => set({ status: 'loading', error: null }),
  finishAssessment: (assessedRequest, assessment, elapsedMs) =>
    set({ status: 'done', assessment, assessedRequest, elapsedMs, error: null }),
  // The last good answer stays on the globe: a refused change must not blank the zones.
  failAssessment: (error) => set({ status: 'error', error }),
  clear: () => set(CLOSED),
}));

/**
 * The release the globe shows and when it was set: the replayed step of the scenario's history,
 * or else the release last assessed (the scenario's current step when one is active).
 */
export function displayedReleaseOf(
  state: Pick<EmergencyState, 'scenario' | 'replayStep' | 'assessedRequest'>,
): { request: PlumeAssessmentRequest; atMs: number; replaying: boolean } | null {
  const { scenario, replayStep } = state;
  if (scenario !== null && replayStep !== null) {
    const step = scenario.history[replayStep];
    if (step !== undefined) return { request: step.request, atMs: step.atMs, replaying: true };
  }
  if (state.assessedRequest === null) return null;
  const atMs = scenario?.updatedAtMs ?? state.assessedRequest.weather?.atMs ?? 0;
  return { request: state.assessedRequest, atMs, replaying: false };
}
