/**
 * Door-knocking in the active scenario: the households of the caller's scope inside a threat
 * zone in the order they must be knocked on (doorKnockOrder), and their assignment to the nearest
 * available workers as ordinary incidents of the emergency category — one per building, or per
 * batch of DOOR_KNOCK_BATCH_SIZE households — registered and dispatched through the incident loop,
 * so the task reaches the worker's phone like any other and its state is the incident's.
 *
 * A household goes to one task per scenario, on every node: each batch's households are claimed
 * in the store first (DoorKnockRepository.claimHouseholds, one conditional write), and only those
 * this call got are put in its task.
 *
 * What leaves here about people: the head of household's name (surname only for roles that may
 * not reveal, as for workers' names), the masked phone, ages as the child count and tags as
 * counts. The worker's task text lists floors, rooms, member counts and needs: no names.
 */
import { AEGL_TIERS, type AeglTier } from '../../domain/emergency/chemicals';
import {
  CHILD_MAX_AGE_YEARS,
  DOOR_KNOCK_NEEDS,
  orderForDoorKnocking,
  type DoorKnockNeed,
} from '../../domain/emergency/doorKnockOrder';
import { parseTags } from '../../domain/registry';
import type {
  DoorKnockAssignment,
  DoorKnockHousehold,
  DoorKnockListResponse,
  DoorKnockTask,
} from '../../shared/emergencyScenario';
import { permissionsOf } from '../auth/roles';
import { userActor, workerIdOfUsername } from '../incidents/incidentActors';
import type { DispatchService } from '../incidents/dispatchService';
import type { IncidentService } from '../incidents/incidentService';
import { ForbiddenError, LocalizedError, type Caller } from '../registry/accessErrors';
import { ageFromBirthYear } from '../registry/personMapper';
import { maskWorkerName } from '../tracking/workerMapper';
import { NO_SCENARIO, type ScenarioHub } from './scenarioHub';

/** Households listed in one task at most: a worker's list that still fits a phone screen. */
export const DOOR_KNOCK_BATCH_SIZE = 12;
export const DOOR_KNOCK_CATEGORY = 'emergency';
export const DOOR_KNOCK_AUDIT_ACTION = 'emergency_door_knock_assign';

export interface StoredDoorKnockMember {
  householdId: number;
  buildingId: number;
  buildingName: string;
  buildingNameEn: string;
  gridCode: string;
  lon: number;
  lat: number;
  floor: number;
  roomLabel: string;
  isHead: boolean;
  name: string;
  phoneMasked: string | null;
  birthYear: number;
  tags: string;
}

/** A claim whose task never got its incident (its node stopped) is free again after this. */
export const DOOR_KNOCK_CLAIM_TIMEOUT_MS = 120_000;

export interface DoorKnockRepository {
  listMembers(buildingIds: readonly number[]): Promise<StoredDoorKnockMember[]>;
  /** The scenario's claimed households and their task's incident (null while it is created). */
  listTasks(scenarioId: string): Promise<Map<number, string | null>>;
  /**
   * Claims the households for one task, in one statement: a household is taken if nobody holds
   * it, or if its claim has no incident and is older than `staleBeforeMs`. Answers those taken;
   * of claims made at once, on any node, each household goes to one.
   */
  claimHouseholds(
    scenarioId: string,
    householdIds: readonly number[],
    atMs: number,
    staleBeforeMs: number,
  ): Promise<number[]>;
  /** Names the incident of the task these households were claimed for. */
  setTaskIncident(
    scenarioId: string,
    householdIds: readonly number[],
    incidentId: string,
  ): Promise<void>;
  /** Gives back claims whose task was not created (they have no incident). */
  releaseHouseholds(scenarioId: string, householdIds: readonly number[]): Promise<void>;
}

export interface DoorKnockingDeps {
  hub: ScenarioHub;
  repository: DoorKnockRepository;
  incidents: Pick<IncidentService, 'reportFromUser' | 'transition' | 'findInScope'>;
  dispatch: Pick<DispatchService, 'suggestions' | 'confirm'>;
  workerName: (workerId: number) => Promise<string | null>;
  audit: (caller: Caller, action: string, targetId: string, reason: string) => Promise<unknown>;
  now: () => Date;
  /** Told of every assignment (the command's timeline, docs/decisions/0037). */
  onAssigned?: (caller: Caller, assignments: readonly DoorKnockAssignment[]) => void;
}

type Listed = DoorKnockHousehold & { lon: number; lat: number; worstZoneIndex: number };

const NEED_NAMES: Record<DoorKnockNeed, string> = {
  bedridden: '卧床',
  disabled: '残疾',
  elderly_alone: '独居老人',
  children: '儿童',
};

