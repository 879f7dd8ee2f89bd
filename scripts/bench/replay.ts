/**
 * bench:replay — missed incident events delivered per second to a screen that reconnects far
 * behind: the real server (real SQLite file) holds BENCH_EVENTS persisted feed events, a /live
 * screen resyncs from sequence 0 and pages through them (MAX_RESYNC_EVENTS per reply). Baseline
 * in the same run: the naive catch-up, one REST round trip per missed event (GET the incident),
 * measured on a sample. Every paged event is checked: each sequence once, strictly increasing.
 * The last line is JSON with the figures, the baseline and `ratio`.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { applyTransition, reportIncident } from '../../src/domain/incidents/incidentStateMachine';
import type { Incident, IncidentActor, IncidentCommand } from '../../src/domain/incidents/incident';
import {
  INCIDENT_RESYNC_EVENT,
  INCIDENTS_API_PATH,
  MAX_RESYNC_EVENTS,
  type IncidentFeedEvent,
} from '../../src/shared/incidents';
import {
  LIVE_NAMESPACE,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../src/shared/trackingEvents';
import { toIncidentSnapshot } from '../../src/server/incidents/incidentViews';
import { SOCKET_PATH } from '../../src/server/socket/attachSocketGateway';
import { openDatabase } from '../../src/server/store/openDatabase';
import { SqliteIncidentStore } from '../../src/server/store/sqliteIncidentStore';
import { startTestServer } from '../../src/server/testing/testServer';
import { percentile } from './percentile';

const EVENT_COUNT = Number(process.env.BENCH_EVENTS ?? 50_000);
/** Steps per incident: report, register, dispatch, accept, feed back (a day's typical life). */
const STEPS_PER_INCIDENT = 5;
const RESYNC_RUNS = 3;
const BASELINE_SAMPLE = Number(process.env.BENCH_BASELINE_SAMPLE ?? 2_000);
const ACK_TIMEOUT_MS = 30_000;
const START_MS = Date.UTC(2026, 10, 27, 0, 0, 0);
const STEP_MS = 60_000;
const PERCENTILE_50 = 0.5;
const PERCENTILE_99 = 0.99;

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** Walks one incident through the first steps of the loop, returning each state after a step. */
function lifeOf(id: string, gridCode: string, location: { lon: number; lat: number }): Incident[] {
  const dispatcher: IncidentActor = { username: 'dispatcher', role: 'dispatcher' };
  const worker: IncidentActor = { username: 'worker:1', role: 'grid_worker' };
  const steps: Incident[] = [];
  const reported = reportIncident(
    { id, categoryCode: 'street_order', source: 'hotline', location, gridCode, description: id },
    dispatcher,
    START_MS,
  );
  if (!reported.ok) throw new Error(reported.error.message.en);
  steps.push(reported.incident);
  let current = reported.incident;
  const commands: Array<{ command: IncidentCommand; actor: IncidentActor }> = [
    { command: { action: 'register' }, actor: dispatcher },
    {
      command: { action: 'dispatch', assigneeUsername: worker.username, department: 'grid' },
      actor: dispatcher,
    },
    { command: { action: 'accept' }, actor: worker },
    { command: { action: 'feed_back', note: 'done' }, actor: worker },
  ];
  for (const [index, { command, actor }] of commands.entries()) {
    const next = applyStep(current, command, actor, START_MS + (index + 1) * STEP_MS);
    steps.push(next);
    current = next;
  }
  return steps;
}

function applyStep(
  incident: Incident,
  command: IncidentCommand,
  actor: IncidentActor,
  atMs: number,
): Incident {
  const result = applyTransition(incident, command, actor, atMs);
  if (!result.ok) throw new Error(result.error.message.en);
  return result.incident;
}

/** Writes the feed a busy period leaves behind, straight into the server's database. */
function seedEvents(
  dbPath: string,
  gridCode: string,
  location: { lon: number; lat: number },
): number {
  const db = openDatabase(dbPath);
  const store = new SqliteIncidentStore(db);
  let written = 0;
  db.transaction(() => {
    while (written < EVENT_COUNT) {
      const steps = lifeOf(store.nextIncidentId(), gridCode, location);
      for (const [index, incident] of steps.entries()) {
        if (written >= EVENT_COUNT) break;
        store.commitChange({
          incident,
          isNew: index === 0,
          events: [
            {
              incident: toIncidentSnapshot(incident),
              transition: incident.history.at(-1) ?? null,
              escalation: null,
            },
          ],
        });
        written += 1;
      }
    }
  })();
  db.close();
  return written;
}

