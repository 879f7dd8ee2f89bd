/**
 * bench:frame page (not part of the app bundle): one viewer, two ways of moving the same 5,000
 * walking workers fed at 1 Hz — (a) the wall's workers layer (one PointPrimitiveCollection,
 * binary frames decoded and glided per frame), (b) one Cesium Entity per worker with a
 * SampledPositionProperty — on a simulated 60 fps clock, the render loop driven by hand with
 * requestRenderMode off. Script time per frame is measured around the frame's ingest and
 * viewer.render(). The figures go into #result as JSON.
 */
import {
  Cartesian3,
  Color,
  EllipsoidTerrainProvider,
  JulianDate,
  SampledPositionProperty,
  Viewer,
  type Entity,
} from 'cesium';
import { decodePositionFrame, encodePositionFrame } from '../../../src/shared/positionFrame';
import type { WorkerDirectoryEntry } from '../../../src/shared/trackingEvents';
import { createWorkersLayer } from '../../../src/client/globe/workersLayer';
import { BENCH_CENTRE, createWalkers, stepWalkers } from './benchWorkers';

const params = new URLSearchParams(location.search);
const WORKER_COUNT = Number(params.get('workers') ?? 5000);
const MEASURED_FRAMES = Number(params.get('frames') ?? 300);
const WARMUP_FRAMES = Number(params.get('warmup') ?? 60);
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

interface RunFigures {
  frames: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  ingestMsPerFix: number;
}

function figuresOf(samplesMs: number[], ingestMs: number[]): RunFigures {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  const sum = samplesMs.reduce((total, value) => total + value, 0);
  const ingestSum = ingestMs.reduce((total, value) => total + value, 0);
  return {
    frames: samplesMs.length,
    meanMs: sum / samplesMs.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    ingestMsPerFix: ingestMs.length === 0 ? 0 : ingestSum / ingestMs.length,
  };
}

function createBenchViewer(): Viewer {
  const viewer = new Viewer(document.getElementById('globe')!, {
    baseLayer: false,
    terrainProvider: new EllipsoidTerrainProvider(),
    baseLayerPicker: false,
    geocoder: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    skyBox: false,
    useDefaultRenderLoop: false,
    requestRenderMode: false,
  });
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
    const ready = viewer.scene.globe.tilesLoaded && viewer.dataSourceDisplay.ready;
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
  const ingestSamples: number[] = [];
  let nextFixMs = 0;
  for (let frame = 0; frame < WARMUP_FRAMES + MEASURED_FRAMES; frame++) {
    const simMs = frame * FRAME_MS;
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
    if (frame >= WARMUP_FRAMES) {
      samples.push(elapsed);
      if (ingestMs > 0) ingestSamples.push(ingestMs);
    }
    await yieldToBrowser();
  }
  return figuresOf(samples, ingestSamples);
}

async function runPoints(viewer: Viewer): Promise<RunFigures> {
  const walkers = createWalkers(WORKER_COUNT);
  let simNowMs = 0;
  const layer = createWorkersLayer(viewer.scene, { nowMs: () => simNowMs });
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
  const viewer = createBenchViewer();
  viewer.clock.shouldAnimate = false;
  const runs: { points: RunFigures[]; entities: RunFigures[] } = { points: [], entities: [] };
  for (let round = 0; round < ROUNDS; round++) {
    await settle(viewer);
    runs.points.push(await runPoints(viewer));
    await settle(viewer);
    runs.entities.push(await runEntities(viewer));
  }
  const best = (figures: RunFigures[]) =>
    figures.reduce((left, right) => (right.meanMs < left.meanMs ? right : left));
  publish({
    workers: WORKER_COUNT,
    points: best(runs.points),
    entities: best(runs.entities),
    runs,
  });
  viewer.destroy();
}

main().catch((error: unknown) =>
  publish({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
);
