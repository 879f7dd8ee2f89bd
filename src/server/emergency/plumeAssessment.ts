/**
 * The plume assessment use case: a scenario in, the threat zones out with the residents of the
 * caller's scope in each, counted by age band and vulnerability tag, and the buildings inside
 * with the gas front's arrival time. Nobody is named: the
 * repository answers building points and grouped counts only. Storage is behind
 * EmergencyRepository (adapters: store/sqliteEmergencyStore.ts, store/pg/postgresEmergencyStore.ts;
 * contract suite emergency/emergencyRepositories.contract.test.ts): it answers the buildings on or
 * near the zone polygons (PostGIS with a GiST index, a bounding box on SQLite), and each zone's
 * buildings are then decided here by the zone's profile, so both engines answer alike.
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

/**
 * How far outside a zone polygon a building's point may lie and still be handed to the exact
 * test (about 0.1 m): the polygon and the profile agree, so this only absorbs rounding.
 */
export const ZONE_EDGE_MARGIN_DEG = 1e-6;

export interface EmergencyRepository {
  /**
   * Buildings under one of the grid-code prefixes whose point lies inside one of the polygons
   * or within ZONE_EDGE_MARGIN_DEG of it (possibly more: a candidate set); no scopes or no
   * polygons match nothing. Ordered by id.
   */
  listBuildingPointsInZones(
    scopes: readonly string[],
    zones: readonly PolygonGeometry[],
  ): Promise<BuildingPoint[]>;
  listResidentGroups(buildingIds: readonly number[]): Promise<StoredResidentGroup[]>;
}

/** The polygons of the zones that have one (a zone never reached has none). */
export function zonePolygonsOf(zones: readonly { polygon: PolygonGeometry | null }[]) {
  return zones.flatMap((zone) => (zone.polygon === null ? [] : [zone.polygon]));
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

export async function assessPlume(
  repository: EmergencyRepository,
  caller: Caller,
  request: PlumeAssessmentRequest,
  now: Date,
): Promise<PlumeAssessmentResponse> {
  const { scenario, stabilitySource } = resolveOrRefuse(request, now);
  const { frame, zones } = computeThreatZones(scenario);
  const buildings = await repository.listBuildingPointsInZones(
    caller.scopes,
    zonePolygonsOf(zones),
  );
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
  const groups = (await repository.listResidentGroups([...maskByBuilding.keys()])).map(
    (group): ResidentGroup => ({
      buildingId: group.buildingId,
      ageYears: ageFromBirthYear(group.birthYear, now),
      tags: parseTags(group.tags),
      count: group.count,
    }),
  );
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
