/**
 * The evacuation plan of one step of a scenario: per building inside the zones, evacuate or
 * shelter in place; each evacuating building's walking route to an open shelter outside every
 * zone (capacity respected); the fill of every shelter; and the emergency resources' driving
 * time to the release point. Plain data in, plain data out (lon/lat), so the server computes it
 * per change and the wall only draws it.
 */
import { toLocalMetres, toLonLat } from '../../geo/localFrame';
import type { PlanarRing } from '../../geo/planarGeometry';
import {
  distanceM,
  shortestPaths,
  type EdgeAccess,
  type LocalPoint,
  type StreetGraph,
} from '../../geo/streetGraph';
import type { LonLat } from '../../registry';
import type { AeglTier } from '../chemicals';
import {
  EVACUATION_PREPARATION_S,
  EVACUATION_WALKING_SPEED_MPS,
  protectiveActionOf,
  type ProtectiveAction,
} from './evacuationAdvice';
import { EvacuationStreets, type LocalRoute } from './evacuationStreets';
import { assignShelters, type UnplacedReason } from './shelterAssignment';
import { classifyStreets, ZoneAreas } from './zoneStreets';

/**
 * 30 km/h: a response vehicle on the district's streets with lights and siren; an assumption of
 * this model (urban response speeds vary with traffic), stated so every ETA can be read back.
 */
export const RESPONSE_DRIVING_SPEED_MPS = 30 / 3.6;
/** Six decimals of a degree: 0.1 m, finer than any street line drawn. */
const COORDINATE_DECIMALS = 6;

export interface PlanZone {
  tier: AeglTier;
  /** Outer ring, GeoJSON lon/lat positions; null when the tier has no zone. */
  ring: readonly (readonly number[])[] | null;
}

export interface PlanBuilding extends LonLat {
  id: number;
  name: string;
  nameEn: string;
  gridCode: string;
  persons: number;
  /** Bit i when zones[i] holds it. */
  zoneMask: number;
  arrivalS: number;
}

export interface PlanShelter extends LonLat {
  id: number;
  name: string;
  capacityPersons: number;
  open: boolean;
}

export interface PlanResource extends LonLat {
  id: number;
  name: string;
  resourceType: string;
}

export interface EvacuationInput {
  graph: StreetGraph;
  /** Origin of the graph's local metres. */
  origin: LonLat;
  zones: readonly PlanZone[];
  buildings: readonly PlanBuilding[];
  shelters: readonly PlanShelter[];
  resources: readonly PlanResource[];
  source: LonLat;
  /** Where a place meets the street graph (the caller may cache it: places do not move). */
  accessOf: (place: LonLat) => EdgeAccess | null;
}

export interface EvacuationRoute {
  shelterId: number;
  distanceM: number;
  walkS: number;
  /** [lon, lat] from the building to the shelter. */
  line: [number, number][];
}

export interface EvacuationBuilding {
  buildingId: number;
  name: string;
  nameEn: string;
  /** Its base grid: screens get the buildings of their own scopes. */
  gridCode: string;
  persons: number;
  zoneMask: number;
  arrivalS: number;
  /** Seconds to be out of every zone (preparation and walk); null when no street leads out. */
  leaveS: number | null;
  action: ProtectiveAction;
  /** Evacuating buildings only: their route, or why none was given. */
  route: EvacuationRoute | null;
  unplaced: UnplacedReason | null;
}

export type ShelterState = 'open' | 'closed' | 'in_zone' | 'no_street';

export interface ShelterFill {
  id: number;
  name: string;
  lon: number;
  lat: number;
  capacityPersons: number;
  assignedPersons: number;
  state: ShelterState;
}

export interface ResourceEta {
  id: number;
  name: string;
  resourceType: string;
  lon: number;
  lat: number;
  /** Driving metres to the release point, or null when either is off the streets. */
  distanceM: number | null;
  etaS: number | null;
}

export interface EvacuationPlan {
  walkingSpeedMps: number;
  preparationS: number;
  drivingSpeedMps: number;
  /** Most urgent first: worst zone, then the soonest reached. */
  buildings: EvacuationBuilding[];
  shelters: ShelterFill[];
  resources: ResourceEta[];
}

const round = (value: number) => Number(value.toFixed(COORDINATE_DECIMALS));

