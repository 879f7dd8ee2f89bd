/**
 * Keeps the URL hash and the selection in step (deepLink.ts has the format). On load and on
 * hashchange (back/forward, a pasted link) the link is resolved through the API and selected with
 * a camera flight; every selection writes its link back. Each direction compares with the other
 * side first, so neither echoes the other.
 */
import { useEffect, useState } from 'react';
import { gridLevelOf } from '../../domain/gridCode';
import { isAbortError, type ApiClient } from '../feeds/apiClient';
import { useAppStore } from './appStore';
import { useNoticeStore } from './noticeStore';
import { useApi } from './ApiContext';
import {
  HOME_HASH,
  deepLinkOf,
  formatDeepLink,
  parseDeepLink,
  sameDeepLink,
  type DeepLink,
} from './deepLink';
import { describeError } from '../widgets/errorMessage';

const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;

async function selectDeepLink(api: ApiClient, link: DeepLink, signal: AbortSignal): Promise<void> {
  const store = useAppStore.getState();
  switch (link.kind) {
    case 'grid':
      store.select(
        { gridCode: link.gridCode },
        gridLevelOf(link.gridCode) === 1 ? 'district' : 'grid',
      );
      return;
    case 'building': {
      const building = await api.building(link.buildingId, signal);
      store.putBuilding(building);
      store.select({ gridCode: building.gridCode, buildingId: building.id }, 'building');
      return;
    }
    case 'unit': {
      const unit = await api.unit(link.unitId, signal);
      store.putUnit(unit);
      store.select(
        { gridCode: unit.gridCode, buildingId: unit.buildingId, unitId: unit.id },
        'unit',
      );
      return;
    }
  }
}

function reportLinkFailure(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  const message =
    status === HTTP_FORBIDDEN || status === HTTP_NOT_FOUND
      ? { messageKey: 'error.linkNotFound' as const }
      : describeError(error);
  useNoticeStore.getState().push({ tone: 'error', ...message });
}

export function useDeepLink(): void {
  const api = useApi();
  const selection = useAppStore((state) => state.selection);
  const [initialLinkApplied, setInitialLinkApplied] = useState(false);

  useEffect(() => {
    let controller = new AbortController();
    const applyHash = async () => {
      controller.abort();
      controller = new AbortController();
      const link = parseDeepLink(window.location.hash);
      const store = useAppStore.getState();
      if (sameDeepLink(link, deepLinkOf(store.selection))) return;
      if (link === null) {
        // Back to the home hash (or a malformed one): the whole district.
        if (window.location.hash === '' || window.location.hash === HOME_HASH) {
          store.select({}, 'district');
        }
        return;
      }
      try {
        await selectDeepLink(api, link, controller.signal);
      } catch (error) {
        if (!isAbortError(error)) reportLinkFailure(error);
      }
    };
    const onHashChange = () => void applyHash();
    let disposed = false;
    void applyHash().finally(() => {
      // A run torn down meanwhile (StrictMode's double mount) must not release the writer early.
      if (!disposed) setInitialLinkApplied(true);
    });
    window.addEventListener('hashchange', onHashChange);
    return () => {
      disposed = true;
      controller.abort();
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [api]);

  useEffect(() => {
    // Until the link of the page load is resolved, the (empty) selection must not overwrite it.
    if (!initialLinkApplied) return;
    const hash = formatDeepLink(deepLinkOf(selection));
    const current = window.location.hash === '' ? HOME_HASH : window.location.hash;
    if (current !== hash) window.location.hash = hash;
  }, [selection, initialLinkApplied]);
}
