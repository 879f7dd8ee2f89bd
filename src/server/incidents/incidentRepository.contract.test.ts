/**
 * The contract of IncidentRepository, run against every engine (docs/decisions/0040-postgresql.md):
 * SQLite on a file of its own per case, PostgreSQL in a database of this file's own, emptied per
 * case. Each case has two nodes of one database (two connections to the SQLite file, two pools on
 * PostgreSQL), as two server processes would: what one writes the other reads, and writes made at
 * once through both are the races the store must settle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentActor } from '../../domain/incidents/incident';
import { computeDeadlineState } from '../../domain/incidents/incidentDeadlines';
import { escalate, recordEscalations } from '../../domain/incidents/incidentEscalation';
import { applyTransition, reportIncident } from '../../domain/incidents/incidentStateMachine';
import type { IncidentFeedEvent } from '../../shared/incidents';
import { openDatabase } from '../store/openDatabase';
import { PostgresIncidentRepository } from '../store/pg/postgresIncidentRepository';
import { loadIdentifierSealer } from '../store/dataKeyFiles';
import { sqliteIncidentRepository } from '../store/sqliteIncidentStore';
import { SqliteWorkerPhotoRows } from '../store/workerPhotoRows';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { PostgresReporterAnswers } from '../store/pg/postgresReporterAnswers';
import { sqliteReporterAnswers } from '../store/reporterAnswerRows';
import {
  versionOf,
  type IncidentChange,
  type IncidentRepository,
  type ReporterAnswer,
  type UnsequencedFeedEvent,
} from './incidentRepository';

const T0_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const HOUR_MS = 3_600_000;
const GRID_A = '350102001001001';
const GRID_B = '350102002001001';
const DISPATCHER: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
const WORKER: IncidentActor = { username: 'worker:7', role: 'grid_worker' };
/** Writes sent at once in the concurrency cases; each PostgreSQL pool has as many clients. */
const AT_ONCE = 8;
const PHOTO_IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

interface Opened {
  /** Two nodes of one database. */
  nodes: [IncidentRepository, IncidentRepository];
  /** A worker's uploaded photo, not attached yet. */
  savePhoto(id: string, workerId: number): Promise<void>;
  /** The answer a closing change wrote for the reporter. */
  answerOf(incidentId: string): Promise<ReporterAnswer | null>;
  /** Before each case: the feed numbers from 1 again. */
  reset(): Promise<void>;
  close(): void;
}

const keyDir = mkdtempSync(join(tmpdir(), 'gcc-incident-key-'));
const sealer = loadIdentifierSealer(keyDir, { create: true, env: {} });

const ENGINES = [
  sqliteContractEngine<Opened>('incidents', (path) => {
    const dbs = [openDatabase(path), openDatabase(path)];
    const photos = new SqliteWorkerPhotoRows(dbs[0]!);
    return {
      nodes: [sqliteIncidentRepository(dbs[0]!), sqliteIncidentRepository(dbs[1]!)],
      savePhoto: async (id, workerId) => photos.insert(id, workerId, 100, T0_MS),
      answerOf: (incidentId) => sqliteReporterAnswers(dbs[0]!).answerOf(incidentId),
      reset: async () => {},
      close: () => dbs.forEach((db) => db.close()),
    };
  }),
  postgresContractEngine<Opened>({
    tables: [
      'incidents',
      'incident_events',
      'incident_photos',
      'reporter_answers',
      'partner_callback_attempts',
      'incident_ratings',
    ],
    pools: 2,
    poolSize: AT_ONCE,
    open: ([one, two]) => {
      return {
        nodes: [
          new PostgresIncidentRepository(one!, () => sealer),
          new PostgresIncidentRepository(two!, () => sealer),
        ],
        savePhoto: async (id, workerId) => {
          await one!.query(
            'INSERT INTO incident_photos (id, worker_id, incident_id, bytes, created_at_ms) ' +
              'VALUES ($1, $2, NULL, 100, $3)',
            [id, workerId, T0_MS],
          );
        },
        answerOf: (incidentId) => new PostgresReporterAnswers(one!).answerOf(incidentId),
        reset: async () => {
          await one!.query('UPDATE incident_feed_head SET last_sequence = 0');
        },
        close: () => {},
      };
    },
  }),
];

afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

function unwrap(result: ReturnType<typeof reportIncident>): Incident {
  if (!result.ok) throw new Error(result.error.message.en);
  return result.incident;
}

function eventOf(incident: Incident): UnsequencedFeedEvent {
  const { history, ...snapshot } = incident;
  return { incident: snapshot, transition: history.at(-1) ?? null, escalation: null };
}

function reported(
  id: string,
  gridCode: string,
  atMs: number,
  extra: { source?: Incident['source']; actor?: IncidentActor; photoIds?: readonly string[] } = {},
): Incident {
  return unwrap(
    reportIncident(
      {
        id,
        categoryCode: 'street_order',
        source: extra.source ?? 'dispatcher',
        location: { lon: 119.3, lat: 26.08 },
        gridCode,
        description: 'stall on the pavement',
        attachments: (extra.photoIds ?? ['a']).map((name) => ({
          name: `${name}.jpg`,
          mime: 'image/jpeg',
          url: `https://example.org/${name}.jpg`,
        })),
      },
      extra.actor ?? DISPATCHER,
      atMs,
    ),
  );
}

describe.each(ENGINES)('incidents on $name', (engine) => {
  let opened: Opened;
  let store: IncidentRepository;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    await opened.reset();
    store = opened.nodes[0];
  });
  afterEach(() => opened.close());

  async function createIncident(
    gridCode: string,
    atMs: number,
    extras: Partial<IncidentChange> = {},
    on: IncidentRepository = store,
  ): Promise<Incident> {
    let made: Incident | null = null;
    const created = await on.createIncident({}, (id) => {
      made = reported(id, gridCode, atMs);
      return { incident: made, isNew: true, events: [eventOf(made)], ...extras };
    });
    expect(created.outcome).toBe('created');
    return made!;
  }

  async function step(
    incident: Incident,
    command: Parameters<typeof applyTransition>[1],
    actor: IncidentActor,
    atMs: number,
  ): Promise<Incident> {
    const next = unwrap(applyTransition(incident, command, actor, atMs));
    const events = await store.commitChange(
      { incident: next, isNew: false, events: [eventOf(next)] },
      versionOf(incident),
    );
    expect(events).not.toBeNull();
    return next;
  }

  async function dispatched(gridCode: string, atMs: number): Promise<Incident> {
    const registered = await step(
      await createIncident(gridCode, atMs),
      { action: 'register' },
      DISPATCHER,
      atMs + 1,
    );
    return step(
      registered,
      { action: 'dispatch', assigneeUsername: WORKER.username, department: 'grid office' },
      DISPATCHER,
      atMs + 2,
    );
  }

  it('stores an incident with its history and reads it back equal, on the other node too', async () => {
    const incident = await dispatched(GRID_A, T0_MS);
    expect(incident.id).toBe('INC00000001');
    expect(await store.findIncident(incident.id)).toEqual(incident);
    expect(await opened.nodes[1].findIncident(incident.id)).toEqual(incident);
    expect((await createIncident(GRID_A, T0_MS)).id).toBe('INC00000002');
    expect(await store.findIncident('INC404')).toBeNull();
  });

  it('keeps escalations and reads them back', async () => {
    const incident = await dispatched(GRID_A, T0_MS);
    const dueAtMs = incident.dueAtMs ?? 0;
    expect(await store.listClockRunning(dueAtMs - 1)).toEqual([]);
    expect(await store.listClockRunning(dueAtMs)).toEqual([incident]);
    const events = escalate(incident, dueAtMs + 3 * HOUR_MS);
    expect(events.length).toBeGreaterThan(0);
    const escalated = recordEscalations(incident, events);
    await store.commitChange(
      { incident: escalated, isNew: false, events: [] },
      versionOf(incident),
    );
    expect((await store.findIncident(incident.id))?.escalations).toEqual(events);
  });

  it('lists inside the scopes only, newest first, with filters', async () => {
    const first = await createIncident(GRID_A, T0_MS);
    const second = await dispatched(GRID_A, T0_MS + HOUR_MS);
    await createIncident(GRID_B, T0_MS + 2 * HOUR_MS);
    const page = { page: 1, pageSize: 10 };
    const scoped = await store.listIncidents({ scopes: ['350102001'] }, page);
    expect(scoped.total).toBe(2);
    expect(scoped.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect((await store.listIncidents({ scopes: [] }, page)).total).toBe(0);
    const all = { scopes: ['350102'] };
    const list = (filter: Parameters<IncidentRepository['listIncidents']>[0]) =>
      store.listIncidents(filter, page);
    expect((await list({ ...all, states: ['dispatched'] })).items).toEqual([second]);
    expect((await list({ ...all, gridCode: '350102002' })).total).toBe(1);
    expect((await list({ ...all, reportedFromMs: T0_MS + 1 })).total).toBe(2);
    expect((await list({ ...all, assigneeUsername: WORKER.username })).total).toBe(1);
    expect((await list({ ...all, categoryCode: 'no_such' })).total).toBe(0);
    const secondPage = await store.listIncidents(all, { page: 2, pageSize: 2 });
    expect(secondPage.items.map((item) => item.id)).toEqual([first.id]);
  });

  it('filters deadline phases the way computeDeadlineState computes them', async () => {
    const incident = await dispatched(GRID_A, T0_MS);
    const dueAtMs = incident.dueAtMs ?? 0;
    const allowedMs = dueAtMs - (incident.dispatchedAtMs ?? 0);
    for (const nowMs of [T0_MS + 10, dueAtMs - allowedMs * 0.1, dueAtMs, dueAtMs + 1]) {
      const expected = computeDeadlineState(incident, nowMs).phase;
      for (const phase of ['on_track', 'near_deadline', 'overdue'] as const) {
        const found = await store.listIncidents(
          { scopes: ['350102'], deadlinePhase: phase, nowMs },
          { page: 1, pageSize: 10 },
        );
        expect(found.total, `${phase} at ${nowMs}`).toBe(phase === expected ? 1 : 0);
      }
    }
  });

  it('finds open incidents of a category near a point in a time window', async () => {
    const incident = await createIncident(GRID_A, T0_MS);
    const box = { west: 119.29, south: 26.07, east: 119.31, north: 26.09 };
    const near = (category: string, around: typeof box, fromMs: number, toMs: number) =>
      store.listOpenNear(category, around, fromMs, toMs);
    expect(await near('street_order', box, T0_MS - 1, T0_MS + 1)).toEqual([incident]);
    expect(await near('street_order', { ...box, west: 119.301 }, T0_MS - 1, T0_MS + 1)).toEqual([]);
    expect(await near('street_order', box, T0_MS + 1, T0_MS + 2)).toEqual([]);
    expect(await near('noise', box, T0_MS - 1, T0_MS + 1)).toEqual([]);
    const rejected = await step(incident, { action: 'reject', note: 'dup' }, DISPATCHER, T0_MS);
    expect(rejected.state).toBe('rejected');
    expect(await near('street_order', box, T0_MS - 1, T0_MS + 1)).toEqual([]);
  });

  it('numbers feed events strictly increasing and pages them by scope', async () => {
    await createIncident(GRID_A, T0_MS);
    await createIncident(GRID_B, T0_MS + 1);
    await dispatched(GRID_A, T0_MS + 2);
    expect(await store.latestSequence()).toBe(5);
    const sequences = (events: IncidentFeedEvent[]) => events.map((event) => event.sequence);
    expect(sequences(await store.eventsAfter(0, ['350102001'], 100))).toEqual([1, 3, 4, 5]);
    expect(sequences(await store.eventsAfter(3, ['350102001'], 1))).toEqual([4]);
    expect(await store.eventsAfter(5, ['350102'], 100)).toEqual([]);
    expect(await store.eventsAfter(0, [], 100)).toEqual([]);
    expect(sequences(await opened.nodes[1].allEventsAfter(2, 2))).toEqual([3, 4]);
    const [firstEvent] = await store.eventsAfter(0, ['350102'], 1);
    expect(firstEvent?.transition?.action).toBe('report');
    expect(firstEvent?.incident).not.toHaveProperty('history');
  });

  it('returns the sequenced events of one change in order', async () => {
    const incident = await createIncident(GRID_A, T0_MS);
    const events = await store.commitChange(
      { incident, isNew: false, events: [eventOf(incident), eventOf(incident)] },
      versionOf(incident),
    );
    expect(events?.map((event) => event.sequence)).toEqual([2, 3]);
  });

  it('refuses a change worked out from a copy another node has changed since', async () => {
    const incident = await createIncident(GRID_A, T0_MS);
    const registered = await step(incident, { action: 'register' }, DISPATCHER, T0_MS + 1);
    // Worked out from the reported copy, after the register was committed: refused, unwritten.
    const stale = unwrap(
      applyTransition(incident, { action: 'reject', note: 'x' }, DISPATCHER, T0_MS + 2),
    );
    expect(
      await opened.nodes[1].commitChange(
        { incident: stale, isNew: false, events: [eventOf(stale)] },
        versionOf(incident),
      ),
    ).toBeNull();
    expect(await store.findIncident(incident.id)).toEqual(registered);
    expect(await store.latestSequence()).toBe(2);
  });

  it('lets one of two dispatchers at once win; the other is refused and nothing of it is stored', async () => {
    const registered = await step(
      await createIncident(GRID_A, T0_MS),
      { action: 'register' },
      DISPATCHER,
      T0_MS + 1,
    );
    const outcomes = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, index) => {
        const next = unwrap(
          applyTransition(
            registered,
            {
              action: 'dispatch',
              assigneeUsername: `worker:${index + 1}`,
              department: 'grid office',
            },
            DISPATCHER,
            T0_MS + 2,
          ),
        );
        return opened.nodes[index % 2]!.commitChange(
          { incident: next, isNew: false, events: [eventOf(next)] },
          versionOf(registered),
        );
      }),
    );
    const won = outcomes.filter((events) => events !== null);
    expect(won).toHaveLength(1);
    const winner = won[0]![0]!.incident.assigneeUsername;
    const stored = await store.findIncident(registered.id);
    expect(stored?.assigneeUsername).toBe(winner);
    expect(stored?.history).toHaveLength(3);
    expect((await store.allEventsAfter(0, 100)).map((event) => event.sequence)).toEqual([1, 2, 3]);
  });

  it('gives incidents created at once on two nodes distinct ids and gap-free, ordered events', async () => {
    // A follower reads after the last sequence it saw while the creates commit: it must see
    // every event once, never a higher one before a lower one becomes visible.
    let creating = true;
    const followed: number[] = [];
    const follow = (async () => {
      while (creating) {
        const found = await opened.nodes[1].allEventsAfter(followed.at(-1) ?? 0, 1000);
        followed.push(...found.map((event) => event.sequence));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const created = await Promise.all(
      Array.from({ length: 4 * AT_ONCE }, (_, index) =>
        createIncident(GRID_A, T0_MS + index, {}, opened.nodes[index % 2]),
      ),
    );
    creating = false;
    await follow;
    const rest = await opened.nodes[1].allEventsAfter(followed.at(-1) ?? 0, 1000);
    followed.push(...rest.map((event) => event.sequence));
    const count = created.length;
    expect(new Set(created.map((incident) => incident.id)).size).toBe(count);
    expect(followed).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    const events = await store.allEventsAfter(0, 1000);
    expect(new Set(events.map((event) => event.incident.id)).size).toBe(count);
  });

  it('makes one incident of a device report resent to two nodes at once', async () => {
    const deviceReport = { workerId: 7, clientRef: 'r-1' };
    const outcomes = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, index) =>
        opened.nodes[index % 2]!.createIncident({ deviceReport }, (id) => {
          const incident = reported(id, GRID_A, T0_MS, { source: 'worker', actor: WORKER });
          return { incident, isNew: true, events: [eventOf(incident)], deviceReport };
        }),
      ),
    );
    const created = outcomes.filter((outcome) => outcome.outcome === 'created');
    expect(created).toHaveLength(1);
    const id = created[0]!.outcome === 'created' ? created[0]!.events[0]!.incident.id : '';
    expect(outcomes.filter((outcome) => outcome.outcome === 'known')).toEqual(
      Array.from({ length: AT_ONCE - 1 }, () => ({ outcome: 'known', incidentId: id })),
    );
    expect(await store.incidentIdOfDeviceReport(7, 'r-1')).toBe(id);
    expect(await store.incidentIdOfDeviceReport(8, 'r-1')).toBeNull();
    expect(
      (await store.listIncidents({ scopes: ['350102'] }, { page: 1, pageSize: 10 })).total,
    ).toBe(1);
    expect(await store.latestSequence()).toBe(1);
  });

  it("claims the worker's own unattached photos with the report, and none when it is refused", async () => {
    await opened.savePhoto(PHOTO_IDS[0]!, 7);
    await opened.savePhoto(PHOTO_IDS[1]!, 8);
    const workerPhotos = { workerId: 7, photoIds: PHOTO_IDS };
    const refused = await store.createIncident({ workerPhotos }, (_, claimed) => {
      expect(claimed).toEqual([PHOTO_IDS[0]]);
      return null;
    });
    expect(refused).toEqual({ outcome: 'refused' });
    expect(await store.latestSequence()).toBe(0);
    let attached: readonly string[] = [];
    const created = await store.createIncident({ workerPhotos }, (id, claimed) => {
      attached = claimed;
      const incident = reported(id, GRID_A, T0_MS, { photoIds: claimed });
      return { incident, isNew: true, events: [eventOf(incident)] };
    });
    expect(created.outcome).toBe('created');
    // Claimed once: another report with the same photos gets none of them.
    expect(attached).toEqual([PHOTO_IDS[0]]);
    await store.createIncident({ workerPhotos }, (_, claimed) => {
      expect(claimed).toEqual([]);
      return null;
    });
  });

  it('records an arrival once per dispatch and lists assigned open incidents', async () => {
    const incident = await dispatched(GRID_A, T0_MS);
    const dispatchedAtMs = incident.dispatchedAtMs ?? 0;
    expect((await store.listAssignedOpen(WORKER.username)).map((item) => item.id)).toEqual([
      incident.id,
    ]);
    expect(await store.hasArrival(incident.id, dispatchedAtMs)).toBe(false);
    const arrival = {
      incidentId: incident.id,
      workerId: 7,
      assigneeUsername: WORKER.username,
      arrivedAtMs: T0_MS + 100,
      confirmedAtMs: T0_MS + 200,
    };
    const change = {
      incident,
      isNew: false,
      events: [eventOf(incident)],
      arrival: { ...arrival, dispatchedAtMs },
    };
    const outcomes = await Promise.all(
      opened.nodes.map((node) => node.commitChange(change, versionOf(incident))),
    );
    expect(outcomes.filter((events) => events !== null)).toHaveLength(1);
    expect(await store.hasArrival(incident.id, dispatchedAtMs)).toBe(true);
    expect(await store.arrivalsOf(incident.id)).toEqual([arrival]);
    expect(await store.latestSequence()).toBe(4);
  });

  it('keeps a citizen reporter contact sealed, an Open311 token and the closing answer', async () => {
    const incident = await createIncident(GRID_A, T0_MS);
    expect(await store.reporterOf(incident.id)).toBeNull();
    expect(await store.open311IntakeOf(incident.id)).toBeNull();
    const reporter = { name: '张三', phone: '13800001234', email: 'z@example.org' };
    const open311 = { token: 'tok-1', address: '鼓楼区 1 号' };
    const citizen = await createIncident(GRID_A, T0_MS, { reporter, open311 });
    expect(await store.reporterOf(citizen.id)).toEqual(reporter);
    expect(await opened.nodes[1].open311IntakeOf(citizen.id)).toEqual(open311);
    expect(await store.incidentIdOfOpen311Token('tok-1')).toBe(citizen.id);
    expect(await store.incidentIdOfOpen311Token('tok-2')).toBeNull();
    expect(await store.ratingOf(citizen.id)).toBeNull();
    // The closing step writes the answer owed to the reporter, in its own transaction.
    const answer: ReporterAnswer = {
      incidentId: citizen.id,
      channel: 'citizen',
      partner: null,
      closedState: 'rejected',
      closingNote: '重复上报',
      closedAtMs: T0_MS + 1,
      gridCode: GRID_A,
      doneAtMs: null,
    };
    const closed = unwrap(
      applyTransition(citizen, { action: 'reject', note: '重复上报' }, DISPATCHER, T0_MS + 1),
    );
    await store.commitChange(
      { incident: closed, isNew: false, events: [eventOf(closed)], reporterAnswer: answer },
      versionOf(citizen),
    );
    expect(await opened.answerOf(citizen.id)).toEqual(answer);
  });
});
