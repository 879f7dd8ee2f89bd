/**
 * Loads the emergency records and the grid PM2.5 while the list is open or a layer is shown,
 * and again every RECORDS_REFRESH_MS (sensors' state and readings change), the older request
 * cancelled. Teardown stops the timer: nothing keeps polling once both are closed.
 */
import { useEffect } from 'react';
import { isAbortError } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useEmergencyRecordStore } from './emergencyRecordStore';

export const RECORDS_REFRESH_MS = 30_000;

export function useEmergencyRecords(): void {
  const api = useApi();
  const wanted = useEmergencyRecordStore(
    (state) => state.open || state.shownKinds.length > 0 || state.airQualityShown,
  );

  useEffect(() => {
    if (!wanted) return undefined;
    let controller = new AbortController();
    const load = () => {
      controller.abort();
      controller = new AbortController();
      const store = useEmergencyRecordStore.getState();
      store.startLoading();
      Promise.all([
        api.emergencyRecords(controller.signal),
        api.airQuality(controller.signal),
      ]).then(
        ([records, airQuality]) => store.finishLoading(records, airQuality),
        (failure: unknown) => {
          if (!isAbortError(failure)) {
            store.failLoading(failure instanceof Error ? failure.message : String(failure));
          }
        },
      );
    };
    load();
    const timer = setInterval(load, RECORDS_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [api, wanted]);
}
