/**
 * bench:plume — the threat zones of a chlorine release, its concentration field over 5 km × 5 km
 * at 10 m (250,000 cells), and the residents in each zone at 1M, against a naive version in the
 * same run: every cell evaluated with the full formula, the zone outlines traced from the cells,
 * every resident tested against each outline with the point-in-polygon ring walk.
 *
 * Residents are synthetic: PERSON_COUNT points drawn uniformly over the field with a seeded
 * generator (no database to build or read, the same points every run). Uniform spread is kind
 * to the fast version's box filter, so the run also prints how many residents pass it.
 * The last line is JSON with the figures, the baseline and `ratio`.
 */
import { performance } from 'node:perf_hooks';
import { toLonLat } from '../../src/domain/geo/localFrame';
import { isPointInArea } from '../../src/domain/geo/polygonContainment';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { findChemical } from '../../src/domain/emergency/chemicals';
import {
  computeConcentrationField,
  type FieldGrid,
} from '../../src/domain/emergency/concentrationField';
import { toPlumeFrame } from '../../src/domain/emergency/plumeFrame';
import { groundConcentrationMgM3 } from '../../src/domain/emergency/plumeModel';
import { computeThreatZones, type PlumeScenario } from '../../src/domain/emergency/plumeScenario';
import { zoneMaskOfPoints } from '../../src/domain/emergency/zoneMembership';
import { percentile } from './percentile';
import { runNaivePlume } from './plumeBaseline';

const PERSON_COUNT = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const FAST_ITERATIONS = 5;
const SEED = 12;
const FIELD_SIZE_M = 5000;
const CELL_SIZE_M = 10;
const TARGET_RATIO = 10;
const TARGET_FAST_MS = 1000;
/** Cells under a thousandth of the lowest tier are left at 0 in the fast field. */
const FIELD_FLOOR_FRACTION = 1e-3;
const PERCENTILE_50 = 0.5;
const AUDIT_PERSONS = 100_000;

/** The example release at the demo district's centre, blowing from the south-west. */
const SCENARIO: PlumeScenario & { release: { kind: 'continuous' } } = {
  substance: findChemical('chlorine')!,
  release: { kind: 'continuous', rateGPerS: 1000 },
  releaseHeightM: 0,
  source: { lon: 119.2925, lat: 26.085 },
  windMs: 3,
  windFromDeg: 225,
  stability: 'D',
  terrain: 'urban',
  exposureMin: 60,
};
const GRID: FieldGrid = {
  westOffsetM: -FIELD_SIZE_M / 2,
  southOffsetM: -FIELD_SIZE_M / 2,
  cellSizeM: CELL_SIZE_M,
  columns: FIELD_SIZE_M / CELL_SIZE_M,
  rows: FIELD_SIZE_M / CELL_SIZE_M,
};

interface Residents {
  lons: Float64Array;
  lats: Float64Array;
}

function syntheticResidents(): Residents {
  const random = createSeededRandom(SEED);
  const lons = new Float64Array(PERSON_COUNT);
  const lats = new Float64Array(PERSON_COUNT);
  for (let index = 0; index < PERSON_COUNT; index++) {
    const point = toLonLat(
      SCENARIO.source,
      GRID.westOffsetM + random.next() * FIELD_SIZE_M,
      GRID.southOffsetM + random.next() * FIELD_SIZE_M,
    );
    lons[index] = point.lon;
    lats[index] = point.lat;
  }
  return { lons, lats };
}

interface StageTimes {
  zonesMs: number;
  fieldMs: number;
  residentsMs: number;
  totalMs: number;
}

function fastRun(residents: Residents) {
  const startMs = performance.now();
  const { frame, model, zones } = computeThreatZones(SCENARIO);
  const zonesMs = performance.now();
  const floorMgM3 =
    FIELD_FLOOR_FRACTION * Math.min(...zones.map((zone) => zone.profile!.thresholdMgM3));
  const field = computeConcentrationField(model, frame, GRID, floorMgM3);
  const fieldMs = performance.now();
  const masks = zoneMaskOfPoints(zones, frame, residents.lons, residents.lats);
  const counts = zones.map((_, zone) => masks.reduce((sum, mask) => sum + ((mask >> zone) & 1), 0));
  const endMs = performance.now();
  const times: StageTimes = {
    zonesMs: zonesMs - startMs,
    fieldMs: fieldMs - zonesMs,
    residentsMs: endMs - fieldMs,
    totalMs: endMs - startMs,
  };
  return { frame, model, zones, field, masks, counts, floorMgM3, times };
}

const round = (value: number, decimals = 2) => Number(value.toFixed(decimals));

function median(runs: StageTimes[]): StageTimes {
  const of = (key: keyof StageTimes) =>
    round(
      percentile(
        runs.map((run) => run[key]).sort((left, right) => left - right),
        PERCENTILE_50,
      ),
    );
  return {
    zonesMs: of('zonesMs'),
    fieldMs: of('fieldMs'),
    residentsMs: of('residentsMs'),
    totalMs: of('totalMs'),
  };
}

