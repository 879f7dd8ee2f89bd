/**
 * The tour's state: the tour being played (validated), the player (tourPlayer.ts), what the
 * current step resolved to, and the steps the editor has recorded. Plain data only; the tour
 * panel runs the clock and applies steps, the layout reads which panels a step shows.
 */
import { create } from 'zustand';
import {
  initialTourPlayer,
  tourPlayerReducer,
  type TourEvent,
  type TourPlayerState,
} from './tourPlayer';
import type { Tour, TourPanel, TourStep } from './tourSchema';

/** How the current step's target came out. */
export type StepResolution =
  | { status: 'resolving' }
  | { status: 'shown'; incidentId: string | null }
  | { status: 'failed'; message: string };

export interface TourState {
  tour: Tour | null;
  /** The file did not load or did not validate: every problem, for the panel to show. */
  loadProblems: readonly string[] | null;
  player: TourPlayerState;
  resolution: StepResolution;
  /** Panels the current step shows; null: no tour running (the mode's own panels). */
  panels: readonly TourPanel[] | null;
  editorOpen: boolean;
  recorded: TourStep[];
}

export interface TourActions {
  start(tour: Tour): void;
  failLoad(problems: readonly string[]): void;
  send(event: TourEvent): void;
  setResolution(resolution: StepResolution, panels: readonly TourPanel[]): void;
  setEditorOpen(open: boolean): void;
  record(step: TourStep): void;
  removeRecorded(index: number): void;
  clearRecorded(): void;
  stop(): void;
}

const IDLE: Pick<TourState, 'tour' | 'loadProblems' | 'player' | 'resolution' | 'panels'> = {
  tour: null,
  loadProblems: null,
  player: initialTourPlayer(),
  resolution: { status: 'resolving' },
  panels: null,
};

export const useTourStore = create<TourState & TourActions>()((set, get) => ({
  ...IDLE,
  editorOpen: false,
  recorded: [],

  start: (tour) => set({ ...IDLE, tour, player: initialTourPlayer() }),
  failLoad: (problems) => set({ ...IDLE, loadProblems: problems }),
  send: (event) => {
    const { tour, player } = get();
    if (tour === null) return;
    const next = tourPlayerReducer(player, event, tour.steps.length);
    if (next === player) return;
    const entered = next.entry !== player.entry;
    set(entered ? { player: next, resolution: { status: 'resolving' } } : { player: next });
  },
  setResolution: (resolution, panels) => set({ resolution, panels }),
  setEditorOpen: (editorOpen) => set({ editorOpen }),
  record: (step) => set((state) => ({ recorded: [...state.recorded, step] })),
  removeRecorded: (index) =>
    set((state) => ({ recorded: state.recorded.filter((_, at) => at !== index) })),
  clearRecorded: () => set({ recorded: [] }),
  stop: () => set({ ...IDLE }),
}));

/** The step the player stands on, if a tour runs. */
export function currentTourStep(state: Pick<TourState, 'tour' | 'player'>): TourStep | null {
  return state.tour?.steps[state.player.stepIndex] ?? null;
}
