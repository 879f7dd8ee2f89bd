/**
 * Bulk incident history for benchmarks: many incidents carried through the loop by the domain's
 * own state machine (report, register, dispatch, accept, feedback with the odd rework, verify,
 * evaluate; escalations as the escalation job would record them), written with the store's row
 * writers in large transactions while the cockpit rollups are suspended. The caller rebuilds
 * the rollups afterwards (rebuildStatsRollups), as after any bulk load. Demo data, synthetic.
 */
import type {
  Incident,
  IncidentActor,
  IncidentCommand,
  IncidentSource,
} from '../../src/domain/incidents/incident';
import { INCIDENT_CATEGORIES } from '../../src/domain/incidents/incidentCategories';
import { escalate, recordEscalations } from '../../src/domain/incidents/incidentEscalation';
import { applyTransition, reportIncident } from '../../src/domain/incidents/incidentStateMachine';
import { createSeededRandom, type SeededRandom } from '../../src/domain/seededRandom';
import { writeHistory } from '../../src/server/store/incidentHistoryRows';
import { insertIncidentRow } from '../../src/server/store/incidentRows';
import type { SqliteDatabase } from '../../src/server/store/openDatabase';
import { INCIDENT_ID_PREFIX } from '../../src/server/incidents/incidentRepository';
import { StatementCache } from '../../src/server/store/statementCache';
import { suspendStatsRollups } from '../../src/server/store/statsRollups';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const ID_DIGITS = 8;
const INCIDENTS_PER_TRANSACTION = 20_000;
const DISPATCHER: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
const WORKER: IncidentActor = { username: 'worker01', role: 'grid_worker' };
const SOURCES: readonly IncidentSource[] = ['worker', 'worker', 'citizen', 'hotline'];
/** Each step comes this many minutes after the one before, at most (handling: hours). */
const STEP_GAP_MAX_MINUTES = 240;
/** Shares of incidents that are rejected at registration, and reworked once after feedback. */
const REJECT_SHARE = 0.05;
const REWORK_SHARE = 0.1;

export interface BulkIncidentOptions {
  count: number;
  /** Reports spread evenly over this many days before `nowMs`. */
  days: number;
  nowMs: number;
  seed: number;
  gridCodes: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

export interface BulkIncidentSummary {
  incidents: number;
  transitions: number;
  escalations: number;
}

function loopCommands(random: SeededRandom): Array<[IncidentCommand, IncidentActor]> {
  if (random.chance(REJECT_SHARE)) return [[{ action: 'reject' }, DISPATCHER]];
  const handling: Array<[IncidentCommand, IncidentActor]> = [
    [{ action: 'accept' }, WORKER],
    [{ action: 'feed_back' }, WORKER],
  ];
  const rework: Array<[IncidentCommand, IncidentActor]> = random.chance(REWORK_SHARE)
    ? [[{ action: 'return_for_rework' }, DISPATCHER], ...handling]
    : [];
  return [
    [{ action: 'register' }, DISPATCHER],
    [
      { action: 'dispatch', assigneeUsername: 'worker01', department: 'urban_management' },
      DISPATCHER,
    ],
    ...handling,
    ...rework,
    [{ action: 'verify' }, DISPATCHER],
    [{ action: 'evaluate', score: random.int(3, 5) }, DISPATCHER],
  ];
}

/** One incident, carried as far as the clock allows (recent ones are still open). */
function oneIncident(index: number, options: BulkIncidentOptions, random: SeededRandom): Incident {
  let atMs =
    options.nowMs - Math.floor(((index + random.next()) / options.count) * options.days * DAY_MS);
  const reported = reportIncident(
    {
      id: INCIDENT_ID_PREFIX + String(index + 1).padStart(ID_DIGITS, '0'),
      categoryCode: random.pick(INCIDENT_CATEGORIES).code,
      source: random.pick(SOURCES),
      location: { lon: 119.3, lat: 26.08 },
      gridCode: random.pick(options.gridCodes),
      description: '演示数据 demo data',
      attachments: [],
    },
    DISPATCHER,
    atMs,
  );
  if (!reported.ok) throw new Error(reported.error.message.en);
  let incident = reported.incident;
  for (const [command, actor] of loopCommands(random)) {
    const nextAtMs =
      atMs +
      random.int(1, STEP_GAP_MAX_MINUTES) * MINUTE_MS * (command.action === 'feed_back' ? 6 : 1);
    if (nextAtMs > options.nowMs) break;
    incident = recordEscalations(incident, escalate(incident, nextAtMs));
    const next = applyTransition(incident, command, actor, nextAtMs);
    if (!next.ok) break;
    incident = next.incident;
    atMs = nextAtMs;
  }
  return recordEscalations(incident, escalate(incident, options.nowMs));
}

/** Writes `count` incidents (ids INC00000001 …) into an empty incident store. */
export function writeBulkIncidents(
  db: SqliteDatabase,
  options: BulkIncidentOptions,
): BulkIncidentSummary {
  const random = createSeededRandom(options.seed);
  const statements = new StatementCache(db);
  const summary: BulkIncidentSummary = { incidents: 0, transitions: 0, escalations: 0 };
  suspendStatsRollups(db);
  for (let start = 0; start < options.count; start += INCIDENTS_PER_TRANSACTION) {
    db.transaction(() => {
      const end = Math.min(options.count, start + INCIDENTS_PER_TRANSACTION);
      for (let index = start; index < end; index++) {
        const incident = oneIncident(index, options, random);
        insertIncidentRow(statements, incident);
        writeHistory(statements, incident);
        summary.incidents++;
        summary.transitions += incident.history.length;
        summary.escalations += incident.escalations.length;
      }
    })();
    options.onProgress?.(summary.incidents, options.count);
  }
  return summary;
}