function emptyNeeds(): Record<DoorKnockNeed, number> {
  return Object.fromEntries(DOOR_KNOCK_NEEDS.map((need) => [need, 0])) as Record<
    DoorKnockNeed,
    number
  >;
}

const BAD_HOUSEHOLDS = new LocalizedError(400, {
  zh: '所选住户不在当前推演的威胁区内或不在您的辖区',
  en: 'Some households are not inside a threat zone of the scenario in your scope',
});

export class DoorKnocking {
  constructor(private readonly deps: DoorKnockingDeps) {}

  async list(caller: Caller, tier: AeglTier): Promise<DoorKnockListResponse> {
    const zoneIndex = AEGL_TIERS.indexOf(tier);
    const { scenarioId, households: listed } = await this.listed(caller);
    const households = listed.filter((entry) => entry.worstZoneIndex >= zoneIndex);
    return {
      scenarioId,
      tier,
      households: households.map(
        ({ lon: _lon, lat: _lat, worstZoneIndex: _zone, ...household }) => household,
      ),
    };
  }

  /**
   * Creates and dispatches the door-knocking tasks. Households already in a task of this
   * scenario are not sent twice: the list says so, and the claim before each batch decides
   * between assignments made at once (here or on another node).
   */
  async assign(caller: Caller, householdIds: readonly number[]): Promise<DoorKnockAssignment[]> {
    // The scenario the list was made for names the claims (one that ended meanwhile included).
    const { scenarioId, households: listed } = await this.listed(caller);
    const byId = new Map(listed.map((entry) => [entry.householdId, entry]));
    const chosen = [...new Set(householdIds)].map((id) => byId.get(id));
    if (chosen.length === 0 || chosen.some((entry) => entry === undefined)) throw BAD_HOUSEHOLDS;
    const fresh = (chosen as Listed[]).filter((entry) => entry.task === null);
    const assignments: DoorKnockAssignment[] = [];
    let assigned = 0;
    for (const batch of batchesByBuilding(fresh)) {
      const claimed = await this.claim(scenarioId, batch);
      if (claimed.length === 0) continue;
      assignments.push(await this.dispatchBatch(caller, scenarioId, claimed));
      assigned += claimed.length;
    }
    await this.deps.audit(
      caller,
      DOOR_KNOCK_AUDIT_ACTION,
      scenarioId,
      `${assigned} households in ${assignments.length} tasks`,
    );
    if (assignments.length > 0) this.deps.onAssigned?.(caller, assignments);
    return assignments;
  }

  /** The batch's households this call got, in the batch's order. */
  private async claim(scenarioId: string, batch: Listed[]): Promise<Listed[]> {
    const atMs = this.deps.now().getTime();
    const claimed = new Set(
      await this.deps.repository.claimHouseholds(
        scenarioId,
        batch.map((entry) => entry.householdId),
        atMs,
        atMs - DOOR_KNOCK_CLAIM_TIMEOUT_MS,
      ),
    );
    return batch.filter((entry) => claimed.has(entry.householdId));
  }

  private async dispatchBatch(
    caller: Caller,
    scenarioId: string,
    batch: Listed[],
  ): Promise<DoorKnockAssignment> {
    const first = batch[0]!;
    const householdIds = batch.map((entry) => entry.householdId);
    let report: Awaited<ReturnType<DoorKnockingDeps['incidents']['reportFromUser']>>;
    try {
      report = await this.deps.incidents.reportFromUser(caller, {
        categoryCode: DOOR_KNOCK_CATEGORY,
        lon: first.lon,
        lat: first.lat,
        description: taskText(batch),
      });
    } catch (error) {
      await this.deps.repository.releaseHouseholds(scenarioId, householdIds);
      throw error;
    }
    if (!report.ok) {
      await this.deps.repository.releaseHouseholds(scenarioId, householdIds);
      throw new Error(`door-knock task refused: ${JSON.stringify(report)}`);
    }
    const incidentId = report.incident.id;
    await this.deps.repository.setTaskIncident(scenarioId, householdIds, incidentId);
    const actor = userActor(caller, 'register');
    if (actor === null) throw new ForbiddenError('your role may not dispatch');
    const registered = await this.deps.incidents.transition(
      actor,
      incidentId,
      { action: 'register' },
      caller.scopes,
    );
    let workerId: number | null = null;
    if (registered.ok) {
      const nearest = (await this.deps.dispatch.suggestions(caller, incidentId)).find(
        (suggestion) => suggestion.status === 'online' || suggestion.status === 'idle',
      );
      if (nearest !== undefined) {
        const { result } = await this.deps.dispatch.confirm(caller, incidentId, {
          workerId: nearest.workerId,
        });
        if (result.ok) workerId = nearest.workerId;
      }
    }
    return {
      buildingId: first.buildingId,
      incidentId,
      householdIds,
      workerId,
      state: (await this.deps.incidents.findInScope(caller, incidentId)).state,
    };
  }

