import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalMetres, toLonLat } from '../../src/domain/geo/localFrame';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { detectStops } from '../../src/domain/tracking/detectStops';
import { distanceToAreaBoundaryM, isPointInArea } from '../../src/domain/geo/polygonContainment';
import { generateTestDistrict, type TestDistrict } from '../district/testDistrict';
import { ACCURACY_RANGE_M, type ReceivedFix } from './gpsReceiver';
import { loadSimulationNetworkFromDb, type SimulationNetwork } from './simulationNetwork';
import { SimulatedWorker } from './simulatedWorker';
import type { LocalPoint } from '../../src/domain/geo/streetGraph';
import { BOUNDARY_TOLERANCE_M, buildStreetGraph, type StreetGraph } from './streetGraph';

const START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const HOUR_MS = 60 * 60 * 1000;
const WORKERS_CHECKED = 10;

function distanceToGraphM(graph: StreetGraph, point: LocalPoint): number {
  let nearestM = Infinity;
  for (const edge of graph.edges) {
    const start = graph.nodes[edge.from]!;
    const end = graph.nodes[edge.to]!;
    const eastM = end.eastM - start.eastM;
    const northM = end.northM - start.northM;
    const along = Math.max(
      0,
      Math.min(
        1,
        ((point.eastM - start.eastM) * eastM + (point.northM - start.northM) * northM) /
          (eastM * eastM + northM * northM),
      ),
    );
    nearestM = Math.min(
      nearestM,
      Math.hypot(
        start.eastM + along * eastM - point.eastM,
        start.northM + along * northM - point.northM,
      ),
    );
  }
  return nearestM;
}

