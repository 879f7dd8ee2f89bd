/**
 * bench:frame page (not part of the app bundle): one viewer, two ways of moving the same 5,000
 * walking workers fed at 1 Hz — (a) the wall's workers layer (one PointPrimitiveCollection,
 * binary frames decoded and glided per frame), (b) one Cesium Entity per worker with a
 * SampledPositionProperty — on a simulated 60 fps clock, the render loop driven by hand with
 * requestRenderMode off. Two figures per frame: the whole frame (ingest + viewer.render(),
 * which includes drawing that both pay alike), and the workers' own script time — ingest, the
 * per-frame update (the layer's preUpdate work, or the entity display's visualizers) and the
 * point collections' update, timed by wrapping those functions. The figures go into #result.
 */
import {
  Cartesian3,
  Color,
  PointPrimitiveCollection,
  EllipsoidTerrainProvider,
  JulianDate,
  SampledPositionProperty,
  Viewer,
  type Entity,
} from 'cesium';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Viewer as ResiumViewer, type CesiumComponentRef } from 'resium';
import { decodePositionFrame, encodePositionFrame } from '../../../src/shared/positionFrame';
import type { WorkerDirectoryEntry } from '../../../src/shared/trackingEvents';
import { OFFLINE_VIEWER_OPTIONS } from '../../../src/client/globe/offlineViewer';
import { createWorkersLayer } from '../../../src/client/tracking/globe/workersLayer';
import { BENCH_CENTRE, createWalkers, stepWalkers } from './benchWorkers';

const params = new URLSearchParams(location.search);
const WORKER_COUNT = Number(params.get('workers') ?? 5000);
const MEASURED_FRAMES = Number(params.get('frames') ?? 240);
const WARMUP_FRAMES = Number(params.get('warmup') ?? 30);
const FRAME_MS = 1000 / 60;
const FIX_INTERVAL_MS = 1000;
/** Entities are shown one fix behind, as the layer's glide is, so both interpolate. */
const ENTITY_RENDER_DELAY_MS = 1000;
const CAMERA_HEIGHT_M = 9000;
const POINT_SIZE_PX = 9;
const START_EPOCH_MS = Date.UTC(2026, 10, 27, 8, 0, 0);
const ROUNDS = 2;
const SETTLE_TIMEOUT_MS = 60_000;
/** Frames in a row with everything loaded before a run starts. */
const SETTLED_FRAMES = 10;

export interface Distribution {
  meanMs: number;
  medianMs: number;
  p95Ms: number;
}

export interface RunFigures {
  frames: number;
  /** Whole frame: ingest + viewer.render(). */
  frame: Distribution;
  /** The workers' own script time in the frame. */
  workers: Distribution;
  ingestMsPerFix: number;
  /**
   * Robust per-frame figure for a busy machine: the median workers' script time of the frames
   * without a fix, plus each fix's ingest spread over the frames until the next one. Means are
   * dominated by the odd frame that waits for the CPU-emulated GPU, whichever way moves the dots.
   */
  steadyMsPerFrame: number;
  /** Mean script ms per frame by part (ingest included). */
  partsMsPerFrame: Record<string, number>;
}

function distributionOf(samplesMs: number[]): Distribution {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  const sum = samplesMs.reduce((total, value) => total + value, 0);
  return { meanMs: sum / samplesMs.length, medianMs: at(0.5), p95Ms: at(0.95) };
}

/** Script time spent in wrapped functions during the current frame (nested calls count once). */
const scriptTimer = { totalMs: 0, depth: 0 };
/** The same time by part, summed over a run (where the time goes). */
let partTotalsMs: Record<string, number> = {};

function addScriptTime(part: string, elapsedMs: number): void {
  scriptTimer.totalMs += elapsedMs;
  partTotalsMs[part] = (partTotalsMs[part] ?? 0) + elapsedMs;
}

function timed<Args extends unknown[], Result>(
  part: string,
  run: (...args: Args) => Result,
): (...args: Args) => Result {
  return function (this: unknown, ...args: Args): Result {
    if (scriptTimer.depth > 0) return run.apply(this, args);
    scriptTimer.depth++;
    const start = performance.now();
    try {
      return run.apply(this, args);
    } finally {
      addScriptTime(part, performance.now() - start);
      scriptTimer.depth--;
    }
  };
}

/** Times the point collections (the layer's and the entity cluster's) and the entity display. */
function instrument(viewer: Viewer): void {
  const prototype = PointPrimitiveCollection.prototype as unknown as {
    update: (...args: unknown[]) => void;
  };
  prototype.update = timed('pointCollections', prototype.update);
  const display = viewer.dataSourceDisplay as unknown as {
    update: (...args: unknown[]) => boolean;
  };
  display.update = timed('entityDisplay', display.update.bind(display));
  const cluster = viewer.dataSourceDisplay.defaultDataSource.clustering as unknown as {
    update: (...args: unknown[]) => void;
  };
  cluster.update = timed('entityCluster', cluster.update.bind(cluster));
}

