/** The incident store on a real SQLite file: round trips, filters, the feed and its scopes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentActor } from '../../domain/incidents/incident';
import { computeDeadlineState } from '../../domain/incidents/incidentDeadlines';
import { escalate, recordEscalations } from '../../domain/incidents/incidentEscalation';
import { applyTransition, reportIncident } from '../../domain/incidents/incidentStateMachine';
import type { UnsequencedFeedEvent } from '../incidents/incidentRepository';
import { openDatabase, type SqliteDatabase } from './openDatabase';
import { SqliteIncidentStore } from './sqliteIncidentStore';

const T0_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const HOUR_MS = 3_600_000;
const GRID_A = '350102001001001';
const GRID_B = '350102002001001';
const DISPATCHER: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
const WORKER: IncidentActor = { username: 'worker:7', role: 'grid_worker' };

let rootDir: string;
let db: SqliteDatabase;
let store: SqliteIncidentStore;

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-incidents-'));
  db = openDatabase(join(rootDir, 'incidents.sqlite'));
  store = new SqliteIncidentStore(db);
});

afterEach(() => {
  db.close();
  rmSync(rootDir, { recursive: true, force: true });
});

function unwrap(result: ReturnType<typeof reportIncident>): Incident {
  if (!result.ok) throw new Error(result.error.message.en);
  return result.incident;
}

function eventOf(incident: Incident): UnsequencedFeedEvent {
  const { history, ...snapshot } = incident;
  return { incident: snapshot, transition: history.at(-1) ?? null, escalation: null };
}

function createIncident(gridCode: string, atMs: number, categoryCode = 'street_order'): Incident {
  const incident = unwrap(
    reportIncident(
      {
        id: store.nextIncidentId(),
        categoryCode,
        source: 'dispatcher',
        location: { lon: 119.3, lat: 26.08 },
        gridCode,
        description: 'stall on the pavement',
        attachments: [{ name: 'a.jpg', mime: 'image/jpeg', url: 'https://example.org/a.jpg' }],
      },
      DISPATCHER,
      atMs,
    ),
  );
  store.commitChange({ incident, isNew: true, events: [eventOf(incident)] });
  return incident;
}

function step(
  incident: Incident,
  command: Parameters<typeof applyTransition>[1],
  actor: IncidentActor,
  atMs: number,
): Incident {
  const next = unwrap(applyTransition(incident, command, actor, atMs));
  store.commitChange({ incident: next, isNew: false, events: [eventOf(next)] });
  return next;
}

function dispatched(gridCode: string, atMs: number): Incident {
  const reported = createIncident(gridCode, atMs);
  const registered = step(reported, { action: 'register' }, DISPATCHER, atMs + 1);
  return step(
    registered,
    { action: 'dispatch', assigneeUsername: WORKER.username, department: 'grid office' },
    DISPATCHER,
    atMs + 2,
  );
}

describe('SqliteIncidentStore', () => {
  it('stores an incident with its history and reads it back equal', () => {
    const incident = dispatched(GRID_A, T0_MS);
    expect(store.findIncident(incident.id)).toEqual(incident);
    expect(incident.id).toBe('INC00000001');
    expect(store.nextIncidentId()).toBe('INC00000002');
    expect(store.findIncident('INC404')).toBeNull();
  });

  it('keeps escalations and reads them back', () => {
    const incident = dispatched(GRID_A, T0_MS);
    const dueAtMs = incident.dueAtMs ?? 0;
    expect(store.listClockRunning(dueAtMs - 1)).toEqual([]);
    expect(store.listClockRunning(dueAtMs)).toEqual([incident]);
    const events = escalate(incident, dueAtMs + 3 * HOUR_MS);
    expect(events.length).toBeGreaterThan(0);
    const escalated = recordEscalations(incident, events);
    store.commitChange({ incident: escalated, isNew: false, events: [] });
    expect(store.findIncident(incident.id)?.escalations).toEqual(events);
  });

  it('lists inside the scopes only, newest first, with filters', () => {
    const first = createIncident(GRID_A, T0_MS);
    const second = dispatched(GRID_A, T0_MS + HOUR_MS);
    createIncident(GRID_B, T0_MS + 2 * HOUR_MS);
    const page = { page: 1, pageSize: 10 };
    const scoped = store.listIncidents({ scopes: ['350102001'] }, page);
    expect(scoped.total).toBe(2);
    expect(scoped.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(store.listIncidents({ scopes: [] }, page).total).toBe(0);
    const all = { scopes: ['350102'] };
    expect(store.listIncidents({ ...all, states: ['dispatched'] }, page).items).toEqual([second]);
    expect(store.listIncidents({ ...all, gridCode: '350102002' }, page).total).toBe(1);
    expect(store.listIncidents({ ...all, reportedFromMs: T0_MS + 1 }, page).total).toBe(2);
    expect(store.listIncidents({ ...all, assigneeUsername: WORKER.username }, page).total).toBe(1);
    expect(store.listIncidents(all, { page: 2, pageSize: 2 }).items.map((i) => i.id)).toEqual([
      first.id,
    ]);
  });

  it('filters deadline phases the way computeDeadlineState computes them', () => {
    const incident = dispatched(GRID_A, T0_MS);
    const dueAtMs = incident.dueAtMs ?? 0;
    const allowedMs = dueAtMs - (incident.dispatchedAtMs ?? 0);
    for (const nowMs of [T0_MS + 10, dueAtMs - allowedMs * 0.1, dueAtMs, dueAtMs + 1]) {
      const expected = computeDeadlineState(incident, nowMs).phase;
      for (const phase of ['on_track', 'near_deadline', 'overdue'] as const) {
        const found = store.listIncidents(
          { scopes: ['350102'], deadlinePhase: phase, nowMs },
          { page: 1, pageSize: 10 },
        ).total;
        expect(found, `${phase} at ${nowMs}`).toBe(phase === expected ? 1 : 0);
      }
    }
  });

  it('numbers feed events strictly increasing and pages them by scope', () => {
    createIncident(GRID_A, T0_MS);
    createIncident(GRID_B, T0_MS + 1);
    dispatched(GRID_A, T0_MS + 2);
    expect(store.latestSequence()).toBe(5);
    const inA = store.eventsAfter(0, ['350102001'], 100).map((event) => event.sequence);
    expect(inA).toEqual([1, 3, 4, 5]);
    expect(store.eventsAfter(3, ['350102001'], 1).map((event) => event.sequence)).toEqual([4]);
    expect(store.eventsAfter(5, ['350102'], 100)).toEqual([]);
    const [firstEvent] = store.eventsAfter(0, ['350102'], 1);
    expect(firstEvent?.transition?.action).toBe('report');
    expect(firstEvent?.incident).not.toHaveProperty('history');
  });

  it('returns the sequenced events of one change in order', () => {
    const incident = createIncident(GRID_A, T0_MS);
    const events = store.commitChange({
      incident,
      isNew: false,
      events: [eventOf(incident), eventOf(incident)],
    });
    expect(events?.map((event) => event.sequence)).toEqual([2, 3]);
  });

  it('maps a device report to its incident, once', () => {
    const incident = unwrap(
      reportIncident(
        {
          id: store.nextIncidentId(),
          categoryCode: 'street_order',
          source: 'worker',
          location: { lon: 119.3, lat: 26.08 },
          gridCode: GRID_A,
          description: '',
        },
        WORKER,
        T0_MS,
      ),
    );
    store.commitChange({
      incident,
      isNew: true,
      events: [],
      deviceReport: { workerId: 7, clientRef: 'r-1' },
    });
    expect(store.incidentIdOfDeviceReport(7, 'r-1')).toBe(incident.id);
    expect(store.incidentIdOfDeviceReport(8, 'r-1')).toBeNull();
    expect(() =>
      store.commitChange({
        incident: { ...incident, id: store.nextIncidentId() },
        isNew: true,
        events: [],
        deviceReport: { workerId: 7, clientRef: 'r-1' },
      }),
    ).toThrow();
    // The failed transaction left nothing behind.
    expect(store.listIncidents({ scopes: ['350102'] }, { page: 1, pageSize: 10 }).total).toBe(1);
  });

  it('records an arrival once per dispatch and lists assigned open incidents', () => {
    const incident = dispatched(GRID_A, T0_MS);
    const dispatchedAtMs = incident.dispatchedAtMs ?? 0;
    expect(store.listAssignedOpen(WORKER.username).map((item) => item.id)).toEqual([incident.id]);
    expect(store.hasArrival(incident.id, dispatchedAtMs)).toBe(false);
    const arrival = {
      incidentId: incident.id,
      workerId: 7,
      assigneeUsername: WORKER.username,
      arrivedAtMs: T0_MS + 100,
      confirmedAtMs: T0_MS + 200,
    };
    store.commitChange({
      incident,
      isNew: false,
      events: [],
      arrival: { ...arrival, dispatchedAtMs },
    });
    expect(store.hasArrival(incident.id, dispatchedAtMs)).toBe(true);
    expect(store.arrivalsOf(incident.id)).toEqual([arrival]);
  });

  it('keeps a citizen reporter contact', () => {
    const incident = createIncident(GRID_A, T0_MS);
    expect(store.reporterOf(incident.id)).toBeNull();
    const other = unwrap(
      reportIncident(
        {
          id: store.nextIncidentId(),
          categoryCode: 'street_order',
          source: 'citizen',
          location: { lon: 119.3, lat: 26.08 },
          gridCode: GRID_A,
          description: '',
        },
        { username: 'citizen:open311', role: 'citizen' },
        T0_MS,
      ),
    );
    const reporter = { name: '张三', phone: '13800001234', email: 'z@example.org' };
    store.commitChange({ incident: other, isNew: true, events: [], reporter });
    expect(store.reporterOf(other.id)).toEqual(reporter);
  });
});
