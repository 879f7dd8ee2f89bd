// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGlobeProbes, type GlobeProbes } from './globeProbes';

/** MutationObserver callbacks run as microtasks. */
const observed = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('globe probes', () => {
  let probes: GlobeProbes | null = null;
  afterEach(() => probes?.destroy());

  function setUp() {
    const container = document.createElement('div');
    const requestRender = vi.fn();
    probes = createGlobeProbes(container, { requestRender });
    return { container, requestRender, probes };
  }

  it('starts with the globe not ready, tiles not loaded and no flight', () => {
    const { container } = setUp();
    expect(container.getAttribute('data-globe-ready')).toBe('false');
    expect(container.getAttribute('data-tiles-loaded')).toBe('false');
    expect(container.getAttribute('data-camera-flying')).toBe('false');
  });

  it('writes where a landed flight looked, in degrees with six decimals', () => {
    const { container, probes } = setUp();
    probes.globe.setLanded('unit', { lon: 116.3, lat: 39.912345678 });
    expect(container.getAttribute('data-camera-view')).toBe('unit');
    expect(container.getAttribute('data-camera-focus')).toBe('116.300000,39.912346');
  });

  it('answers the worker probe after a drawn frame and asks for a frame when the probe changes', async () => {
    const { container, requestRender, probes } = setUp();
    probes.workers.answerScreenPosition((workerId) =>
      workerId === 7 ? { xPx: 10.04, yPx: 20.56 } : null,
    );
    container.setAttribute('data-worker-probe', '7');
    await observed();
    expect(requestRender).toHaveBeenCalled();
    probes.afterRender();
    expect(container.getAttribute('data-worker-probe-screen')).toBe('10.0,20.6');
    container.setAttribute('data-worker-probe', '8');
    probes.afterRender();
    expect(container.getAttribute('data-worker-probe-screen')).toBe('');
  });

  it('answers the heat probe when it is written and again after each redraw', async () => {
    const { container, probes } = setUp();
    let heat: number | null = null;
    probes.heat.answerValue(() => heat);
    container.setAttribute('data-heat-probe', '116.3,39.9');
    await observed();
    expect(container.hasAttribute('data-heat-probe-value')).toBe(false);
    heat = 2.5;
    probes.heat.setDrawn({ incidents: 3, version: 4, unit: 'perKm2', scaleMax: 5 });
    expect(container.getAttribute('data-heat-probe-value')).toBe('2.500000');
    expect(container.getAttribute('data-heat-version')).toBe('4');
    expect(container.getAttribute('data-heat-incidents')).toBe('3');
  });

  it('lists replayed positions as id:lon,lat and clears them when the replay ends', () => {
    const { container, probes } = setUp();
    probes.replay.setFrame({
      timeMs: 1000.4,
      positions: new Map([
        [3, { lon: 116.1, lat: 39.2 }],
        [5, { lon: 116.3, lat: 39.4 }],
      ]),
    });
    expect(container.getAttribute('data-replay-time')).toBe('1000');
    expect(container.getAttribute('data-replay-positions')).toBe(
      '3:116.1000000,39.2000000;5:116.3000000,39.4000000',
    );
    probes.replay.setFrame(null);
    expect(container.getAttribute('data-replay-positions')).toBe('');
  });

  it('stops answering and marks the globe not ready once destroyed', async () => {
    const { container, requestRender, probes } = setUp();
    probes.globe.setReady(true);
    probes.destroy();
    container.setAttribute('data-worker-probe', '1');
    await observed();
    expect(requestRender).not.toHaveBeenCalled();
    expect(container.getAttribute('data-globe-ready')).toBe('false');
  });
});
