/**
 * Evacuate or shelter in place, per building and summed per zone.
 *
 * The rule, after the US DOT Emergency Response Guidebook (ERG 2020, "Protective actions"):
 * evacuation is the better protection when there is time to get people out before the vapour
 * arrives; sheltering in place (indoors, windows and doors shut, ventilation off) when they would
 * still be on the street as the cloud passes. So a building inside an AEGL-2 or AEGL-3 zone
 * evacuates when its residents can be out of every zone before the gas front reaches it:
 * preparation time plus its walk along the streets out of the zones, at the pace of a group
 * with elderly people, is shorter than the front's arrival; otherwise it shelters in place.
 * AEGL-1 effects are notable discomfort that is transient and reversible: a building inside
 * AEGL-1 only shelters in place, since walking out through the plume exposes people more than
 * staying indoors.
 */
import type { AeglTier } from '../chemicals';

/**
 * 0.9 m/s: the Highway Capacity Manual's (HCM 2010) walking speed of 3.0 ft/s where elderly
 * pedestrians are more than 20 % (3.5 ft/s, 1.07 m/s, otherwise): an evacuating household moves
 * at the pace of its slowest member.
 */
export const EVACUATION_WALKING_SPEED_MPS = 0.9;
/**
 * Warning, gathering the household and getting down to the street before anyone walks: five
 * minutes, an assumption of this model (no published figure fits a door-knocking warning).
 */
export const EVACUATION_PREPARATION_S = 300;
/** Tiers whose buildings are considered for evacuation. */
export const EVACUATION_TIERS: readonly AeglTier[] = ['AEGL-2', 'AEGL-3'];

export type ProtectiveAction = 'evacuate' | 'shelter_in_place';

export interface ActionInput {
  /** The most severe zone holding the building. */
  worstTier: AeglTier;
  /** When the gas front reaches the building, seconds after the release. */
  arrivalS: number;
  /** Walking metres out of every zone along the streets; Infinity when there is no way. */
  exitM: number;
}

/** Seconds until the residents are out of the zones, or Infinity when they cannot get out. */
export function timeToLeaveS(exitM: number): number {
  return EVACUATION_PREPARATION_S + exitM / EVACUATION_WALKING_SPEED_MPS;
}

export function protectiveActionOf(input: ActionInput): ProtectiveAction {
  if (!EVACUATION_TIERS.includes(input.worstTier)) return 'shelter_in_place';
  return timeToLeaveS(input.exitM) < input.arrivalS ? 'evacuate' : 'shelter_in_place';
}

export interface ZoneAdvice {
  tier: AeglTier;
  /** Evacuate when any building of the zone can leave in time; AEGL-1 always shelters. */
  action: ProtectiveAction;
  evacuateBuildings: number;
  evacuatePersons: number;
  shelterBuildings: number;
  shelterPersons: number;
}

export interface BuildingAction {
  /** Bit i set when zone i holds the building. */
  zoneMask: number;
  persons: number;
  action: ProtectiveAction;
}

/** One advice per zone (same order as `tiers`) from the actions of the buildings inside. */
export function adviseZones(
  tiers: readonly AeglTier[],
  buildings: readonly BuildingAction[],
): ZoneAdvice[] {
  return tiers.map((tier, zone) => {
    const advice: ZoneAdvice = {
      tier,
      action: 'shelter_in_place',
      evacuateBuildings: 0,
      evacuatePersons: 0,
      shelterBuildings: 0,
      shelterPersons: 0,
    };
    for (const building of buildings) {
      if (((building.zoneMask >> zone) & 1) === 0) continue;
      if (building.action === 'evacuate') {
        advice.evacuateBuildings += 1;
        advice.evacuatePersons += building.persons;
      } else {
        advice.shelterBuildings += 1;
        advice.shelterPersons += building.persons;
      }
    }
    if (EVACUATION_TIERS.includes(tier) && advice.evacuateBuildings > 0) advice.action = 'evacuate';
    return advice;
  });
}