export function planEvacuation(input: EvacuationInput): EvacuationPlan {
  const { graph, origin } = input;
  const local = (place: LonLat): LocalPoint => toLocalMetres(origin, place);
  const rings: PlanarRing[] = input.zones.flatMap((zone) =>
    zone.ring === null
      ? []
      : [
          zone.ring.map(([lon, lat]) => {
            const point = local({ lon: lon!, lat: lat! });
            return [point.eastM, point.northM] as const;
          }),
        ],
  );
  const areas = new ZoneAreas(rings);
  const streets = new EvacuationStreets(graph, areas, classifyStreets(graph, areas));
  const exitM = streets.exitDistancesM();
  const toLine = (place: LonLat, points: readonly LocalPoint[], end: LonLat): [number, number][] =>
    [place, ...points.map((point) => toLonLat(origin, point.eastM, point.northM)), end].map(
      (position) => [round(position.lon), round(position.lat)],
    );

  const buildings: EvacuationBuilding[] = input.buildings.map((building) => {
    const access = input.accessOf(building);
    const leaveM = access === null ? Infinity : streets.leaveDistanceM(access, exitM);
    const worstZone = 31 - Math.clz32(building.zoneMask);
    const action = protectiveActionOf({
      worstTier: input.zones[worstZone]!.tier,
      arrivalS: building.arrivalS,
      exitM: leaveM,
    });
    return {
      buildingId: building.id,
      name: building.name,
      nameEn: building.nameEn,
      gridCode: building.gridCode,
      persons: building.persons,
      zoneMask: building.zoneMask,
      arrivalS: building.arrivalS,
      leaveS: Number.isFinite(leaveM)
        ? Math.round(EVACUATION_PREPARATION_S + leaveM / EVACUATION_WALKING_SPEED_MPS)
        : null,
      action,
      route: null,
      unplaced: null,
    };
  });

  const fields = input.shelters.map((shelter) => {
    const access = input.accessOf(shelter);
    if (!shelter.open || access === null || areas.contains(local(shelter))) return null;
    return streets.fieldTo(access);
  });
  const shelterStates = input.shelters.map((shelter, index): ShelterState => {
    if (!shelter.open) return 'closed';
    if (areas.contains(local(shelter))) return 'in_zone';
    return fields[index] === null ? 'no_street' : 'open';
  });
  const evacuating = buildings.flatMap((building, index) =>
    building.action === 'evacuate' && building.persons > 0 ? [index] : [],
  );
  const routeCache = new Map<string, LocalRoute | null>();
  /** The building's way to the shelter: its cost, its real length and its line (local metres). */
  const routeOf = (buildingIndex: number, shelter: number) => {
    const key = `${buildingIndex}:${shelter}`;
    const field = fields[shelter];
    const access = input.accessOf(input.buildings[buildingIndex]!);
    if (!routeCache.has(key)) {
      routeCache.set(
        key,
        field === null || field === undefined || access === null
          ? null
          : streets.routeFrom(access, field),
      );
    }
    const route = routeCache.get(key)!;
    if (route === null || access === null) return null;
    const shelterAccess = input.accessOf(input.shelters[shelter]!)!;
    const line = [...route.line, shelterAccess.point];
    let lengthM = access.accessM + shelterAccess.accessM;
    for (let index = 1; index < line.length; index++) {
      lengthM += distanceM(line[index - 1]!, line[index]!);
    }
    return { costM: route.costM + shelterAccess.accessM, lengthM, line };
  };
  const { choices, assignedPersons } = assignShelters(
    evacuating.map((index) => ({
      buildingId: buildings[index]!.buildingId,
      persons: buildings[index]!.persons,
      worstZone: 31 - Math.clz32(buildings[index]!.zoneMask),
      arrivalS: buildings[index]!.arrivalS,
    })),
    input.shelters.map((shelter) => shelter.capacityPersons),
    (evacuee, shelter) => routeOf(evacuating[evacuee]!, shelter)?.costM ?? Infinity,
  );
  const indexOfBuilding = new Map(buildings.map((building, index) => [building.buildingId, index]));
  for (const choice of choices) {
    const index = indexOfBuilding.get(choice.buildingId)!;
    const building = buildings[index]!;
    if (choice.shelter === null) {
      building.unplaced = choice.unplaced;
      continue;
    }
    const route = routeOf(index, choice.shelter)!;
    const shelter = input.shelters[choice.shelter]!;
    building.route = {
      shelterId: shelter.id,
      distanceM: Math.round(route.lengthM),
      walkS: Math.round(route.lengthM / EVACUATION_WALKING_SPEED_MPS),
      line: toLine(input.buildings[index]!, route.line, shelter),
    };
  }

  return {
    walkingSpeedMps: EVACUATION_WALKING_SPEED_MPS,
    preparationS: EVACUATION_PREPARATION_S,
    drivingSpeedMps: RESPONSE_DRIVING_SPEED_MPS,
    buildings: buildings.sort(
      (left, right) =>
        right.zoneMask - left.zoneMask ||
        left.arrivalS - right.arrivalS ||
        left.buildingId - right.buildingId,
    ),
    shelters: input.shelters.map((shelter, index) => ({
      id: shelter.id,
      name: shelter.name,
      lon: shelter.lon,
      lat: shelter.lat,
      capacityPersons: shelter.capacityPersons,
      assignedPersons: assignedPersons[index]!,
      state: shelterStates[index]!,
    })),
    resources: resourceEtas(input),
  };
}

/** Driving to the release point over every street (responders go in; walkers keep out). */
function resourceEtas(input: EvacuationInput): ResourceEta[] {
  const { graph } = input;
  const target = input.accessOf(input.source);
  const paths =
    target === null
      ? null
      : shortestPaths(
          graph,
          [target.edge.from, target.edge.to].map((node) => ({
            node,
            costM: distanceM(target.point, graph.nodes[node]!),
          })),
        );
  return input.resources.map((resource) => {
    const start = input.accessOf(resource);
    let metres = Infinity;
    if (paths !== null && target !== null && start !== null) {
      for (const node of [start.edge.from, start.edge.to]) {
        metres = Math.min(
          metres,
          start.accessM +
            distanceM(start.point, graph.nodes[node]!) +
            paths.costM[node]! +
            target.accessM,
        );
      }
    }
    const known = Number.isFinite(metres);
    return {
      id: resource.id,
      name: resource.name,
      resourceType: resource.resourceType,
      lon: resource.lon,
      lat: resource.lat,
      distanceM: known ? Math.round(metres) : null,
      etaS: known ? Math.round(metres / RESPONSE_DRIVING_SPEED_MPS) : null,
    };
  });
}
