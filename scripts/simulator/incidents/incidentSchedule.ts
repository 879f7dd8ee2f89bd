/**
 * When and where incidents happen (demo data): a diurnal rhythm (busy mornings and late
 * afternoons, quiet nights, in district time), a rate per minute, and for each incident a place,
 * a category, a Chinese description and who reports it. Deterministic: every district hour is
 * drawn from its own stream (seed + hour), so a window gives the same incidents whenever it is
 * asked for and two overlapping windows agree on the overlap.
 */
import { createSeededRandom, type SeededRandom } from '../../../src/domain/seededRandom';
import type { IncidentSource } from '../../../src/shared/incidents';
import { districtHourOf } from '../../../src/domain/districtTime';
import type { IncidentPlace } from './incidentPlaces';
import { INCIDENT_TEMPLATES, PLACE_KIND_WEIGHTS } from './incidentTemplates';

const HOUR_MS = 60 * 60 * 1000;
/** Relative activity per district hour 0–23 (mean ≈ 1). */
export const HOURLY_ACTIVITY: readonly number[] = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.25, 0.6, 1.3, 1.9, 1.8, 1.5, 1.3, 1.1, 1.0, 1.2, 1.4, 1.7, 1.9, 1.6,
  1.2, 0.9, 0.7, 0.45, 0.25,
];
/** Reports come from workers on patrol, the hotline (12345) and citizens (Open311). */
export const SOURCE_WEIGHTS: ReadonlyArray<readonly [ReportSource, number]> = [
  ['worker', 5],
  ['hotline', 3],
  ['citizen', 2],
];
/** A report lands within this many metres of the place's point. */
const JITTER_M = 25;
const METRES_PER_DEGREE_LAT = 111_320;
/** Above this mean the Poisson count is drawn from its normal approximation. */
const POISSON_NORMAL_ABOVE = 30;

export type ReportSource = Extract<IncidentSource, 'worker' | 'hotline' | 'citizen'>;

export interface PlannedIncident {
  /** Stable key: seed, hour and index in the hour. */
  key: string;
  atMs: number;
  place: IncidentPlace;
  categoryCode: string;
  description: string;
  source: ReportSource;
  lon: number;
  lat: number;
}

export interface ScheduleOptions {
  seed: number;
  /** Mean reports per minute at an average hour. */
  ratePerMinute: number;
}

export function activityAt(atMs: number): number {
  return HOURLY_ACTIVITY[districtHourOf(atMs)] ?? 1;
}

function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > POISSON_NORMAL_ABOVE) {
    const gaussian =
      Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.next();
  while (product > limit) {
    count += 1;
    product *= random.next();
  }
  return count;
}

function planOne(
  random: SeededRandom,
  places: readonly IncidentPlace[],
  atMs: number,
  key: string,
) {
  const kinds = [...new Set(places.map((place) => place.kind))];
  const kind = random.pickWeighted(
    kinds,
    kinds.map((name) => PLACE_KIND_WEIGHTS[name]),
  );
  const place = random.pick(places.filter((candidate) => candidate.kind === kind));
  const templates = INCIDENT_TEMPLATES[kind];
  const template = random.pickWeighted(
    templates,
    templates.map((entry) => entry.weight),
  );
  const description = random.pick(template.descriptions).replace('{place}', place.name);
  const source = random.pickWeighted(
    SOURCE_WEIGHTS.map(([name]) => name),
    SOURCE_WEIGHTS.map(([, weight]) => weight),
  );
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((place.lat * Math.PI) / 180);
  const lon = place.lon + random.between(-JITTER_M, JITTER_M) / metresPerDegreeLon;
  const lat = place.lat + random.between(-JITTER_M, JITTER_M) / METRES_PER_DEGREE_LAT;
  return { key, atMs, place, categoryCode: template.categoryCode, description, source, lon, lat };
}

/** Every incident planned in [fromMs, toMs), oldest first. */
export function planIncidents(
  places: readonly IncidentPlace[],
  fromMs: number,
  toMs: number,
  options: ScheduleOptions,
): PlannedIncident[] {
  if (places.length === 0 || !(toMs > fromMs)) return [];
  if (!(options.ratePerMinute >= 0)) throw new RangeError('ratePerMinute must be ≥ 0');
  const root = createSeededRandom(options.seed);
  const planned: PlannedIncident[] = [];
  for (let hour = Math.floor(fromMs / HOUR_MS); hour * HOUR_MS < toMs; hour += 1) {
    const hourStartMs = hour * HOUR_MS;
    const random = root.fork(`hour:${hour}`);
    const count = poisson(random, options.ratePerMinute * 60 * activityAt(hourStartMs));
    const times = Array.from({ length: count }, () =>
      Math.floor(hourStartMs + random.next() * HOUR_MS),
    ).sort((a, b) => a - b);
    times.forEach((atMs, index) => {
      const incident = planOne(
        random.fork(index),
        places,
        atMs,
        `${options.seed}:${hour}:${index}`,
      );
      if (atMs >= fromMs && atMs < toMs) planned.push(incident);
    });
  }
  return planned;
}
