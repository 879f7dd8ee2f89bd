/**
 * bench:heatmap — one new incident arriving on a heatmap of 100,000: the incremental update
 * (only the cells within one bandwidth) against a full recompute over every incident, in the
 * same run on the same grid. The last line is JSON with the figures, the baseline and `ratio`.
 */
import { performance } from 'node:perf_hooks';
import { createSeededRandom } from '../../src/domain/seededRandom';
import {
  addIncidentHeat,
  createHeatGrid,
  readHeatValues,
  recomputeHeat,
  removeIncidentHeat,
  type HeatPoint,
} from '../../src/domain/incidents/heatKernel';
import { percentile } from './percentile';

const INCIDENT_COUNT = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const INCREMENTAL_ITERATIONS = 2_000;
const RECOMPUTE_ITERATIONS = 5;
const SEED = 4;
/** The demo district's box (Gulou, Fuzhou), with the wall's default heat settings. */
const DISTRICT_BOX = { west: 119.27, south: 26.065, east: 119.315, north: 26.105 };
const CELL_SIZE_M = 25;
const BANDWIDTH_M = 250;
const TARGET_RATIO = 20;
const TARGET_UPDATE_MS = 50;
const PERCENTILE_50 = 0.5;
const PERCENTILE_99 = 0.99;

function summarise(samplesMs: number[]): { p50Ms: number; p99Ms: number; meanMs: number } {
  const sorted = [...samplesMs].sort((left, right) => left - right);
  const round = (value: number) => Number(value.toFixed(4));
  return {
    p50Ms: round(percentile(sorted, PERCENTILE_50)),
    p99Ms: round(percentile(sorted, PERCENTILE_99)),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
  };
}

function randomPoints(count: number, random: () => number): HeatPoint[] {
  return Array.from({ length: count }, () => ({
    lon: DISTRICT_BOX.west + random() * (DISTRICT_BOX.east - DISTRICT_BOX.west),
    lat: DISTRICT_BOX.south + random() * (DISTRICT_BOX.north - DISTRICT_BOX.south),
  }));
}

function main(): void {
  const seeded = createSeededRandom(SEED);
  const random = () => seeded.next();
  const incidents = randomPoints(INCIDENT_COUNT, random);
  const arrivals = randomPoints(INCREMENTAL_ITERATIONS, random);
  const grid = createHeatGrid({ ...DISTRICT_BOX, cellSizeM: CELL_SIZE_M, bandwidthM: BANDWIDTH_M });
  recomputeHeat(grid, incidents);

  const incrementalMs: number[] = [];
  for (const arrival of arrivals) {
    const startMs = performance.now();
    addIncidentHeat(grid, arrival);
    incrementalMs.push(performance.now() - startMs);
    removeIncidentHeat(grid, arrival); // keep the map at INCIDENT_COUNT for the next arrival
  }

  const recomputeMs: number[] = [];
  const withOneMore = [...incidents, arrivals[0]!];
  for (let iteration = 0; iteration < RECOMPUTE_ITERATIONS; iteration++) {
    const startMs = performance.now();
    recomputeHeat(grid, withOneMore);
    recomputeMs.push(performance.now() - startMs);
  }

  // Both paths must give the same map, or the comparison means nothing.
  const recomputed = readHeatValues(grid);
  recomputeHeat(grid, incidents);
  addIncidentHeat(grid, arrivals[0]!);
  const incremental = readHeatValues(grid);
  const maxDifference = recomputed.reduce(
    (max, value, index) => Math.max(max, Math.abs(value - incremental[index]!)),
    0,
  );

  const figures = summarise(incrementalMs);
  const baseline = summarise(recomputeMs);
  const ratio = Number((baseline.p50Ms / figures.p50Ms).toFixed(1));
  console.log(
    `grid ${grid.columns}×${grid.rows} cells of ${CELL_SIZE_M} m, bandwidth ${BANDWIDTH_M} m`,
  );
  console.log(
    `incremental: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms over ${INCREMENTAL_ITERATIONS}`,
  );
  console.log(`recompute:   p50 ${baseline.p50Ms} ms over ${RECOMPUTE_ITERATIONS}`);
  console.log(`max |incremental − recompute| = ${maxDifference.toExponential(2)} per km²`);
  console.log(
    JSON.stringify({
      bench: 'heatmap',
      incidents: INCIDENT_COUNT,
      cells: grid.columns * grid.rows,
      figures: { ...figures, iterations: INCREMENTAL_ITERATIONS },
      baseline: { ...baseline, iterations: RECOMPUTE_ITERATIONS, variant: 'full recompute' },
      ratio,
      maxDifferencePerKm2: maxDifference,
      targetMet: ratio >= TARGET_RATIO || figures.p99Ms < TARGET_UPDATE_MS,
    }),
  );
}

main();