  /** Every household of the caller's scope in any zone, in door-knocking order. */
  private async listed(caller: Caller): Promise<{ scenarioId: string; households: Listed[] }> {
    const scenario = await this.deps.hub.current(caller);
    if (scenario === null) throw NO_SCENARIO;
    const { zones, buildings } = scenario.assessment;
    const worstZoneByBuilding = new Map(
      buildings.map(([buildingId, mask]) => [buildingId, 31 - Math.clz32(mask)]),
    );
    const now = this.deps.now();
    const canReveal = permissionsOf(caller.role).canReveal;
    const households = new Map<number, Listed>();
    const [members, tasks] = await Promise.all([
      this.deps.repository.listMembers([...worstZoneByBuilding.keys()]),
      this.deps.repository.listTasks(scenario.id),
    ]);
    for (const member of members) {
      let household = households.get(member.householdId);
      if (household === undefined) {
        const worstZoneIndex = worstZoneByBuilding.get(member.buildingId)!;
        household = {
          householdId: member.householdId,
          buildingId: member.buildingId,
          buildingName: member.buildingName,
          buildingNameEn: member.buildingNameEn,
          gridCode: member.gridCode,
          floor: member.floor,
          roomLabel: member.roomLabel,
          tier: zones[worstZoneIndex]!.tier,
          residents: 0,
          needs: emptyNeeds(),
          headName: '',
          headPhoneMasked: null,
          task: null,
          lon: member.lon,
          lat: member.lat,
          worstZoneIndex,
        };
        households.set(member.householdId, household);
      }
      household.residents += 1;
      const tags = parseTags(member.tags);
      // Counted once the register's vocabulary has the tag (parseTags keeps known tags only).
      if ((tags as readonly string[]).includes('bedridden')) household.needs.bedridden += 1;
      if (tags.includes('disabled')) household.needs.disabled += 1;
      if (tags.includes('elderly_alone')) household.needs.elderly_alone += 1;
      if (ageFromBirthYear(member.birthYear, now) <= CHILD_MAX_AGE_YEARS) {
        household.needs.children += 1;
      }
      if (member.isHead || household.headName === '') {
        household.headName = canReveal ? member.name : maskWorkerName(member.name);
        household.headPhoneMasked = member.phoneMasked;
      }
    }
    const ordered = orderForDoorKnocking([...households.values()]);
    for (const household of ordered) {
      household.task = await this.taskOf(caller, tasks.get(household.householdId) ?? null);
    }
    return { scenarioId: scenario.id, households: ordered };
  }

  /** A task being created (claimed, no incident yet) shows as none; its claim still holds. */
  private async taskOf(caller: Caller, incidentId: string | null): Promise<DoorKnockTask | null> {
    if (incidentId === null) return null;
    const incident = await this.deps.incidents.findInScope(caller, incidentId);
    const workerId = workerIdOfUsername(incident.assigneeUsername);
    const name = workerId === null ? null : await this.deps.workerName(workerId);
    return {
      incidentId,
      state: incident.state,
      assigneeDisplayName:
        name === null ? null : permissionsOf(caller.role).canReveal ? name : maskWorkerName(name),
    };
  }
}

/** One batch per building, split past DOOR_KNOCK_BATCH_SIZE; the list's order is kept. */
function batchesByBuilding(households: readonly Listed[]): Listed[][] {
  const byBuilding = new Map<number, Listed[]>();
  for (const household of households) {
    const list = byBuilding.get(household.buildingId) ?? [];
    list.push(household);
    byBuilding.set(household.buildingId, list);
  }
  return [...byBuilding.values()].flatMap((list) => {
    const batches: Listed[][] = [];
    for (let start = 0; start < list.length; start += DOOR_KNOCK_BATCH_SIZE) {
      batches.push(list.slice(start, start + DOOR_KNOCK_BATCH_SIZE));
    }
    return batches;
  });
}

/** The worker's list: where to knock and who needs help first. No names. */
function taskText(batch: readonly Listed[]): string {
  const first = batch[0]!;
  const lines = batch.map((entry) => {
    const needs = DOOR_KNOCK_NEEDS.filter((need) => entry.needs[need] > 0)
      .map((need) => `${NEED_NAMES[need]}${entry.needs[need]}`)
      .join(' ');
    return `${entry.floor}层 ${entry.roomLabel}（${entry.residents}人${needs === '' ? '' : `；${needs}`}）`;
  });
  return (
    `应急敲门通知 Door-knocking: ${first.tier} · ${first.buildingName} ${first.buildingNameEn}\n` +
    lines.join('\n')
  );
}
