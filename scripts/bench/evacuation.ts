/**
 * bench:evacuation — what the evacuation plan adds to a scenario change on a generated district
 * (the demo district by default: 1,500 buildings, 100,000 residents, its demo emergency
 * records): the change without a plan (the plume assessment of the whole district, as the hub
 * does for the dispatcher's scope) is the baseline, measured in the same run; then the plan
 * (zones, buildings in them with resident counts, the street graph through the zones, one way
 * out per shelter, assignment, resources' ETA). The release is chlorine at each demo plant in
 * turn, blowing over the district's centre. The first plan also builds the street graph and the
 * places' street access (cached afterwards, as in the server): it is reported on its own.
 * The last line is JSON with the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDistrict } from '../district/generateDistrict';
import { ensureDemoEmergencyRecords } from '../../src/server/emergency/records/ensureDemoEmergencyRecords';
import { EvacuationPlanner } from '../../src/server/emergency/evacuationPlanner';
import { assessPlume } from '../../src/server/emergency/plumeAssessment';
import { roadLinesOf } from '../../src/server/incidents/streetNetwork';
import { openDatabase } from '../../src/server/store/openDatabase';
import { sqliteEmergencyRecords } from '../../src/server/store/sqliteEmergencyRecordStore';
import { sqliteEmergencyRepository } from '../../src/server/store/sqliteEmergencyStore';
import { sqliteEvacuationRepository } from '../../src/server/store/sqliteEvacuationStore';
import { SqliteRegistryStore } from '../../src/server/store/sqliteRegistry';
import type { PlumeAssessmentRequest } from '../../src/shared/emergency';
import { percentile } from './percentile';

const BUILDINGS = Number(process.env.BENCH_BUILDINGS ?? 1500);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 100_000);
const SEED = Number(process.env.BENCH_SEED ?? 350102);
const ROUNDS = 5;
const PERCENTILE_50 = 0.5;
/** A light wind: the widest zones and the most buildings with time to walk out. */
const WIND_MS = 1.5;
const DEG = 180 / Math.PI;

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-evacuation-'));
const dbPath = path.join(dataDir, 'district.sqlite');
try {
  generateDistrict(dbPath, { seed: SEED, buildingCount: BUILDINGS, residentCount: RESIDENTS });
  ensureDemoEmergencyRecords(dbPath);
  const db = openDatabase(dbPath);
  const registry = new SqliteRegistryStore(db);
  const records = sqliteEmergencyRecords(db);
  const emergency = sqliteEmergencyRepository(db);
  const planner = new EvacuationPlanner({
    repository: sqliteEvacuationRepository(db),
    records,
    roadLines: () => roadLinesOf(registry.listBasemap()),
  });
  const district = registry.listGrids().find((grid) => grid.level === 1)!;
  // The district grid's centre (the mean of the building points before the stores answered
  // only the buildings near a zone).
  const centre = district.center;
  const caller = { username: 'bench', role: 'admin' as const, scopes: [district.code] };
  const requests: PlumeAssessmentRequest[] = (await records.listRecords('hazard')).map((plant) => {
    const { lon, lat } = plant.location!;
    // The bearing from the centre to the plant: the wind comes from the plant's side.
    const fromDeg = (Math.atan2(lon - centre.lon, lat - centre.lat) * DEG + 360) % 360;
    return {
      substance: 'chlorine',
      release: { kind: 'continuous', rateGPerS: 1000 },
      source: { lon, lat },
      windMs: WIND_MS,
      windFromDeg: Math.round(fromDeg),
      stability: 'D',
      terrain: 'urban',
    };
  });
  const now = new Date();
  let started = performance.now();
  await planner.plan(requests[0]!, now);
  const firstPlanMs = performance.now() - started;
  const assessMs: number[] = [];
  const planMs: number[] = [];
  let summary = { inZones: 0, evacuate: 0, routes: 0, unplaced: 0, shelters: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const request of requests) {
      started = performance.now();
      await assessPlume(emergency, caller, request, now);
      assessMs.push(performance.now() - started);
      started = performance.now();
      const plan = await planner.plan(request, now);
      planMs.push(performance.now() - started);
      if (round === 0) {
        summary = {
          inZones: summary.inZones + plan.buildings.length,
          evacuate:
            summary.evacuate + plan.buildings.filter((entry) => entry.action === 'evacuate').length,
          routes: summary.routes + plan.buildings.filter((entry) => entry.route !== null).length,
          unplaced:
            summary.unplaced + plan.buildings.filter((entry) => entry.unplaced !== null).length,
          shelters: plan.shelters.length,
        };
      }
    }
  }
  db.close();
  const sorted = (values: number[]) => [...values].sort((left, right) => left - right);
  const assessMedianMs = percentile(sorted(assessMs), PERCENTILE_50);
  const planMedianMs = percentile(sorted(planMs), PERCENTILE_50);
  console.log(
    `${BUILDINGS} buildings, ${requests.length} plants × ${ROUNDS} rounds; ` +
      `per release (round 1, summed over plants): ${JSON.stringify(summary)}`,
  );
  console.log(`first plan (street graph and access built): ${firstPlanMs.toFixed(1)} ms`);
  console.log(
    `median per change: assessment ${assessMedianMs.toFixed(1)} ms, plan ${planMedianMs.toFixed(1)} ms, ` +
      `together ${(assessMedianMs + planMedianMs).toFixed(1)} ms (plan / assessment ${(planMedianMs / assessMedianMs).toFixed(2)}×)`,
  );
  console.log(
    JSON.stringify({
      buildings: BUILDINGS,
      firstPlanMs: Math.round(firstPlanMs),
      assessMedianMs: Number(assessMedianMs.toFixed(1)),
      planMedianMs: Number(planMedianMs.toFixed(1)),
      ratio: Number((planMedianMs / assessMedianMs).toFixed(2)),
      ...summary,
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
