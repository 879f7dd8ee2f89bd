/**
 * Keeps the URL hash, the wall mode and the selection in step (deepLink.ts has the format). On
 * load and on hashchange (back/forward, a pasted link) the mode is taken over and the link is
 * resolved through the API and selected with a camera flight; every selection and mode change
 * writes the hash back. Each direction compares with the other side first, so neither echoes the
 * other. In the public modes a unit is not selected (its households are person-level): the
 * selection stops at its building.
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
  formatLocationHash,
  isHomeHash,
  parseLocationHash,
  sameDeepLink,
  type DeepLink,
} from './deepLink';
import { DEFAULT_WALL_MODE } from '../../shared/wallModes';
import { isAggregateOnly, useWallModeStore } from './wallModeStore';
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
  const mode = useWallModeStore((state) => state.mode);
  const [initialLinkApplied, setInitialLinkApplied] = useState(false);

  useEffect(() => {
    let controller = new AbortController();
    const applyHash = async () => {
      controller.abort();
      controller = new AbortController();
      const { mode, link } = parseLocationHash(window.location.hash);
      useWallModeStore.getState().setMode(mode ?? DEFAULT_WALL_MODE);
      const store = useAppStore.getState();
      if (sameDeepLink(link, deepLinkOf(store.selection))) return;
      if (link === null) {
        // Back to the home hash of a mode (not a malformed one): the whole district.
        if (isHomeHash(window.location.hash)) {
          store.select({}, 'district');
        }
        return;
      }
      if (link.kind === 'unit' && isAggregateOnly(mode ?? DEFAULT_WALL_MODE)) {
        // A unit opens its households: a public screen shows none, it says so instead.
        useNoticeStore.getState().push({ tone: 'info', messageKey: 'mode.unitLinkRefused' });
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
    if (!isAggregateOnly(mode) || selection.unitId === null || selection.buildingId === null) {
      return;
    }
    useAppStore
      .getState()
      .select({ gridCode: selection.gridCode, buildingId: selection.buildingId });
  }, [mode, selection]);

  useEffect(() => {
    // Until the link of the page load is resolved, the (empty) selection must not overwrite it.
    if (!initialLinkApplied) return;
    const hash = formatLocationHash(mode, deepLinkOf(selection));
    const current = window.location.hash === '' ? HOME_HASH : window.location.hash;
    if (current !== hash) window.location.hash = hash;
  }, [selection, mode, initialLinkApplied]);
}
