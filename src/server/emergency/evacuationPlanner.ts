/**
 * The evacuation plan of a scenario step, district-wide: the threat zones of the release, the
 * buildings inside them with their registered residents (counts only), the shelters and
 * resources from the emergency records, and the base map's roads as the street graph, handed to
 * the domain's planEvacuation. One plan serves every screen (capacity is the district's, not a
 * street's); each screen gets the buildings of its own scopes (planForScopes).
 */
import { arrivalTimeS } from '../../domain/emergency/plumeFrame';
import { computeThreatZones } from '../../domain/emergency/plumeScenario';
import { resolvePlumeScenario } from '../../domain/emergency/plumeScenarioInput';
import { zoneMaskOfPoints } from '../../domain/emergency/zoneMembership';
import {
  planEvacuation,
  type EvacuationPlan,
  type PlanBuilding,
  type PlanResource,
  type PlanShelter,
} from '../../domain/emergency/evacuation/evacuationPlan';
import { toLocalMetres } from '../../domain/geo/localFrame';
import { nearestEdgePoint, type EdgeAccess } from '../../domain/geo/streetGraph';
import { isInScope } from '../../domain/gridCode';
import type { LonLat } from '../../domain/registry';
import type { PolygonGeometry } from '../../domain/geo/polygonContainment';
import type { PlumeAssessmentRequest } from '../../shared/emergency';
import { MAX_ACCESS_M, StreetNetwork } from '../incidents/streetNetwork';
import { zonePolygonsOf } from './plumeAssessment';
import type { EmergencyRecordRepository } from './records/emergencyRecordRepository';

export interface StoredBuildingPlace extends LonLat {
  id: number;
  name: string;
  nameEn: string;
  gridCode: string;
}

export interface EvacuationRepository {
  /**
   * The buildings of the district whose point lies inside one of the polygons or within
   * ZONE_EDGE_MARGIN_DEG of it (a candidate set, as EmergencyRepository's), ordered by id.
   */
  listBuildingPlacesInZones(zones: readonly PolygonGeometry[]): Promise<StoredBuildingPlace[]>;
  /** Registered residents per building (buildings without any are left out). */
  countResidents(buildingIds: readonly number[]): Promise<Map<number, number>>;
}

export interface EvacuationPlannerDeps {
  repository: EvacuationRepository;
  records: Pick<EmergencyRecordRepository, 'listRecords'>;
  /** The base map's road centre lines ([lon, lat] positions), read once on first use. */
  roadLines: () => ReadonlyArray<ReadonlyArray<readonly number[]>>;
}

/** Shelters in these states take evacuees. */
const OPEN_SHELTER_STATUSES = new Set(['available', 'in_use']);

export class EvacuationPlanner {
  private network: StreetNetwork | null = null;
  /** Where each place meets the streets: places do not move, the base map does not change. */
  private readonly accessByPlace = new Map<string, EdgeAccess | null>();

  constructor(private readonly deps: EvacuationPlannerDeps) {}

  async plan(request: PlumeAssessmentRequest, now: Date): Promise<EvacuationPlan> {
    // The scenario hub has assessed this request already, so it resolves without refusal.
    const { scenario } = resolvePlumeScenario(request, now.getTime());
    const { frame, zones } = computeThreatZones(scenario);
    const [places, shelters, resources] = await Promise.all([
      this.deps.repository.listBuildingPlacesInZones(zonePolygonsOf(zones)),
      this.shelters(),
      this.resources(),
    ]);
    const masks = zoneMaskOfPoints(
      zones,
      frame,
      places.map((place) => place.lon),
      places.map((place) => place.lat),
    );
    const inZones = places.filter((_, index) => masks[index]! !== 0);
    const persons = await this.deps.repository.countResidents(inZones.map((place) => place.id));
    const buildings: PlanBuilding[] = places.flatMap((place, index) =>
      masks[index]! === 0
        ? []
        : [
            {
              ...place,
              persons: persons.get(place.id) ?? 0,
              zoneMask: masks[index]!,
              arrivalS: Math.round(arrivalTimeS(frame, scenario.windMs, place) ?? 0),
            },
          ],
    );
    const network = this.networkOf();
    return planEvacuation({
      graph: network.graph,
      origin: network.origin,
      zones: zones.map((zone) => ({
        tier: zone.tier,
        ring: zone.polygon?.coordinates[0] ?? null,
      })),
      buildings,
      shelters,
      resources,
      source: scenario.source,
      accessOf: (place) => this.accessOf(network, place),
    });
  }

  private async shelters(): Promise<PlanShelter[]> {
    return (await this.deps.records.listRecords('shelter')).flatMap((record) =>
      record.location === null
        ? []
        : [
            {
              id: record.id,
              name: record.name,
              ...record.location,
              capacityPersons: Number(record.attributes['capacityPersons'] ?? 0),
              open: OPEN_SHELTER_STATUSES.has(String(record.attributes['status'])),
            },
          ],
    );
  }

  private async resources(): Promise<PlanResource[]> {
    return (await this.deps.records.listRecords('resource')).flatMap((record) =>
      record.location === null
        ? []
        : [
            {
              id: record.id,
              name: record.name,
              resourceType: String(record.attributes['resourceType'] ?? ''),
              ...record.location,
            },
          ],
    );
  }

  private networkOf(): StreetNetwork {
    this.network ??= new StreetNetwork(this.deps.roadLines());
    return this.network;
  }

  private accessOf(network: StreetNetwork, place: LonLat): EdgeAccess | null {
    const key = `${place.lon},${place.lat}`;
    let access = this.accessByPlace.get(key);
    if (access === undefined) {
      access = nearestEdgePoint(network.graph, toLocalMetres(network.origin, place), MAX_ACCESS_M);
      this.accessByPlace.set(key, access);
    }
    return access;
  }
}

/** The plan as a screen of these scopes sees it: its own buildings, every shelter and resource. */
export function planForScopes(plan: EvacuationPlan, scopes: readonly string[]): EvacuationPlan {
  return {
    ...plan,
    buildings: plan.buildings.filter((building) => isInScope(building.gridCode, scopes)),
  };
}
