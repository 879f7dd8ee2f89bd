/**
 * The command-hall layout: the globe full-bleed underneath, a top bar, the grid tree and legend
 * on the left, breadcrumbs and the selection's detail on the right. Panels float over the globe
 * with fixed sizes, so nothing shifts as data arrives.
 */
import { GlobeView } from '../globe/GlobeView';
import { useAppStore } from '../state/appStore';
import { Breadcrumbs } from './Breadcrumbs';
import { GridTree } from './GridTree';
import { useT } from './i18n';
import { Legend } from './Legend';
import { SelectionPanel } from './SelectionPanel';
import { TopBar } from './TopBar';
import { useDeepLink } from './useDeepLink';
import { useSelectionCompletion } from './useSelectionData';
import { useAppConfig } from './useSessionData';

function GlobeLoadingIndicator() {
  const t = useT();
  const globeReady = useAppStore((state) => state.globeReady);
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
  useAppConfig();
  useDeepLink();
  useSelectionCompletion();
  return (
    <div className="command-center">
      <div className="globe-layer">
        <GlobeView />
      </div>
      <div className="wall-vignette" aria-hidden="true" />
      <TopBar />
      <aside className="panel panel-left">
        <GridTree />
        <Legend />
      </aside>
      <aside className="panel panel-right">
        <Breadcrumbs />
        <SelectionPanel />
      </aside>
      <GlobeLoadingIndicator />
    </div>
  );
}