function main(): void {
  const residents = syntheticResidents();
  fastRun(residents); // warm the JIT before timing
  const fastRuns = Array.from({ length: FAST_ITERATIONS }, () => fastRun(residents));
  const fast = fastRuns[0]!;
  const figures = median(fastRuns.map((run) => run.times));
  const thresholds = fast.zones.map((zone) => zone.profile!.thresholdMgM3);
  const naive = runNaivePlume({
    scenario: SCENARIO,
    frame: fast.frame,
    grid: GRID,
    thresholdsMgM3: thresholds,
    ...residents,
  });
  const baseline = naive.times;

  // The fast answer must be the polygons' answer, or the comparison means nothing; and both
  // versions are held against the truth: the concentration at the resident's own position.
  let membershipMismatches = 0;
  const truthMismatches = { fast: 0, naive: 0 };
  for (let index = 0; index < Math.min(AUDIT_PERSONS, PERSON_COUNT); index++) {
    const point = { lon: residents.lons[index]!, lat: residents.lats[index]! };
    const { downwindM, crosswindM } = toPlumeFrame(fast.frame, point);
    const concentration = groundConcentrationMgM3(fast.model, downwindM, crosswindM);
    fast.zones.forEach((zone, zoneIndex) => {
      const inFast = Boolean((fast.masks[index]! >> zoneIndex) & 1);
      const inNaive = Boolean((naive.masks[index]! >> zoneIndex) & 1);
      const truth = concentration >= thresholds[zoneIndex]!;
      if (isPointInArea(point, zone.polygon!) !== inFast) membershipMismatches++;
      if (inFast !== truth) truthMismatches.fast++;
      if (inNaive !== truth) truthMismatches.naive++;
    });
  }
  let maxFieldRelativeDifference = 0;
  naive.field.forEach((direct, index) => {
    if (direct < fast.floorMgM3 * 1.01) return;
    const difference = Math.abs(fast.field[index]! - direct) / direct;
    maxFieldRelativeDifference = Math.max(maxFieldRelativeDifference, difference);
  });
  const countDifferences = fast.counts.map((count, zone) =>
    round(Math.abs(count - naive.counts[zone]!) / Math.max(1, naive.counts[zone]!), 4),
  );
  const ratio = round(baseline.totalMs / figures.totalMs, 1);
  const stageRatios = {
    zones: round(baseline.zonesMs / figures.zonesMs, 1),
    field: round(baseline.fieldMs / figures.fieldMs, 1),
    residents: round(baseline.residentsMs / figures.residentsMs, 1),
  };

  console.log(
    `field ${GRID.columns}×${GRID.rows} cells of ${CELL_SIZE_M} m, ${PERSON_COUNT} residents`,
  );
  fast.zones.forEach((zone, index) =>
    console.log(
      `${zone.tier} ${zone.ppm} ppm: ${Math.round(zone.maxDistanceM!)} m, residents fast ${fast.counts[index]} / naive ${naive.counts[index]}`,
    ),
  );
  console.log(`fast:  ${JSON.stringify(figures)} (median of ${FAST_ITERATIONS})`);
  console.log(
    `naive: ${JSON.stringify(Object.fromEntries(Object.entries(baseline).map(([key, value]) => [key, round(value)])))}`,
  );
  console.log(
    `membership mismatches against point-in-polygon (first ${AUDIT_PERSONS}): ${membershipMismatches}`,
  );
  console.log(
    `on the wrong side of a tier against the concentration at their position (first ${AUDIT_PERSONS}): fast ${truthMismatches.fast}, naive ${truthMismatches.naive}`,
  );
  console.log(
    `max |fast − direct| / direct over cells above the floor: ${maxFieldRelativeDifference.toExponential(2)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'plume',
      cells: GRID.columns * GRID.rows,
      residents: PERSON_COUNT,
      zones: fast.zones.map((zone, index) => ({
        tier: zone.tier,
        ppm: zone.ppm,
        maxDistanceM: round(zone.maxDistanceM!, 0),
        residents: fast.counts[index],
        residentsNaive: naive.counts[index],
      })),
      figures: { ...figures, iterations: FAST_ITERATIONS },
      baseline: {
        zonesMs: round(baseline.zonesMs),
        fieldMs: round(baseline.fieldMs),
        residentsMs: round(baseline.residentsMs),
        totalMs: round(baseline.totalMs),
        iterations: 1,
        variant:
          'every cell evaluated, outlines traced from cells, every resident against each outline',
      },
      stageRatios,
      ratio,
      membershipMismatches,
      truthMismatches,
      maxFieldRelativeDifference,
      residentCountRelativeDifference: countDifferences,
      targetMet:
        ratio >= TARGET_RATIO && figures.totalMs < TARGET_FAST_MS && membershipMismatches === 0,
    }),
  );
}

main();
