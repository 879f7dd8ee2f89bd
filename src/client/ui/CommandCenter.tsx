/**
 * The command-hall layout: the globe full-bleed underneath, a top bar, the grid tree and legend
 * on the left, breadcrumbs and the selection's detail on the right. Panels float over the globe
 * with fixed sizes, so nothing shifts as data arrives.
 */
import { useState } from 'react';
import type { GlobeHandle } from '../globe/GlobeHandle';
import { GlobeView } from '../globe/GlobeView';
import { useAppStore } from '../state/appStore';
import { Breadcrumbs } from './Breadcrumbs';
import { GridTree } from './GridTree';
import { HeatmapControls } from './HeatmapControls';
import { AnalyticsSlot } from './analytics/AnalyticsSlot';
import { useT } from './i18n';
import { Legend } from './Legend';
import { IncidentsPanel } from './IncidentsPanel';
import { LiveTracking } from './LiveTracking';
import { ReplayPanel } from './ReplayPanel';
import { SelectionPanel } from './SelectionPanel';
import { TopBar } from './TopBar';
import { useDeepLink } from './useDeepLink';
import { useSelectionCompletion } from './useSelectionData';
import { describeError } from './errorMessage';
import type { ResourceState } from './useApiResource';
import { useAppConfig } from './useSessionData';
import { WorkerCard } from './WorkerCard';
import { WorkerEventTicker } from './WorkerEventTicker';
import { WorkerFilters } from './WorkerFilters';

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

export function CommandCenter() {
  const config = useAppConfig();
  useDeepLink();
  useSelectionCompletion();
  // The handle (not a Cesium object) lets the live feed reach the globe without a global.
  const [globe, setGlobe] = useState<GlobeHandle | null>(null);
  return (
    <div className="command-center">
      <div className="globe-layer">
        <GlobeView onHandle={setGlobe} />
      </div>
      <LiveTracking globe={globe} />
      <div className="wall-vignette" aria-hidden="true" />
      <TopBar />
      <aside className="panel panel-left">
        <GridTree />
        <WorkerFilters />
        <HeatmapControls />
        <Legend />
      </aside>
      <aside className="panel panel-right">
        <Breadcrumbs />
        <SelectionPanel />
      </aside>
      <WorkerEventTicker />
      <WorkerCard />
      <ReplayPanel />
      <IncidentsPanel />
      <AnalyticsSlot />
      <GlobeLoadingIndicator config={config} />
    </div>
  );
}
