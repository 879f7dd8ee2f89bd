/**
 * The 3D view as a React component: a container that the globe adapter mounts into once. No
 * Cesium object ever reaches React; the adapter follows the store on its own.
 */
import { useEffect, useRef } from 'react';
import { loadBasemap } from './basemapSource';
import type { GlobeHandle } from './GlobeHandle';
import { mountGlobe, type GlobeDataSource } from './mountGlobe';
import './globeView.css';

const DEFAULT_SOURCE: GlobeDataSource = { loadBasemap };

export interface GlobeViewProps {
  /** Where the base map comes from; defaults to the app's API. */
  source?: GlobeDataSource;
  /** Gets the globe's handle once it exists, and null when the globe goes away. */
  onHandle?: (handle: GlobeHandle | null) => void;
}

export function GlobeView({ source = DEFAULT_SOURCE, onHandle }: GlobeViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // The source is read once: the globe mounts once per component life.
  const sourceRef = useRef(source);
  const onHandleRef = useRef(onHandle);
  useEffect(() => {
    onHandleRef.current = onHandle;
  }, [onHandle]);

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return undefined;
    return mountGlobe(container, sourceRef.current, (handle) => onHandleRef.current?.(handle));
  }, []);

  return <div ref={containerRef} className="globe-view" data-testid="globe" />;
}
