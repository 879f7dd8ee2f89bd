/**
 * The last days of incident history (demo data), written through the server's own use cases
 * (IncidentService on the district file) with a clock set to each step's time, so the store holds
 * real transitions with who and when, the feed has their events, and the heatmap's 7- and 30-day
 * windows have data. Skipped when incidents older than the live window already exist (a restart
 * does not duplicate it). Steps later than now are left undone: the newest incidents stay open
 * for the live dispatcher and the phones, and the few running late at the end are overdue by
 * hours, not weeks (see incidentLifecycle.ts for the shares and bounds).
 */
import type { IncidentActor, IncidentCommand } from '../../../src/domain/incidents/incident';
import {
  allowedHandlingMs,
  findIncidentCategory,
} from '../../../src/domain/incidents/incidentCategories';
import { CITIZEN_ACTOR, workerActor } from '../../../src/server/incidents/incidentActors';
import { EscalationJob } from '../../../src/server/incidents/escalationJob';
import { IncidentFeed } from '../../../src/server/incidents/incidentFeed';
import { GridLocator } from '../../../src/server/incidents/gridLocator';
import { IncidentService } from '../../../src/server/incidents/incidentService';
import { sqliteAssigneeDirectory } from '../../../src/server/store/sqliteAssigneeDirectory';
import { openDatabase } from '../../../src/server/store/openDatabase';
import { SqliteIncidentStore } from '../../../src/server/store/sqliteIncidentStore';
import { SqliteRegistryStore } from '../../../src/server/store/sqliteRegistry';
import type { SimulatedWorkerGrids } from '../simulationNetwork';
import type { IncidentPlace } from './incidentPlaces';
import { minutesToMs, planLifecycle, plannedHandlingMs } from './incidentLifecycle';
import { planIncidents, type PlannedIncident } from './incidentSchedule';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_BACKFILL_DAYS = 30;
/** Reports per minute in the history (≈ 60 a day): enough for a heatmap, quick to write. */
export const DEFAULT_BACKFILL_RATE_PER_MINUTE = 0.04;
/** History counts as present when an incident was reported before now minus this. */
const PRESENT_IF_OLDER_THAN_MS = 2 * 60 * 60 * 1000;
/** The demo dispatcher and leader of the history (the demo users). */
const DISPATCHER: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
const LEADER: IncidentActor = { username: 'admin', role: 'leader' };
const HOTLINE_NOTE = '12345热线转办（演示数据）';
const DEMO_NOTE = '演示数据 demo data';
const GRID_OFFICE_SUFFIX = '网格工作站';
/** The worker accepts within this share of the handling time at most (urgent ones at once). */
const ACCEPT_SHARE = 0.2;
/** A reworked task: first feedback and the dispatcher's return at these shares of handling. */
const FIRST_FEEDBACK_SHARE = 0.5;
const REWORK_RETURN_SHARE = 0.6;
/** Allowed time for a category the catalogue does not know (never in the demo's templates). */
const FALLBACK_ALLOWED_MS = 24 * 60 * 60 * 1000;