describe('simulated workers on the generated district', () => {
  let district: TestDistrict;
  let network: SimulationNetwork;
  const graphs = new Map<number, StreetGraph>();
  const tracks = new Map<number, ReceivedFix[]>();

  beforeAll(() => {
    district = generateTestDistrict({ seed: 5, buildingCount: 200, residentCount: 4000 });
    network = loadSimulationNetworkFromDb(district.dbPath);
    for (const worker of network.workers.slice(0, WORKERS_CHECKED)) {
      const graph = buildStreetGraph(
        network.roads,
        worker.gridCodes.map((code) => network.gridAreas[code]!),
      );
      graphs.set(worker.workerId, graph);
      const simulated = new SimulatedWorker(
        worker.workerId,
        graph,
        createSeededRandom(1).fork(worker.workerId),
        START_MS,
        1000,
      );
      tracks.set(worker.workerId, simulated.receivedUntil(START_MS + 3 * HOUR_MS - 1));
    }
  });
  afterAll(() => district.dispose());

  it('loads every worker with their grids, and streets for each', () => {
    expect(network.workers.length).toBe(district.summary.workerCount);
    expect(network.roads.length).toBeGreaterThan(10);
    for (const graph of graphs.values()) {
      expect(graph.followsBoundary).toBe(false);
      expect(graph.totalLengthM).toBeGreaterThan(300);
      expect(graph.edgesAtNode.every((edges) => edges.length > 0)).toBe(true);
    }
  });

  it('keeps the street graph inside the worker grids (boundary roads included)', () => {
    for (const worker of network.workers.slice(0, WORKERS_CHECKED)) {
      const graph = graphs.get(worker.workerId)!;
      const areas = worker.gridCodes.map((code) => network.gridAreas[code]!);
      const outside = graph.nodes.filter((node) => {
        const point = toLonLat(graph.origin, node.eastM, node.northM);
        return !areas.some(
          (area) =>
            isPointInArea(point, area) ||
            distanceToAreaBoundaryM(point, area) <= BOUNDARY_TOLERANCE_M + 1,
        );
      });
      expect(outside).toEqual([]);
    }
  });

  it('walks along the streets, and the fixes stay within their accuracy of the walk', () => {
    for (const [workerId, track] of tracks) {
      const graph = graphs.get(workerId)!;
      let farFixes = 0;
      let offStreet = 0;
      for (const received of track) {
        if (distanceToGraphM(graph, received.truth) > 0.01) offStreet++;
        const fixLocal = toLocalMetres(graph.origin, received.fix);
        const errorM = Math.hypot(
          fixLocal.eastM - received.truth.eastM,
          fixLocal.northM - received.truth.northM,
        );
        // 3 accuracy radii is 4.5 sigma of a 2-D Gaussian (3.5e-5 of fixes): more is a broken model.
        if (errorM > 3 * received.fix.accuracyM) farFixes++;
      }
      expect(offStreet).toBe(0);
      expect(farFixes / track.length).toBeLessThan(1e-3);
    }
  });

  it('reports accuracy that matches the error: about 68 % of fixes lie within it', () => {
    let within = 0;
    let outOfRange = 0;
    let total = 0;
    let bad = 0;
    for (const [workerId, track] of tracks) {
      const graph = graphs.get(workerId)!;
      for (const received of track) {
        total++;
        if (received.bad) {
          bad++;
          if (received.fix.accuracyM <= ACCURACY_RANGE_M.max) outOfRange++;
          continue;
        }
        const { accuracyM } = received.fix;
        if (accuracyM < ACCURACY_RANGE_M.min || accuracyM > ACCURACY_RANGE_M.max) outOfRange++;
        const fixLocal = toLocalMetres(graph.origin, received.fix);
        const errorM = Math.hypot(
          fixLocal.eastM - received.truth.eastM,
          fixLocal.northM - received.truth.northM,
        );
        if (errorM <= received.fix.accuracyM) within++;
      }
    }
    expect(outOfRange).toBe(0);
    expect(within / (total - bad)).toBeGreaterThan(0.6);
    expect(within / (total - bad)).toBeLessThan(0.76);
    expect(bad).toBeGreaterThan(0);
    expect(bad / total).toBeLessThan(0.01);
    const accuracies = [...tracks.values()]
      .flat()
      .filter((received) => !received.bad)
      .map((received) => received.fix.accuracyM);
    expect(accuracies.reduce((low, accuracy) => Math.min(low, accuracy))).toBeLessThan(5);
    expect(accuracies.reduce((high, accuracy) => Math.max(high, accuracy))).toBeGreaterThan(15);
  });

  it('walks at 1.0–1.6 m/s, with speed and heading missing now and then', () => {
    const moving = [...tracks.values()]
      .flat()
      .filter((received) => received.fix.speedMps !== null && received.fix.speedMps > 0);
    const meanSpeed =
      moving.reduce((sum, received) => sum + received.fix.speedMps!, 0) / moving.length;
    expect(meanSpeed).toBeGreaterThan(1.0);
    expect(meanSpeed).toBeLessThan(1.6);
    const all = [...tracks.values()].flat();
    expect(all.some((received) => received.fix.speedMps === null)).toBe(true);
    const headings = all.flatMap((received) =>
      received.fix.headingDeg === null ? [] : [received.fix.headingDeg],
    );
    expect(headings.length).toBeGreaterThan(all.length / 2);
    expect(headings.filter((headingDeg) => headingDeg < 0 || headingDeg >= 360)).toEqual([]);
  });

  it('stops for several minutes at places, and stop detection finds those stops', () => {
    let stopCount = 0;
    for (const track of tracks.values()) {
      const stops = detectStops(
        track.filter((received) => !received.bad).map((received) => ({ ...received.fix })),
      );
      stopCount += stops.length;
      for (const stop of stops) expect(stop.durationMs).toBeGreaterThanOrEqual(5 * 60_000);
    }
    // About one visit an hour each: most of 3 hours × 12 workers should show.
    expect(stopCount).toBeGreaterThan(WORKERS_CHECKED);
  });

  it('is deterministic for a seed and start time, and differs for another seed', () => {
    const worker = network.workers[0]!;
    const graph = graphs.get(worker.workerId)!;
    const make = (seed: number) =>
      new SimulatedWorker(
        worker.workerId,
        graph,
        createSeededRandom(seed).fork(worker.workerId),
        START_MS,
        1000,
      );
    const again = make(1).fixesUntil(START_MS + 3 * HOUR_MS - 1);
    expect(again).toEqual(tracks.get(worker.workerId)!.map((received) => received.fix));
    // Asking in small steps gives the same fixes as asking once.
    const stepped = make(1);
    const steppedFixes = [];
    for (let nowMs = START_MS; nowMs < START_MS + HOUR_MS; nowMs += 7_300) {
      steppedFixes.push(...stepped.fixesUntil(nowMs));
    }
    expect(steppedFixes).toEqual(again.slice(0, steppedFixes.length));
    expect(make(2).fixesUntil(START_MS + 60_000)).not.toEqual(again.slice(0, 61));
  });

  it('puts a worker in the same place at the same clock time whenever the run started', () => {
    const worker = network.workers[1]!;
    const graph = graphs.get(worker.workerId)!;
    const anchorMs = START_MS - 20 * HOUR_MS;
    const startedAt = (startMs: number) =>
      new SimulatedWorker(
        worker.workerId,
        graph,
        createSeededRandom(1).fork(worker.workerId),
        startMs,
        1000,
        undefined,
        anchorMs,
      );
    const early = startedAt(START_MS).receivedUntil(START_MS + HOUR_MS);
    const laterStartMs = START_MS + 17 * 60_000;
    const late = startedAt(laterStartMs).receivedUntil(START_MS + HOUR_MS);
    const earlyFromLaterStart = early.slice(17 * 60);
    expect(late.map((received) => received.fix.fixTimeMs)).toEqual(
      earlyFromLaterStart.map((received) => received.fix.fixTimeMs),
    );
    const gapsM = late.map((received, index) => {
      const other = earlyFromLaterStart[index]!.truth;
      return Math.hypot(received.truth.eastM - other.eastM, received.truth.northM - other.northM);
    });
    expect(Math.max(...gapsM)).toBeLessThan(1e-6);
  });
});
