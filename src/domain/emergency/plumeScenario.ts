/**
 * A release scenario and its threat zones: for each AEGL tier of the chosen exposure duration,
 * the footprint where the ground-level concentration reaches the tier, as a profile in the
 * plume frame and as a lon/lat polygon, with its maximum downwind distance. Input is checked
 * here, once, for the command line and the server alike.
 */
import type { LonLat } from '../registry';
import type { PolygonGeometry } from '../geo/polygonContainment';
import {
  AEGL_TIERS,
  NOT_RECOMMENDED,
  aeglValuePpm,
  type AeglDurationMin,
  type AeglTier,
  type Chemical,
} from './chemicals';
import type { StabilityClass, Terrain } from './dispersionCoefficients';
import { ppmToMgPerM3 } from './gaussianDispersion';
import { createPlumeFrame, fromPlumeFrame, type PlumeFrame } from './plumeFrame';
import { createPlumeModel, type PlumeModel, type Release } from './plumeModel';
import {
  computeZoneProfile,
  maxHalfWidthM,
  zoneProfileRing,
  type ZoneProfile,
} from './zoneProfile';

/** Below about 1 m/s the wind meanders and a Gaussian plume has no defined direction. */
export const MIN_WIND_MS = 1;
export const MAX_WIND_MS = 30;
export const MAX_RELEASE_HEIGHT_M = 500;

export interface PlumeScenario {
  substance: Chemical;
  release: Release;
  releaseHeightM: number;
  source: LonLat;
  windMs: number;
  /** Compass bearing the wind blows FROM, degrees (meteorological convention). */
  windFromDeg: number;
  stability: StabilityClass;
  terrain: Terrain;
  exposureMin: AeglDurationMin;
}

export interface ThreatZone {
  tier: AeglTier;
  /** The tier's value, or null where the EPA table has none (NR). */
  ppm: number | null;
  /** Maximum downwind distance; 0 where the tier is never reached, null where NR. */
  maxDistanceM: number | null;
  nearestDistanceM: number | null;
  maxHalfWidthM: number | null;
  /** The zone reaches the model's 50 km limit and was cut there. */
  truncated: boolean;
  profile: ZoneProfile | null;
  polygon: PolygonGeometry | null;
}

export interface ThreatZones {
  frame: PlumeFrame;
  model: PlumeModel;
  /** AEGL-1, AEGL-2, AEGL-3: the widest first, the order they are drawn in. */
  zones: ThreatZone[];
}

/** Bad input, with the field and a message in both languages. */
export class PlumeInputError extends Error {
  constructor(
    readonly field: string,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

function requireRange(
  field: string,
  label: [zh: string, en: string],
  value: number,
  min: number,
  max: number,
) {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new PlumeInputError(
      field,
      `${label[0]}须在 ${min} 至 ${max} 之间，收到 ${value}`,
      `${label[1]} must be between ${min} and ${max}, got ${value}`,
    );
  }
}

function requirePositive(field: string, label: [zh: string, en: string], value: number) {
  if (!Number.isFinite(value) || value <= 0) {
    throw new PlumeInputError(
      field,
      `${label[0]}须为正数，收到 ${value}`,
      `${label[1]} must be a positive number, got ${value}`,
    );
  }
}

export function validatePlumeScenario(scenario: PlumeScenario): void {
  const { release, source } = scenario;
  if (release.kind === 'continuous') {
    requirePositive('release', ['泄漏速率（克/秒）', 'release rate (g/s)'], release.rateGPerS);
    if (release.durationS !== undefined) {
      requirePositive('durationS', ['泄漏持续时间', 'release duration'], release.durationS);
    }
  } else {
    requirePositive(
      'release',
      ['瞬时泄漏量（千克）', 'instantaneous release mass (kg)'],
      release.massKg,
    );
  }
  requireRange(
    'windMs',
    ['10 米风速（米/秒）', 'wind speed at 10 m (m/s)'],
    scenario.windMs,
    MIN_WIND_MS,
    MAX_WIND_MS,
  );
  requireRange(
    'windFromDeg',
    ['风向（度）', 'wind direction (degrees)'],
    scenario.windFromDeg,
    0,
    360,
  );
  requireRange(
    'releaseHeightM',
    ['泄漏高度（米）', 'release height (m)'],
    scenario.releaseHeightM,
    0,
    MAX_RELEASE_HEIGHT_M,
  );
  requireRange('source', ['泄漏点经度', 'source longitude'], source.lon, -180, 180);
  requireRange('source', ['泄漏点纬度', 'source latitude'], source.lat, -90, 90);
}

function zonePolygon(frame: PlumeFrame, profile: ZoneProfile): PolygonGeometry {
  const ring = zoneProfileRing(profile).map(([downwindM, crosswindM]) => {
    const { lon, lat } = fromPlumeFrame(frame, downwindM, crosswindM);
    return [lon, lat];
  });
  return { type: 'Polygon', coordinates: [ring] };
}

function threatZone(
  scenario: PlumeScenario,
  frame: PlumeFrame,
  model: PlumeModel,
  tier: AeglTier,
): ThreatZone {
  const value = aeglValuePpm(scenario.substance, tier, scenario.exposureMin);
  if (value === NOT_RECOMMENDED) {
    return {
      tier,
      ppm: null,
      maxDistanceM: null,
      nearestDistanceM: null,
      maxHalfWidthM: null,
      truncated: false,
      profile: null,
      polygon: null,
    };
  }
  const profile = computeZoneProfile(
    model,
    ppmToMgPerM3(value, scenario.substance.molecularWeightGPerMol),
  );
  return {
    tier,
    ppm: value,
    maxDistanceM: profile?.farthestM ?? 0,
    nearestDistanceM: profile?.nearestM ?? null,
    maxHalfWidthM: profile === null ? 0 : maxHalfWidthM(profile),
    truncated: profile?.truncated ?? false,
    profile,
    polygon: profile === null ? null : zonePolygon(frame, profile),
  };
}

export function computeThreatZones(scenario: PlumeScenario): ThreatZones {
  validatePlumeScenario(scenario);
  const frame = createPlumeFrame(scenario.source, scenario.windFromDeg);
  const model = createPlumeModel(scenario.release, {
    windMs: scenario.windMs,
    stability: scenario.stability,
    terrain: scenario.terrain,
    releaseHeightM: scenario.releaseHeightM,
  });
  const zones = AEGL_TIERS.map((tier) => threatZone(scenario, frame, model, tier));
  return { frame, model, zones };
}
