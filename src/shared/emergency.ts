/**
 * Wire types of the emergency module's plume assessment: a release scenario in, the threat
 * zones out with, per zone, counts of the registered residents living in buildings inside it
 * (by age band and vulnerability tag). Aggregates and places only: no names, no identifiers.
 */
import { API_PREFIX } from './api';
import type { AgeBandCode, VulnerabilityTag } from '../domain/emergency/residentsAtRisk';
import type { AeglTier } from '../domain/emergency/chemicals';
import type { PlumeScenarioInput } from '../domain/emergency/plumeScenarioInput';

export const EMERGENCY_API_PATH = `${API_PREFIX}/emergency`;
export const PLUME_ASSESSMENT_PATH = `${EMERGENCY_API_PATH}/plume`;

/** Body of POST /api/emergency/plume. */
export type PlumeAssessmentRequest = PlumeScenarioInput;

/** GeoJSON polygon, lon/lat degrees, outer ring counter-clockwise and closed. */
export interface ZonePolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface ZoneAssessment {
  tier: AeglTier;
  /** The tier's value for the exposure duration, or null where EPA gives none (NR). */
  ppm: number | null;
  maxDistanceM: number | null;
  maxHalfWidthM: number | null;
  /** Downwind distance over wind speed: when the gas front reaches the zone's far end. */
  arrivalAtMaxDistanceS: number | null;
  truncated: boolean;
  polygon: ZonePolygon | null;
  /** In the caller's scope only. */
  buildings: number;
  residents: number;
  byAgeBand: Record<AgeBandCode, number>;
  byTag: Record<VulnerabilityTag, number>;
}

/**
 * A building of the caller's scope inside at least one zone: [buildingId, zone bits (bit i for
 * zones[i]), seconds until the gas front arrives].
 */
export type BuildingAtRisk = [number, number, number];

export interface PlumeAssessmentResponse {
  substance: { id: string; nameZh: string; nameEn: string; casNumber: string };
  stability: string;
  stabilitySource: 'entered' | 'turner';
  terrain: string;
  exposureMin: number;
  windMs: number;
  windFromDeg: number;
  zones: ZoneAssessment[];
  /** Nearest the source first. */
  buildings: BuildingAtRisk[];
}
