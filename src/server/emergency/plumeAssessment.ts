/**
 * The plume assessment use case: a scenario in, the threat zones out with the residents of the
 * caller's scope in each, counted by age band and vulnerability tag, and the buildings inside
 * with the gas front's arrival time. Nobody is named: the
 * repository answers building points and grouped counts only. Storage is behind
 * EmergencyRepository (SQLite adapter: src/server/store/sqliteEmergencyStore.ts).
 */
import { arrivalTimeS } from '../../domain/emergency/plumeFrame';
import { computeThreatZones, PlumeInputError } from '../../domain/emergency/plumeScenario';
import { resolvePlumeScenario } from '../../domain/emergency/plumeScenarioInput';
import { tallyZoneResidents, type ResidentGroup } from '../../domain/emergency/residentsAtRisk';
import { zoneMaskOfPoints } from '../../domain/emergency/zoneMembership';
import { parseTags } from '../../domain/registry';
import type { PolygonGeometry } from '../../domain/geo/polygonContainment';
import type {
  BuildingAtRisk,
  PlumeAssessmentRequest,
  PlumeAssessmentResponse,
  ZonePolygon,
} from '../../shared/emergency';
import { LocalizedError, type Caller } from '../registry/accessErrors';
import { ageFromBirthYear } from '../registry/personMapper';

export interface BuildingPoint {
  id: number;
  lon: number;
  lat: number;
}

/** Residents of one building with one birth year and one stored tag list. */
export interface StoredResidentGroup {
  buildingId: number;
  birthYear: number;
  tags: string;
  count: number;
}

export interface EmergencyRepository {
  /** Buildings under one of the grid-code prefixes; an empty list matches nothing. */
  listBuildingPoints(scopes: readonly string[]): BuildingPoint[];
  listResidentGroups(buildingIds: readonly number[]): StoredResidentGroup[];
}

function toWirePolygon(polygon: PolygonGeometry): ZonePolygon {
  return {
    type: 'Polygon',
    coordinates: polygon.coordinates.map((ring) => ring.map((position) => [...position])),
  };
}

const roundM = (value: number | null) => (value === null ? null : Math.round(value));

function resolveOrRefuse(request: PlumeAssessmentRequest, now: Date) {
  try {
    return resolvePlumeScenario(request, now.getTime());
  } catch (error) {
    if (!(error instanceof PlumeInputError)) throw error;
    throw new LocalizedError(400, { zh: error.messageZh, en: error.messageEn });
  }
}

export function assessPlume(
  repository: EmergencyRepository,
  caller: Caller,
  request: PlumeAssessmentRequest,
  now: Date,
): PlumeAssessmentResponse {
  const { scenario, stabilitySource } = resolveOrRefuse(request, now);
  const { frame, zones } = computeThreatZones(scenario);
  const buildings = repository.listBuildingPoints(caller.scopes);
  const masks = zoneMaskOfPoints(
    zones,
    frame,
    buildings.map((building) => building.lon),
    buildings.map((building) => building.lat),
  );
  const maskByBuilding = new Map<number, number>();
  const atRisk: BuildingAtRisk[] = [];
  buildings.forEach((building, index) => {
    if (masks[index]! === 0) return;
    maskByBuilding.set(building.id, masks[index]!);
    // Inside a zone means downwind, so an arrival time always exists.
    const arrivalS = arrivalTimeS(frame, scenario.windMs, building) ?? 0;
    atRisk.push([building.id, masks[index]!, Math.round(arrivalS)]);
  });
  atRisk.sort((left, right) => left[2] - right[2] || left[0] - right[0]);
  const groups = repository
    .listResidentGroups([...maskByBuilding.keys()])
    .map((group): ResidentGroup => ({
      buildingId: group.buildingId,
      ageYears: ageFromBirthYear(group.birthYear, now),
      tags: parseTags(group.tags),
      count: group.count,
    }));
  const tallies = tallyZoneResidents(zones.length, maskByBuilding, groups);
  const { substance } = scenario;
  return {
    substance: {
      id: substance.id,
      nameZh: substance.nameZh,
      nameEn: substance.nameEn,
      casNumber: substance.casNumber,
    },
    stability: scenario.stability,
    stabilitySource,
    terrain: scenario.terrain,
    exposureMin: scenario.exposureMin,
    windMs: scenario.windMs,
    windFromDeg: scenario.windFromDeg,
    zones: zones.map((zone, index) => ({
      tier: zone.tier,
      ppm: zone.ppm,
      maxDistanceM: roundM(zone.maxDistanceM),
      maxHalfWidthM: roundM(zone.maxHalfWidthM),
      arrivalAtMaxDistanceS:
        zone.maxDistanceM === null ? null : Math.round(zone.maxDistanceM / scenario.windMs),
      truncated: zone.truncated,
      polygon: zone.polygon === null ? null : toWirePolygon(zone.polygon),
      ...tallies[index]!,
    })),
    buildings: atRisk,
  };
}
