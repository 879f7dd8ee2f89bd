/**
 * An incident's detail, read again whenever the feed replaces its snapshot, so the drawer shows
 * what the server holds now rather than what it held when it opened.
 */
import { useEffect, useState } from 'react';
import type { IncidentDetail } from '../../shared/incidents';
import { isAbortError } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useIncidentStore } from './incidentStore';

export function useIncidentDetail(incidentId: string) {
  const api = useApi();
  // A feed event replaces the snapshot: that is the cue to read the detail again.
  const snapshot = useIncidentStore((state) => state.incidents[incidentId]);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    api.incident(incidentId, controller.signal).then(
      (loaded) => {
        setDetail(loaded);
        setError(null);
      },
      (failure: unknown) => {
        if (!isAbortError(failure)) setError(failure);
      },
    );
    return () => controller.abort();
  }, [api, incidentId, snapshot]);
  return { detail: detail?.id === incidentId ? detail : null, error, setDetail };
}
