/**
 * The one lifecycle every globe feature follows: `create(scene, deps)` mounts its Cesium objects
 * once, `update(props)` applies plain data in place, `destroy()` removes everything it added.
 * A feature says which stores feed it and how to read its props from them (`select`); the globe
 * shell subscribes and calls `update`, the same way for every feature.
 */
import type { Scene } from 'cesium';
import type { BasemapCollection } from '../../shared/api';
import type { GlobeCamera } from './globeCamera';
import type { GlobeProbes } from './globeProbes';

export interface GlobeLayer<Props> {
  update(props: Props): void;
  destroy(): void;
  isDestroyed(): boolean;
}

/** A layer with its part of the globe handle (`void` when the rest of the app needs none). */
export interface GlobeFeatureLayer<Props, Handle> extends GlobeLayer<Props> {
  readonly handle: Handle;
}

/** Anything with zustand's `subscribe`: the layer is updated after each of its changes. */
export interface GlobeStore {
  subscribe(listener: () => void): () => void;
}

/** Data the globe reads outside the stores. */
export interface GlobeDataSource {
  loadBasemap(signal: AbortSignal): Promise<BasemapCollection>;
}

/** What every layer may use besides the scene: the same object for all of them. */
export interface GlobeLayerDeps {
  /** Flights, the shared pick and render requests. */
  camera: GlobeCamera;
  /** Where the layer reports what tests and the loading indicator read. */
  probes: GlobeProbes;
  source: GlobeDataSource;
}

export interface GlobeFeature<Props, Handle> {
  /** The stores whose changes re-read the props. */
  stores: readonly GlobeStore[];
  /** The layer's props, read from those stores (plain data, never a Cesium object). */
  select(): Props;
  create(scene: Scene, deps: GlobeLayerDeps): GlobeFeatureLayer<Props, Handle>;
}

/** Keeps a feature's props and handle types together where it is declared. */
export function defineGlobeFeature<Props, Handle>(
  feature: GlobeFeature<Props, Handle>,
): GlobeFeature<Props, Handle> {
  return feature;
}

/** Mounts one feature: creates its layer, feeds it the current props and every later change. */
export function mountGlobeFeature<Props, Handle>(
  feature: GlobeFeature<Props, Handle>,
  scene: Scene,
  deps: GlobeLayerDeps,
): GlobeFeatureLayer<Props, Handle> {
  const layer = feature.create(scene, deps);
  const update = () => {
    if (!layer.isDestroyed()) layer.update(feature.select());
  };
  update();
  const unsubscribes = feature.stores.map((store) => store.subscribe(update));
  return {
    handle: layer.handle,
    update: (props) => layer.update(props),
    isDestroyed: () => layer.isDestroyed(),
    destroy() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (!layer.isDestroyed()) layer.destroy();
    },
  };
}

/** The destroyed flag every layer keeps; `destroy` runs its teardown once. */
export function createDestroyedFlag(): {
  readonly destroyed: boolean;
  destroy(teardown: () => void): void;
} {
  let destroyed = false;
  return {
    get destroyed() {
      return destroyed;
    },
    destroy(teardown) {
      if (destroyed) return;
      destroyed = true;
      teardown();
    },
  };
}
