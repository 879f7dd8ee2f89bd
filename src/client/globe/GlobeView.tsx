/**
 * The 3D view as a React component: Resium's <Viewer> is the shell, with the offline options;
 * inside it the registered declarative pieces (GLOBE_COMPONENTS) and the imperative features,
 * mounted once through the viewer from the Resium context. No Cesium object ever reaches React
 * state; the features follow the stores on their own.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useCesium, Viewer } from 'resium';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { loadBasemap } from './basemapSource';
import { GLOBE_COMPONENTS } from './globeFeatures';
import type { GlobeHandle } from './GlobeHandle';
import type { GlobeDataSource } from './GlobeLayer';
import { setGlobeCredits } from './globeCredits';
import { mountGlobe } from './mountGlobe';
import { configureOfflineViewer, OFFLINE_VIEWER_OPTIONS } from './offlineViewer';
import './globeView.css';

const DEFAULT_SOURCE: GlobeDataSource = { loadBasemap };

export interface GlobeViewProps {
  /** Where the base map comes from; defaults to the app's API. */
  source?: GlobeDataSource;
  /** Gets the globe's handle once it exists, and null when the globe goes away. */
  onHandle?: (handle: GlobeHandle | null) => void;
}

export function GlobeView({ source = DEFAULT_SOURCE, onHandle }: GlobeViewProps) {
  // The element the probes are written on: a plain div, so the tests' selector stays the same.
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setContainer} className="globe-view" data-testid="globe">
      <Viewer full {...OFFLINE_VIEWER_OPTIONS} extend={configureOfflineViewer}>
        {container && <GlobeFeatures container={container} source={source} onHandle={onHandle} />}
        {GLOBE_COMPONENTS.map((Component, index) => (
          <Component key={index} />
        ))}
      </Viewer>
    </div>
  );
}

interface GlobeFeaturesProps {
  container: HTMLElement;
  source: GlobeDataSource;
  onHandle?: (handle: GlobeHandle | null) => void;
}

/** Mounts the imperative features on the viewer from the Resium context, once per viewer. */
function GlobeFeatures({ container, source, onHandle }: GlobeFeaturesProps) {
  const { viewer } = useCesium();
  const { t } = useI18n();
  // The source is read once: the features mount once per viewer.
  const sourceRef = useRef(source);
  const onHandleRef = useRef(onHandle);
  useEffect(() => {
    onHandleRef.current = onHandle;
  }, [onHandle]);

  // A layout effect: its teardown runs in the commit that unmounts, before Resium destroys the
  // viewer (a microtask later), so every layer still finds its scene.
  useLayoutEffect(() => {
    if (!viewer) return undefined;
    return mountGlobe(viewer, container, sourceRef.current, (handle) =>
      onHandleRef.current?.(handle),
    );
  }, [viewer, container]);

  // A configured district shows its own imported data, not the generated demo.
  const demoData = useAppStore((state) => state.config?.demoData ?? true);
  useEffect(() => {
    if (!viewer) return undefined;
    return setGlobeCredits(viewer, {
      project: t('globe.creditProject'),
      attributions: [
        t('globe.creditImagery'),
        t(demoData ? 'globe.creditDistrict' : 'globe.creditImported'),
      ],
    });
  }, [viewer, t, demoData]);

  return null;
}
