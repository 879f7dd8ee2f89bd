/**
 * 应急推演: the release the command hall is assessing — what leaks, how, the weather — its
 * source on the map, and the server's answer (threat zones and the residents of the user's scope
 * inside each). Plain data only; the panel runs the requests and the globe draws the answer.
 */
import { create } from 'zustand';
import type { AeglDurationMin } from '../../domain/emergency/chemicals';
import type { Terrain } from '../../domain/emergency/dispersionCoefficients';
import type { LonLat } from '../../domain/registry';
import type { PlumeAssessmentRequest, PlumeAssessmentResponse } from '../../shared/emergency';

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

const CLOSED = {
  source: null,
  placingSource: false,
  status: 'idle' as const,
  assessment: null,
  assessedRequest: null,
  elapsedMs: null,
  error: null,
};

export const useEmergencyStore = create<EmergencyState>()((set) => ({
  open: false,
  draft: DEFAULT_PLUME_DRAFT,
  ...CLOSED,

  setOpen: (open) => set(open ? { open } : { open, ...CLOSED }),
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
