/**
 * The demo grid workers (网格员): one or two per base grid, a few of them also bound to a
 * neighbouring grid, with synthetic names and phones. Planned from the base grids' codes and
 * polygons alone (as stored in `grids`) and the generator seed, so that a district generated
 * before workers existed gets exactly the workers a fresh generation would write
 * (`addDemoWorkersIfMissing`), without touching its residents.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import {
  boundsOfAreas,
  distanceToAreaBoundaryM,
  polygonsOf,
  type AreaGeometry,
} from '../../src/domain/geo/polygonContainment';
import { pickWorkerName } from './workerNames';

export interface BaseGridOutline {
  code: string;
  /** GeoJSON Polygon or MultiPolygon in WGS84, as in `grids.polygon`. */
  polygon: AreaGeometry;
}

export interface DemoWorker {
  id: number;
  name: string;
  nameEn: string;
  phone: string;
  /** The first is the worker's own grid; a second one is a neighbour they also cover. */
  gridCodes: string[];
}

/** Share of base grids (roughly 300–400 households each) that have a second worker. */
const SECOND_WORKER_SHARE = 0.35;
/** Share of workers who also cover a neighbouring grid. */
const SHARED_NEIGHBOUR_SHARE = 0.15;
/** Two grids are neighbours when they share a stretch of boundary, not a single corner. */
const SHARED_VERTEX_TOLERANCE_M = 0.5;
/**
 * Mobile prefixes of the workers' phones: none of them is used for residents (identity.ts), so a
 * worker's number can never be a resident's; each number is drawn once (see `drawPhones`).
 */
export const WORKER_MOBILE_PREFIXES = ['166', '173', '177', '178'];
const SUBSCRIBER_DIGITS = 8;

/** Distinct boundary points of one grid that lie on the other's boundary. */
function sharedBoundaryPointCount(first: AreaGeometry, second: AreaGeometry): number {
  const shared = new Set<string>();
  for (const [from, to] of [
    [first, second],
    [second, first],
  ] as const) {
    for (const rings of polygonsOf(from)) {
      for (const [lon, lat] of rings[0] ?? []) {
        const point = { lon: lon!, lat: lat! };
        if (distanceToAreaBoundaryM(point, to) <= SHARED_VERTEX_TOLERANCE_M) {
          // Rounded to about 10 cm so that the same corner seen from both grids counts once.
          shared.add(`${lon!.toFixed(6)},${lat!.toFixed(6)}`);
        }
      }
    }
  }
  return shared.size;
}

/** For each grid (by index), the indices of the grids that share a boundary stretch with it. */
export function findNeighbourGrids(grids: readonly BaseGridOutline[]): number[][] {
  const bounds = grids.map((grid) => boundsOfAreas([grid.polygon]));
  // About a metre in degrees: boxes that do not come this close cannot share an edge.
  const slackDeg = 1e-5;
  const neighbours = grids.map((): number[] => []);
  for (let first = 0; first < grids.length; first++) {
    for (let second = first + 1; second < grids.length; second++) {
      const [a, b] = [bounds[first]!, bounds[second]!];
      if (a[0] > b[2] + slackDeg || b[0] > a[2] + slackDeg) continue;
      if (a[1] > b[3] + slackDeg || b[1] > a[3] + slackDeg) continue;
      if (sharedBoundaryPointCount(grids[first]!.polygon, grids[second]!.polygon) >= 2) {
        neighbours[first]!.push(second);
        neighbours[second]!.push(first);
      }
    }
  }
  return neighbours;
}

/** Distinct phone numbers: a redrawn subscriber number on the rare repeat keeps them unique. */
function drawPhones(count: number, random: SeededRandom): string[] {
  const issued = new Set<string>();
  const phones: string[] = [];
  while (phones.length < count) {
    const phone =
      random.pick(WORKER_MOBILE_PREFIXES) +
      String(random.int(0, 10 ** SUBSCRIBER_DIGITS - 1)).padStart(SUBSCRIBER_DIGITS, '0');
    if (issued.has(phone)) continue;
    issued.add(phone);
    phones.push(phone);
  }
  return phones;
}

/**
 * The demo workers of a district, ids from 1, in base-grid code order. `random` must be the
 * generator's `fork('workers')` so that the result depends only on the seed and the grids.
 */
export function planDemoWorkers(
  grids: readonly BaseGridOutline[],
  random: SeededRandom,
): DemoWorker[] {
  const ordered = [...grids].sort((first, second) => (first.code < second.code ? -1 : 1));
  const neighbours = findNeighbourGrids(ordered);
  const bindings: string[][] = [];
  ordered.forEach((grid, index) => {
    const workerCount = random.chance(SECOND_WORKER_SHARE) ? 2 : 1;
    for (let worker = 0; worker < workerCount; worker++) {
      const gridCodes = [grid.code];
      const candidates = neighbours[index]!;
      if (candidates.length > 0 && random.chance(SHARED_NEIGHBOUR_SHARE)) {
        gridCodes.push(ordered[random.pick(candidates)]!.code);
      }
      bindings.push(gridCodes);
    }
  });
  const phones = drawPhones(bindings.length, random);
  return bindings.map((gridCodes, index) => ({
    id: index + 1,
    ...pickWorkerName(random),
    phone: phones[index]!,
    gridCodes,
  }));
}
