/**
 * Runs the tour while the wall is in the tour mode: loads and validates the tour the URL names
 * (`?tour=<id>`, else the demo), drives the player's clock (`?tourSpeed=<factor>` speeds it up
 * for tests and rehearsals), applies each step as it is entered, and hands control to a presenter
 * who touches the globe with the mouse. Everything is torn down when the mode is left.
 */
import { useEffect } from 'react';
import { isAbortError } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useWallModeStore } from '../shell/wallModeStore';
import { useHeatmapStore } from '../heat/heatmapStore';
import { applyTourStep } from './applyTourStep';
import { currentTourStep, useTourStore } from './tourStore';
import { DEFAULT_TOUR_ID, loadTour } from './tours';
import { TourFormatError } from './tourSchema';

/** The player's clock; steps last seconds, so four ticks a second move the bar smoothly. */
export const TOUR_TICK_MS = 250;
const MAX_SPEED = 1000;
/** Where the presenter's own controls are: touching them is not taking over. */
export const TOUR_CONTROLS_SELECTOR = '[data-tour-controls]';

/** `?tourSpeed=20` plays twenty times faster; anything that is not a positive number: 1. */
export function tourSpeedOf(search: string): number {
  const value = Number(new URLSearchParams(search).get('tourSpeed'));
  return Number.isFinite(value) && value > 0 ? Math.min(value, MAX_SPEED) : 1;
}

function useTourLoad(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const store = useTourStore.getState();
    const id = new URLSearchParams(window.location.search).get('tour') ?? DEFAULT_TOUR_ID;
    try {
      store.start(loadTour(id));
    } catch (error) {
      if (!(error instanceof TourFormatError)) throw error;
      store.failLoad([error.source, ...error.problems]);
    }
    return () => {
      useTourStore.getState().stop();
      useAppStore.getState().setTheme('none');
      useHeatmapStore.getState().setEnabled(false);
    };
  }, [active]);
}

function useTourClock(): void {
  const playing = useTourStore((state) => state.tour !== null && state.player.status === 'playing');
  useEffect(() => {
    if (!playing) return;
    const speed = tourSpeedOf(window.location.search);
    let last = performance.now();
    const timer = window.setInterval(() => {
      const now = performance.now();
      const state = useTourStore.getState();
      const step = currentTourStep(state);
      if (step !== null) {
        state.send({
          type: 'tick',
          deltaMs: (now - last) * speed,
          stepDurationMs: step.durationS * 1000,
        });
      }
      last = now;
    }, TOUR_TICK_MS);
    return () => window.clearInterval(timer);
  }, [playing]);
}

function useStepApplier(): void {
  const api = useApi();
  const entry = useTourStore((state) => (state.tour === null ? null : state.player.entry));
  const ready = useAppStore(
    (state) => state.config !== null && Object.keys(state.grids).length > 0,
  );
  useEffect(() => {
    if (entry === null || !ready) return;
    const step = currentTourStep(useTourStore.getState());
    if (step === null) return;
    const controller = new AbortController();
    const panels = step.show?.panels ?? [];
    useTourStore.getState().setResolution({ status: 'resolving' }, panels);
    applyTourStep(step, api, controller.signal).then(
      (resolution) => {
        if (!controller.signal.aborted) useTourStore.getState().setResolution(resolution, panels);
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        const message = error instanceof Error ? error.message : String(error);
        useTourStore.getState().setResolution({ status: 'failed', message }, panels);
      },
    );
    return () => controller.abort();
  }, [api, entry, ready]);
}

/** A press or a wheel turn anywhere but on the tour's controls hands the wall to a presenter. */
function usePresenterTakeover(): void {
  const playing = useTourStore((state) => state.player.status === 'playing');
  useEffect(() => {
    if (!playing) return;
    const takeOver = (event: Event) => {
      const target = event.target;
      if (target instanceof Element && target.closest(TOUR_CONTROLS_SELECTOR) !== null) return;
      useTourStore.getState().send({ type: 'takeOver' });
    };
    window.addEventListener('pointerdown', takeOver, { capture: true });
    window.addEventListener('wheel', takeOver, { capture: true, passive: true });
    return () => {
      window.removeEventListener('pointerdown', takeOver, { capture: true });
      window.removeEventListener('wheel', takeOver, { capture: true });
    };
  }, [playing]);
}

export function useTourRunner(): void {
  const active = useWallModeStore((state) => state.mode === 'tour');
  useTourLoad(active);
  useTourClock();
  useStepApplier();
  usePresenterTakeover();
}