export interface BackfillOptions {
  dbPath: string;
  places: readonly IncidentPlace[];
  workers: readonly SimulatedWorkerGrids[];
  nowMs: number;
  seed: number;
  days?: number;
  ratePerMinute?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BackfillSummary {
  skipped: boolean;
  incidents: number;
  transitions: number;
}

interface Step {
  atMs: number;
  order: number;
  run: () => void;
}

export function backfillIncidentHistory(options: BackfillOptions): BackfillSummary {
  const db = openDatabase(options.dbPath);
  try {
    const registry = new SqliteRegistryStore(db);
    const repository = new SqliteIncidentStore(db);
    const rootScopes = registry
      .listGrids()
      .filter((grid) => grid.parentCode === null)
      .map((grid) => grid.code);
    const older = repository.listIncidents(
      { scopes: rootScopes, reportedToMs: options.nowMs - PRESENT_IF_OLDER_THAN_MS },
      { page: 1, pageSize: 1 },
    );
    if (older.total > 0) return { skipped: true, incidents: 0, transitions: 0 };

    let clockMs = options.nowMs;
    const grids = new GridLocator(() => registry.listGrids());
    const service = new IncidentService({
      repository,
      feed: new IncidentFeed(repository),
      grids,
      nowMs: () => clockMs,
      assignees: sqliteAssigneeDirectory(db),
    });
    const fromMs = options.nowMs - (options.days ?? DEFAULT_BACKFILL_DAYS) * DAY_MS;
    const planned = planIncidents(options.places, fromMs, options.nowMs, {
      seed: options.seed,
      ratePerMinute: options.ratePerMinute ?? DEFAULT_BACKFILL_RATE_PER_MINUTE,
    });
    const steps: Step[] = [];
    let order = 0;
    let transitions = 0;
    const at = (atMs: number, run: () => void) => {
      if (atMs <= options.nowMs) steps.push({ atMs: Math.round(atMs), order: (order += 1), run });
    };
    const escalation = new EscalationJob(repository, service);
    const escalateDue = () => {
      escalation.runOnce();
    };
    const officeOf = (gridCode: string) =>
      (registry.findGrid(gridCode)?.name ?? gridCode) + GRID_OFFICE_SUFFIX;

    for (const incident of planned) {
      const gridCode = grids.locate({ lon: incident.lon, lat: incident.lat });
      if (gridCode === null) continue;
      const assignee = workerForGrid(gridCode, options.workers);
      const state = { id: '' };
      const move = (actor: IncidentActor, command: IncidentCommand) => () => {
        if (state.id === '') return;
        const result = service.transition(actor, state.id, { note: DEMO_NOTE, ...command }, null);
        if (!result.ok) throw new Error(`backfill ${command.action}: ${result.error.code}`);
        transitions += 1;
      };
      at(incident.atMs, () => {
        const outcome = service.reportFrom(reporterOf(incident, assignee), {
          categoryCode: incident.categoryCode,
          location: { lon: incident.lon, lat: incident.lat },
          description: incident.description,
          source: incident.source,
          note: incident.source === 'hotline' ? HOTLINE_NOTE : DEMO_NOTE,
        });
        if (outcome.ok) {
          state.id = outcome.incident.id;
          transitions += 1;
        }
      });
      const plan = planLifecycle(incident.key);
      let stepMs = incident.atMs + minutesToMs(plan.registerAfterMin);
      if (plan.rejected) {
        at(stepMs, move(DISPATCHER, { action: 'reject', note: '经核实为重复上报（演示数据）' }));
        continue;
      }
      at(stepMs, move(DISPATCHER, { action: 'register' }));
      if (assignee === null) continue;
      const worker = workerActor(assignee);
      const dispatchedAtMs = stepMs + minutesToMs(plan.dispatchAfterMin);
      at(
        dispatchedAtMs,
        move(DISPATCHER, {
          action: 'dispatch',
          assigneeUsername: worker.username,
          department: officeOf(gridCode),
        }),
      );
      // Every step up to the (last) feedback fits the planned handling time, which is a share of
      // the category's allowed time, or for a late one its allowed time plus a bounded lateness.
      const handlingMs = plannedHandlingMs(plan, allowedMsOf(incident.categoryCode));
      const feedbackAtMs = dispatchedAtMs + handlingMs;
      at(
        dispatchedAtMs + Math.min(minutesToMs(plan.acceptAfterMin), handlingMs * ACCEPT_SHARE),
        move(worker, { action: 'accept', note: '已到达现场处置' }),
      );
      if (plan.reworked) {
        at(
          dispatchedAtMs + handlingMs * FIRST_FEEDBACK_SHARE,
          move(worker, { action: 'feed_back', note: '已处置完毕，附现场照片' }),
        );
        at(
          dispatchedAtMs + handlingMs * REWORK_RETURN_SHARE,
          move(DISPATCHER, { action: 'return_for_rework', note: '处置不彻底，请返工' }),
        );
      }
      // A late one escalates while it runs over: record what the server's job would have.
      if (plan.leftLate) at(feedbackAtMs, escalateDue);
      at(
        feedbackAtMs,
        move(worker, {
          action: 'feed_back',
          note: plan.reworked ? '已返工处置' : '已处置完毕，附现场照片',
        }),
      );
      stepMs = feedbackAtMs + minutesToMs(plan.verifyAfterMin);
      at(stepMs, move(DISPATCHER, { action: 'verify', note: '核查通过，结案' }));
      stepMs += minutesToMs(plan.evaluateAfterMin);
      at(stepMs, move(LEADER, { action: 'evaluate', score: plan.score }));
      stepMs += minutesToMs(plan.archiveAfterMin);
      at(stepMs, move(LEADER, { action: 'archive' }));
    }
    // Whatever runs over at the end of the history is escalated as far as it is due by now.
    at(options.nowMs, escalateDue);

    steps.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    const writeAll = db.transaction(() => {
      steps.forEach((step, index) => {
        clockMs = step.atMs;
        step.run();
        if ((index + 1) % 2000 === 0) options.onProgress?.(index + 1, steps.length);
      });
    });
    writeAll();
    options.onProgress?.(steps.length, steps.length);
    return { skipped: false, incidents: planned.length, transitions };
  } finally {
    db.close();
  }
}

/**
 * The worker bound to the grid (lowest id), else the one whose grid is the closest relative in
 * the hierarchy (same community, then same street): an incident in a grid without its own worker
 * is still handled, not left registered for weeks. Null only when there are no workers.
 */
export function workerForGrid(
  gridCode: string,
  workers: readonly SimulatedWorkerGrids[],
): number | null {
  let best: { workerId: number; sharedDigits: number } | null = null;
  for (const worker of workers) {
    const sharedDigits = Math.max(
      ...worker.gridCodes.map((code) => sharedPrefixLength(code, gridCode)),
    );
    if (
      best === null ||
      sharedDigits > best.sharedDigits ||
      (sharedDigits === best.sharedDigits && worker.workerId < best.workerId)
    ) {
      best = { workerId: worker.workerId, sharedDigits };
    }
  }
  return best?.workerId ?? null;
}

function sharedPrefixLength(first: string, second: string): number {
  let length = 0;
  while (length < first.length && first[length] === second[length]) length += 1;
  return length;
}

/** Handling time the server will allow: the category's default priority, as reports carry none. */
function allowedMsOf(categoryCode: string): number {
  const category = findIncidentCategory(categoryCode);
  if (category === null) return FALLBACK_ALLOWED_MS;
  return allowedHandlingMs(categoryCode, category.defaultPriority) ?? FALLBACK_ALLOWED_MS;
}

function reporterOf(incident: PlannedIncident, workerId: number | null): IncidentActor {
  if (incident.source === 'citizen') return CITIZEN_ACTOR;
  if (incident.source === 'worker' && workerId !== null) return workerActor(workerId);
  return DISPATCHER;
}
