import type { Scene } from 'cesium';
import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import {
  createDestroyedFlag,
  defineGlobeFeature,
  mountGlobeFeature,
  type GlobeLayerDeps,
} from './GlobeLayer';

/** The features under test never touch the scene or the deps. */
const SCENE = {} as Scene;
const DEPS = {} as GlobeLayerDeps;

function counterFeature() {
  const store = createStore<{ count: number }>()(() => ({ count: 0 }));
  const updates: number[] = [];
  const teardown = vi.fn();
  const feature = defineGlobeFeature<number, { last(): number | undefined }>({
    stores: [store],
    select: () => store.getState().count,
    create() {
      const flag = createDestroyedFlag();
      return {
        handle: { last: () => updates.at(-1) },
        update: (count) => updates.push(count),
        isDestroyed: () => flag.destroyed,
        destroy: () => flag.destroy(teardown),
      };
    },
  });
  return { store, updates, teardown, feature };
}

describe('mountGlobeFeature', () => {
  it('feeds the layer its props at once and after every change of its stores', () => {
    const { store, updates, feature } = counterFeature();
    const layer = mountGlobeFeature(feature, SCENE, DEPS);
    store.setState({ count: 1 });
    store.setState({ count: 2 });
    expect(updates).toEqual([0, 1, 2]);
    expect(layer.handle.last()).toBe(2);
  });

  it('stops following the stores and tears down once, however often it is destroyed', () => {
    const { store, updates, teardown, feature } = counterFeature();
    const layer = mountGlobeFeature(feature, SCENE, DEPS);
    layer.destroy();
    layer.destroy();
    store.setState({ count: 5 });
    expect(updates).toEqual([0]);
    expect(teardown).toHaveBeenCalledOnce();
    expect(layer.isDestroyed()).toBe(true);
  });
});
