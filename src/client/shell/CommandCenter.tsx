/**
 * The command-hall frame: the globe full-bleed underneath, the top bar, and the docked regions
 * over it. Which panel goes where, and in which wall mode, is written once, in
 * `layout/wallPanels.tsx`; a tour step hides the panels it does not show (they stay mounted, so
 * what they load keeps loading); the regions report what they cover so the camera frames
 * targets in what is left free.
 */
import { useMemo } from 'react';
import { GlobeView } from '../globe/GlobeView';
import { useAppStore } from './appStore';
import { useT } from './i18n';
import { useFeeds } from './FeedsContext';
import { TopBar } from './TopBar';
import { useDeepLink } from './useDeepLink';
import { WallMeasurerContext, useMeasuredRef } from './layout/WallMeasurerContext';
import { WallRegion } from './layout/WallRegion';
import { WALL_PANELS, panelsIn } from './layout/wallPanels';
import { WALL_REGIONS } from './layout/wallRegions';
import { useWallMeasurer } from './layout/useWallMeasurer';
import { useSelectionCompletion } from '../register/useSelectionData';
import { describeError } from '../widgets/errorMessage';
import type { ResourceState } from '../widgets/useApiResource';
import { useAppConfig } from './useSessionData';
import { useWallModeStore } from './wallModeStore';
import { useTourStore } from '../tour/tourStore';

/** In the tour mode: the panels the current step leaves out (none before a step is shown). */
function useTourHiddenPanels(): ReadonlySet<string> | undefined {
  const inTour = useWallModeStore((state) => state.mode === 'tour');
  const shown = useTourStore((state) => state.panels);
  return useMemo(() => {
    if (!inTour || shown === null) return undefined;
    const shownIds = new Set<string>(shown);
    return new Set(
      WALL_PANELS.filter((entry) => entry.modes.includes('tour') && !shownIds.has(entry.id))
        .filter((entry) => entry.id !== 'tour' && entry.id !== 'tour-editor')
        .map((entry) => entry.id),
    );
  }, [inTour, shown]);
}

/** Progress of the 3D scene; a failed start-up config (the globe cannot start without it) says so. */
function GlobeLoadingIndicator({ config }: { config: ResourceState }) {
  const t = useT();
  const globeReady = useAppStore((state) => state.globeReady);
  if (config.status === 'error') {
    const message = describeError(config.error);
    return (
      <div className="globe-loading globe-loading-error" role="alert">
        <span>{t(message.messageKey, message.params)}</span>
        <button type="button" className="button" onClick={config.retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <div
      className={`globe-loading${globeReady ? ' is-hidden' : ''}`}
      role="status"
      aria-hidden={globeReady}
    >
      <div className="spinner" aria-hidden="true" />
      <span>{t('app.globeLoading')}</span>
    </div>
  );
}

/** The top bar covers the view like any panel: measured, so the camera frames below it. */
function MeasuredTopBar() {
  const measuredRef = useMeasuredRef();
  return (
    <div ref={measuredRef} className="wall-top" data-wall-panel="top-bar">
      <TopBar />
    </div>
  );
}

export function CommandCenter() {
  const config = useAppConfig();
  useDeepLink();
  useSelectionCompletion();
  const { measurer, rootRef } = useWallMeasurer();
  // The feeds place live positions through the globe's handle; it never enters React state.
  const feeds = useFeeds();
  const mode = useWallModeStore((state) => state.mode);
  const hiddenPanelIds = useTourHiddenPanels();
  return (
    <WallMeasurerContext.Provider value={measurer}>
      <div className="command-center" ref={rootRef} data-wall-mode={mode}>
        <div className="globe-layer">
          <GlobeView onHandle={feeds.attachGlobe} />
        </div>
        <div className="wall-vignette" aria-hidden="true" />
        <MeasuredTopBar />
        <div className="wall-frame">
          {WALL_REGIONS.map((spec) => (
            <WallRegion
              key={spec.id}
              spec={spec}
              panels={panelsIn(spec.id, mode)}
              hiddenPanelIds={hiddenPanelIds}
            />
          ))}
        </div>
        <GlobeLoadingIndicator config={config} />
      </div>
    </WallMeasurerContext.Provider>
  );
}