/**
 * The wall's own offline viewer options either way (only who constructs the viewer differs),
 * except that the bench drives every frame itself instead of rendering on request.
 */
const BENCH_VIEWER_OPTIONS = {
  ...OFFLINE_VIEWER_OPTIONS,
  useDefaultRenderLoop: false,
  requestRenderMode: false,
} as const;

/**
 * `?shell=resium` builds the viewer through Resium's <Viewer>, as the wall does, to show
 * whether the Resium shell costs frame time; by default `new Viewer` as before.
 */
async function constructViewer(container: HTMLElement): Promise<Viewer> {
  if (params.get('shell') !== 'resium') {
    return new Viewer(container, {
      ...BENCH_VIEWER_OPTIONS,
      terrainProvider: new EllipsoidTerrainProvider(),
    });
  }
  return new Promise((resolve) => {
    const ref = (element: CesiumComponentRef<Viewer> | null) => {
      if (element?.cesiumElement) resolve(element.cesiumElement);
    };
    createRoot(container).render(
      createElement(ResiumViewer, {
        ...BENCH_VIEWER_OPTIONS,
        terrainProvider: new EllipsoidTerrainProvider(),
        style: { width: '100%', height: '100%' },
        ref,
      }),
    );
  });
}

async function createBenchViewer(): Promise<Viewer> {
  const viewer = await constructViewer(document.getElementById('globe')!);
  // Only the workers are drawn: the bench measures moving them, and SwiftShader draws a globe
  // on the CPU the script would then wait for.
  viewer.scene.globe.show = false;
  if (viewer.scene.skyAtmosphere) viewer.scene.skyAtmosphere.show = false;
  viewer.scene.camera.setView({
    destination: Cartesian3.fromDegrees(BENCH_CENTRE.lon, BENCH_CENTRE.lat, CAMERA_HEIGHT_M),
  });
  return viewer;
}

/** Lets the browser run its tasks (fetches, worker results, GPU flushes) between frames. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Both runs must draw the same, settled scene: globe tiles loaded, and the terrain-height table
 * that the entity display waits for (it skips every update until that file has arrived).
 */
async function settle(viewer: Viewer): Promise<void> {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  let settledFrames = 0;
  while (settledFrames < SETTLED_FRAMES && performance.now() < deadline) {
    viewer.render();
    const { globe } = viewer.scene;
    const ready = (!globe.show || globe.tilesLoaded) && viewer.dataSourceDisplay.ready;
    settledFrames = ready ? settledFrames + 1 : 0;
    await yieldToBrowser();
  }
}

/** Runs frames on the simulated clock; `ingest` gets each new second's fixes. */
async function runFrames(
  viewer: Viewer,
  onFrame: (simMs: number) => void,
  ingest: (simMs: number) => void,
): Promise<RunFigures> {
  const samples: number[] = [];
  const workerSamples: number[] = [];
  const betweenFixSamples: number[] = [];
  let ingestTotalMs = 0;
  const ingestSamples: number[] = [];
  let nextFixMs = 0;
  for (let frame = 0; frame < WARMUP_FRAMES + MEASURED_FRAMES; frame++) {
    const simMs = frame * FRAME_MS;
    scriptTimer.totalMs = 0;
    const start = performance.now();
    let ingestMs = 0;
    if (simMs >= nextFixMs) {
      ingest(nextFixMs);
      ingestMs = performance.now() - start;
      nextFixMs += FIX_INTERVAL_MS;
    }
    onFrame(simMs);
    viewer.render();
    const elapsed = performance.now() - start;
    if (frame === WARMUP_FRAMES - 1) partTotalsMs = {};
    if (frame >= WARMUP_FRAMES) {
      ingestTotalMs += ingestMs;
      samples.push(elapsed);
      workerSamples.push(ingestMs + scriptTimer.totalMs);
      if (ingestMs > 0) ingestSamples.push(ingestMs);
      else betweenFixSamples.push(scriptTimer.totalMs);
    }
    await yieldToBrowser();
  }
  return {
    frames: samples.length,
    frame: distributionOf(samples),
    workers: distributionOf(workerSamples),
    ingestMsPerFix: distributionOf(ingestSamples).meanMs,
    steadyMsPerFrame:
      distributionOf(betweenFixSamples).medianMs +
      (distributionOf(ingestSamples).meanMs * FRAME_MS) / FIX_INTERVAL_MS,
    partsMsPerFrame: Object.fromEntries(
      Object.entries({ ...partTotalsMs, ingest: ingestTotalMs }).map(([part, totalMs]) => [
        part,
        Number((totalMs / samples.length).toFixed(3)),
      ]),
    ),
  };
}

