/**
 * The command-hall frame: the globe full-bleed underneath, the top bar, and the docked regions
 * over it. Which panel goes where is written once, in `layout/wallPanels.tsx`; the regions
 * report what they cover so the camera frames targets in what is left free.
 */
import { GlobeView } from '../globe/GlobeView';
import { useAppStore } from './appStore';
import { useT } from './i18n';
import { useFeeds } from './FeedsContext';
import { TopBar } from './TopBar';
import { useDeepLink } from './useDeepLink';
import { WallMeasurerContext, useMeasuredRef } from './layout/WallMeasurerContext';
import { WallRegion } from './layout/WallRegion';
import { panelsIn } from './layout/wallPanels';
import { WALL_REGIONS } from './layout/wallRegions';
import { useWallMeasurer } from './layout/useWallMeasurer';
import { useSelectionCompletion } from '../register/useSelectionData';
import { describeError } from '../widgets/errorMessage';
import type { ResourceState } from '../widgets/useApiResource';
import { useAppConfig } from './useSessionData';

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
  return (
    <WallMeasurerContext.Provider value={measurer}>
      <div className="command-center" ref={rootRef}>
        <div className="globe-layer">
          <GlobeView onHandle={feeds.attachGlobe} />
        </div>
        <div className="wall-vignette" aria-hidden="true" />
        <MeasuredTopBar />
        <div className="wall-frame">
          {WALL_REGIONS.map((spec) => (
            <WallRegion key={spec.id} spec={spec} panels={panelsIn(spec.id)} />
          ))}
        </div>
        <GlobeLoadingIndicator config={config} />
      </div>
    </WallMeasurerContext.Provider>
  );
}
