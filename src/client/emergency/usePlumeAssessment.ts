/**
 * Runs the assessment while the panel is open and a source is placed: again after every change
 * of the release or the weather (a short pause first, so typing a number sends once), the older
 * request cancelled. The answer and its round trip go to the emergency store. A user who runs the
 * loop (incidents.dispatch) sends the change as the hall's active scenario, which the server
 * pushes to every screen; anyone else only assesses for their own panel. The release the active
 * scenario already holds is not assessed again (a push updates the draft, which must not echo).
 */
import { useEffect } from 'react';
import { isAbortError } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import {
  isSameRelease,
  plumeRequestOf,
  useEmergencyStore,
  type PlumeDraft,
} from './emergencyStore';

/** Long enough to finish typing a figure, short enough to feel immediate. */
export const ASSESSMENT_DEBOUNCE_MS = 250;

const NUMBER_FIELDS = [
  'rateGPerS',
  'massKg',
  'releaseHeightM',
  'windMs',
  'windFromDeg',
  'cloudCoverTenths',
] as const;

/** The fields of a draft that hold no usable number (an emptied input), by name. */
export function blankNumberFields(draft: PlumeDraft): string[] {
  return NUMBER_FIELDS.filter((field) => !Number.isFinite(draft[field]));
}

export function usePlumeAssessment(): void {
  const api = useApi();
  const open = useEmergencyStore((state) => state.open);
  const draft = useEmergencyStore((state) => state.draft);
  const source = useEmergencyStore((state) => state.source);
  const commands = useAppStore(
    (state) => state.session?.permissions.includes('incidents.dispatch') ?? false,
  );

  useEffect(() => {
    if (!open || source === null || blankNumberFields(draft).length > 0) return undefined;
    const scenario = useEmergencyStore.getState().scenario;
    const request = plumeRequestOf(draft, source, Date.now());
    if (scenario !== null && isSameRelease(scenario.history.at(-1)!.request, request))
      return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const store = useEmergencyStore.getState();
      const startedMs = performance.now();
      store.startAssessment();
      const fail = (failure: unknown) => {
        if (!isAbortError(failure)) store.failAssessment(failure);
      };
      if (commands) {
        store.sendingScenario(request);
        api.putScenario(request, controller.signal).then((active) => {
          store.applyScenario(active);
          store.finishAssessment(request, active.assessment, performance.now() - startedMs);
        }, fail);
        return;
      }
      api
        .plumeAssessment(request, controller.signal)
        .then(
          (assessment) =>
            store.finishAssessment(request, assessment, performance.now() - startedMs),
          fail,
        );
    }, ASSESSMENT_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, open, draft, source, commands]);
}