async function runPoints(viewer: Viewer): Promise<RunFigures> {
  const walkers = createWalkers(WORKER_COUNT);
  let simNowMs = 0;
  // The layer's per-frame work runs in scene.preUpdate: time it between two listeners.
  let updateStartMs = 0;
  const removeBefore = viewer.scene.preUpdate.addEventListener(() => {
    updateStartMs = performance.now();
  });
  const layer = createWorkersLayer(viewer.scene, { nowMs: () => simNowMs });
  const removeAfter = viewer.scene.preUpdate.addEventListener(() => {
    addScriptTime('layerUpdate', performance.now() - updateStartMs);
  });
  const entries: WorkerDirectoryEntry[] = walkers.map((walker) => ({
    workerId: walker.workerId,
    displayName: `W${walker.workerId}`,
    gridCodes: [],
    status: 'online',
  }));
  layer.setWorkers(entries, new Set(entries.map((entry) => entry.workerId)));
  const figures = await runFrames(
    viewer,
    (simMs) => {
      simNowMs = simMs;
    },
    (fixMs) => {
      simNowMs = fixMs;
      // The wire path: the server's binary frame, decoded as the feed does.
      const bytes = encodePositionFrame(
        stepWalkers(walkers, FIX_INTERVAL_MS / 1000, START_EPOCH_MS + fixMs),
        START_EPOCH_MS + fixMs,
      );
      layer.applyPositions(decodePositionFrame(bytes).positions);
    },
  );
  layer.destroy();
  removeBefore();
  removeAfter();
  return figures;
}

async function runEntities(viewer: Viewer): Promise<RunFigures> {
  const walkers = createWalkers(WORKER_COUNT);
  const colour = Color.fromCssColorString('#2ee6a6');
  const properties: SampledPositionProperty[] = [];
  const entities: Entity[] = walkers.map((walker) => {
    const property = new SampledPositionProperty();
    properties.push(property);
    return viewer.entities.add({
      id: `worker-${walker.workerId}`,
      position: property,
      point: { pixelSize: POINT_SIZE_PX, color: colour, disableDepthTestDistance: Infinity },
    });
  });
  const scratchTime = new JulianDate();
  const figures = await runFrames(
    viewer,
    (simMs) => {
      viewer.clock.currentTime = JulianDate.fromDate(
        new Date(START_EPOCH_MS + simMs - ENTITY_RENDER_DELAY_MS),
        scratchTime,
      );
    },
    (fixMs) => {
      const bytes = encodePositionFrame(
        stepWalkers(walkers, FIX_INTERVAL_MS / 1000, START_EPOCH_MS + fixMs),
        START_EPOCH_MS + fixMs,
      );
      for (const position of decodePositionFrame(bytes).positions) {
        properties[position.workerId - 1]?.addSample(
          JulianDate.fromDate(new Date(position.fixTimeMs)),
          Cartesian3.fromDegrees(position.lon, position.lat, 3),
        );
      }
    },
  );
  for (const entity of entities) viewer.entities.remove(entity);
  return figures;
}

function publish(result: unknown): void {
  const element = document.getElementById('result')!;
  element.textContent = JSON.stringify(result);
  element.dataset.done = 'true';
}

/** Runs each way twice, alternating, so neither profits from going second; keeps the better run. */
async function main(): Promise<void> {
  const viewer = await createBenchViewer();
  viewer.clock.shouldAnimate = false;
  instrument(viewer);
  const runs: { points: RunFigures[]; entities: RunFigures[] } = { points: [], entities: [] };
  for (let round = 0; round < ROUNDS; round++) {
    await settle(viewer);
    runs.points.push(await runPoints(viewer));
    console.log(`round ${round + 1} points: ${JSON.stringify(runs.points.at(-1))}`);
    await settle(viewer);
    runs.entities.push(await runEntities(viewer));
    console.log(`round ${round + 1} entities: ${JSON.stringify(runs.entities.at(-1))}`);
  }
  const best = (figures: RunFigures[]) =>
    figures.reduce((left, right) =>
      right.steadyMsPerFrame < left.steadyMsPerFrame ? right : left,
    );
  publish({
    workers: WORKER_COUNT,
    shell: params.get('shell') ?? 'cesium',
    points: best(runs.points),
    entities: best(runs.entities),
    runs,
  });
  viewer.destroy();
}

main().catch((error: unknown) =>
  publish({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
);