async function connectScreen(baseUrl: string, token: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(baseUrl + LIVE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Pages from sequence 0 until hasMore is false; checks every sequence once, in order. */
async function catchUp(
  socket: LiveSocket,
): Promise<{ events: IncidentFeedEvent[]; pages: number; pageMs: number[] }> {
  const events: IncidentFeedEvent[] = [];
  const pageMs: number[] = [];
  let after = 0;
  for (;;) {
    const startMs = performance.now();
    const page = await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck(INCIDENT_RESYNC_EVENT, { afterSequence: after });
    pageMs.push(performance.now() - startMs);
    for (const event of page.events) {
      if (event.sequence <= after) throw new Error(`sequence ${event.sequence} after ${after}`);
      after = event.sequence;
      events.push(event);
    }
    if (!page.hasMore) return { events, pages: pageMs.length, pageMs };
  }
}

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    const token = await server.login('admin');
    const grids = (await server.request('GET', '/api/grids', { token })).json as Array<{
      code: string;
      center: { lon: number; lat: number };
    }>;
    const grid = grids.find((entry) => entry.code === server.district.baseGridCodes[0]);
    if (grid === undefined) throw new Error('no base grid');
    const seedStartMs = performance.now();
    const seeded = seedEvents(server.dbPath, grid.code, grid.center);
    console.log(
      `seeded ${seeded} events (${Math.ceil(seeded / STEPS_PER_INCIDENT)} incidents) in ` +
        `${((performance.now() - seedStartMs) / 1000).toFixed(1)} s`,
    );

    const runs: Array<{ totalMs: number; pages: number; pageMs: number[] }> = [];
    let delivered: IncidentFeedEvent[] = [];
    for (let run = 0; run < RESYNC_RUNS; run += 1) {
      const socket = await connectScreen(server.baseUrl, token);
      const startMs = performance.now();
      const result = await catchUp(socket);
      runs.push({
        totalMs: performance.now() - startMs,
        pages: result.pages,
        pageMs: result.pageMs,
      });
      delivered = result.events;
      socket.close();
    }
    if (delivered.length !== seeded || new Set(delivered.map((e) => e.sequence)).size !== seeded) {
      throw new Error(`resync delivered ${delivered.length} events, expected ${seeded} once each`);
    }
    const medianRun = [...runs].sort((left, right) => left.totalMs - right.totalMs)[
      Math.floor(runs.length / 2)
    ]!;
    const eventsPerS = seeded / (medianRun.totalMs / 1000);
    const sortedPages = runs.flatMap((run) => run.pageMs).sort((left, right) => left - right);

    // Baseline: the screen refetches each missed event's incident by REST, one round trip each.
    const sample = delivered.slice(0, Math.min(BASELINE_SAMPLE, delivered.length));
    const baselineStartMs = performance.now();
    for (const event of sample) {
      const response = await fetch(`${server.baseUrl}${INCIDENTS_API_PATH}/${event.incident.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200) throw new Error(`baseline GET ${response.status}`);
      await response.arrayBuffer();
    }
    const baselineMs = performance.now() - baselineStartMs;
    const baselineEventsPerS = sample.length / (baselineMs / 1000);
    const ratio = Number((eventsPerS / baselineEventsPerS).toFixed(1));

    const round = (value: number, digits = 1) => Number(value.toFixed(digits));
    console.log(
      `resync: ${seeded} events in ${medianRun.pages} pages of ≤${MAX_RESYNC_EVENTS}, ` +
        `median run ${round(medianRun.totalMs)} ms → ${round(eventsPerS, 0)} events/s ` +
        `(page p50 ${round(percentile(sortedPages, PERCENTILE_50), 2)} ms, ` +
        `p99 ${round(percentile(sortedPages, PERCENTILE_99), 2)} ms)`,
    );
    console.log(
      `baseline: one REST GET per missed event, ${sample.length} events in ${round(baselineMs)} ms ` +
        `→ ${round(baselineEventsPerS, 0)} events/s`,
    );
    console.log(
      JSON.stringify({
        bench: 'replay',
        events: seeded,
        figures: {
          eventsPerS: round(eventsPerS, 0),
          medianRunMs: round(medianRun.totalMs),
          runs: runs.map((run) => round(run.totalMs)),
          pages: medianRun.pages,
          eventsPerPage: MAX_RESYNC_EVENTS,
          pageP50Ms: round(percentile(sortedPages, PERCENTILE_50), 2),
          pageP99Ms: round(percentile(sortedPages, PERCENTILE_99), 2),
        },
        baseline: {
          variant: 'one REST GET of the incident per missed event',
          eventsPerS: round(baselineEventsPerS, 0),
          sampledEvents: sample.length,
          totalMs: round(baselineMs),
        },
        ratio,
        checkedExactlyOnce: true,
      }),
    );
  } finally {
    await server.close();
  }
}

await main();
