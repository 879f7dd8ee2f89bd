/**
 * The incident feed on /live against the real server: live events in sequence order and scope,
 * a reconnect that gets exactly the missed events once (paging past MAX_RESYNC_EVENTS), and
 * escalation events from the job under a controlled clock.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_INTERVAL_MS } from '../../domain/incidents/incidentEscalation';
import { reportIncident } from '../../domain/incidents/incidentStateMachine';
import { parentGridCode } from '../../domain/gridCode';
import type { GridNode } from '../../shared/api';
import {
  INCIDENT_FEED_EVENT,
  INCIDENT_RESYNC_EVENT,
  MAX_RESYNC_EVENTS,
  type CreateIncidentResponse,
  type IncidentFeedEvent,
  type IncidentResyncResponse,
} from '../../shared/incidents';
import {
  LIVE_NAMESPACE,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../shared/trackingEvents';
import { SOCKET_PATH } from '../socket/attachSocketGateway';
import { waitFor } from '../testing/testScreen';
import { startTestServer, type TestServer } from '../testing/testServer';
import { toIncidentSnapshot } from './incidentViews';

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

const ESCALATION_CHECK_MS = 20;
const WAIT_MS = 5_000;

let server: TestServer;
let clockMs = Date.UTC(2026, 10, 27, 1, 0, 0);
let admin: string;
let dispatcher: string;
let grids: GridNode[];

interface Screen {
  socket: LiveSocket;
  received: IncidentFeedEvent[];
  resync(afterSequence: number): Promise<IncidentResyncResponse>;
  /** Resyncs page by page until hasMore is false; returns every event of every page. */
  catchUp(afterSequence: number): Promise<IncidentFeedEvent[]>;
  close(): void;
}

async function connectScreen(token: string): Promise<Screen> {
  const socket: LiveSocket = io(server.baseUrl + LIVE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
  });
  const received: IncidentFeedEvent[] = [];
  socket.on(INCIDENT_FEED_EVENT, (event) => received.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const resync = (afterSequence: number) =>
    socket.timeout(WAIT_MS).emitWithAck(INCIDENT_RESYNC_EVENT, { afterSequence });
  return {
    socket,
    received,
    resync,
    async catchUp(afterSequence) {
      const events: IncidentFeedEvent[] = [];
      let after = afterSequence;
      for (;;) {
        const page = await resync(after);
        events.push(...page.events);
        after = page.events.at(-1)?.sequence ?? after;
        if (!page.hasMore) return events;
      }
    },
    close: () => socket.close(),
  };
}

beforeAll(async () => {
  server = await startTestServer(undefined, {
    now: () => new Date(clockMs),
    escalationCheckMs: ESCALATION_CHECK_MS,
  });
  admin = await server.login('admin');
  dispatcher = await server.login('dispatcher');
  grids = (await server.request('GET', '/api/grids', { token: admin })).json as GridNode[];
});

afterAll(async () => {
  await server?.close();
});

function centerOf(gridCode: string | undefined): { lon: number; lat: number } {
  const grid = grids.find((entry) => entry.code === gridCode);
  if (grid === undefined) throw new Error(`no grid ${gridCode}`);
  return grid.center;
}

async function report(gridCode: string | undefined, token = admin): Promise<string> {
  clockMs += 1_000;
  const answer = await server.request('POST', '/api/incidents', {
    token,
    body: { categoryCode: 'street_order', ...centerOf(gridCode), description: 'feed test' },
  });
  expect(answer.status).toBe(201);
  return (answer.json as CreateIncidentResponse).incident.id;
}

async function step(id: string, command: Record<string, unknown>): Promise<void> {
  clockMs += 1_000;
  const answer = await server.request('POST', `/api/incidents/${id}/transitions`, {
    token: admin,
    body: { command },
  });
  expect(answer.status).toBe(200);
}

function sequencesOf(events: readonly IncidentFeedEvent[]): number[] {
  return events.map((event) => event.sequence);
}

function expectStrictlyIncreasing(sequences: readonly number[]): void {
  sequences.forEach((sequence, index) => {
    if (index > 0) expect(sequence).toBeGreaterThan(sequences[index - 1] ?? Infinity);
  });
}

describe('incident feed on /live', () => {
  it('sends nothing live before the first resync, then each change once, in order and scope', async () => {
    const firstGrid = server.district.baseGridCodes[0];
    const otherStreetGrid = server.district.baseGridCodes.at(-1);
    const wall = await connectScreen(admin);
    const street = await connectScreen(dispatcher);
    const early = await report(firstGrid);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wall.received).toEqual([]);

    const wallStart = await wall.catchUp(0);
    expect(wallStart.map((event) => event.incident.id)).toContain(early);
    const streetStart = await street.catchUp(0);
    const lastSeen = wallStart.at(-1)?.sequence ?? 0;

    const inStreet = await report(firstGrid);
    const elsewhere = await report(otherStreetGrid);
    await step(inStreet, { action: 'register' });
    await waitFor(() => wall.received.length >= 3, WAIT_MS, 'three live events');
    expect(wall.received.map((event) => event.incident.id)).toEqual([
      inStreet,
      elsewhere,
      inStreet,
    ]);
    expect(wall.received[0]?.sequence).toBe(lastSeen + 1);
    expectStrictlyIncreasing(sequencesOf(wall.received));
    expect(wall.received[2]?.transition).toMatchObject({
      action: 'register',
      toState: 'registered',
    });
    expect(wall.received[0]?.escalation).toBeNull();
    expect(wall.received[0]?.incident).not.toHaveProperty('history');

    await waitFor(() => street.received.length >= 2, WAIT_MS, 'street events');
    expect(street.received.map((event) => event.incident.id)).toEqual([inStreet, inStreet]);
    expect(
      streetStart.every((event) =>
        event.incident.gridCode.startsWith(server.district.streetCodes[0] ?? '-'),
      ),
    ).toBe(true);
    wall.close();
    street.close();
  });

  it('gives a reconnecting screen exactly the events it missed, paging past one reply', async () => {
    const firstGrid = server.district.baseGridCodes[0];
    const screen = await connectScreen(admin);
    const before = await screen.catchUp(0);
    const lastApplied = before.at(-1)?.sequence ?? 0;
    screen.close();

    // While it is away: many events (straight into the repository, as a busy day would leave
    // them) and a few through the API.
    const bulkCount = MAX_RESYNC_EVENTS + 150;
    for (let index = 0; index < bulkCount; index += 1) {
      await server.server.stores.incidents.createIncident({}, (id) => {
        const result = reportIncident(
          {
            id,
            categoryCode: 'street_order',
            source: 'hotline',
            location: centerOf(firstGrid),
            gridCode: firstGrid ?? '',
            description: `bulk ${index}`,
          },
          { username: 'dispatcher', role: 'dispatcher' },
          clockMs,
        );
        if (!result.ok) throw new Error(result.error.message.en);
        return {
          incident: result.incident,
          isNew: true,
          events: [
            {
              incident: toIncidentSnapshot(result.incident),
              transition: result.incident.history[0] ?? null,
              escalation: null,
            },
          ],
        };
      });
    }
    const viaApi = [await report(firstGrid), await report(firstGrid)];

    const back = await connectScreen(admin);
    const firstPage = await back.resync(lastApplied);
    expect(firstPage.hasMore).toBe(true);
    expect(firstPage.events).toHaveLength(MAX_RESYNC_EVENTS);
    expect(firstPage.events[0]?.sequence).toBe(lastApplied + 1);
    // A change while the screen pages: it must come in a page, not live and not twice.
    const duringPaging = await report(firstGrid);
    const rest = await back.catchUp(firstPage.events.at(-1)?.sequence ?? 0);
    const missed = [...firstPage.events, ...rest];
    expect(missed).toHaveLength(bulkCount + viaApi.length + 1);
    expectStrictlyIncreasing(sequencesOf(missed));
    expect(new Set(sequencesOf(missed)).size).toBe(missed.length);
    expect(missed.slice(-3).map((event) => event.incident.id)).toEqual([...viaApi, duringPaging]);
    expect(back.received).toEqual([]);

    const afterwards = await report(firstGrid);
    await waitFor(() => back.received.length >= 1, WAIT_MS, 'live event after catching up');
    expect(back.received.map((event) => event.incident.id)).toEqual([afterwards]);
    expect(back.received[0]?.sequence).toBe((missed.at(-1)?.sequence ?? 0) + 1);
    back.close();
  });

  it('escalates an overdue incident one level at a time, each with its own event', async () => {
    const firstGrid = server.district.baseGridCodes[0] ?? '';
    const screen = await connectScreen(admin);
    await screen.catchUp(0);
    const id = await report(firstGrid);
    await step(id, { action: 'register' });
    await step(id, { action: 'dispatch', assigneeUsername: 'worker:1', department: 'street' });
    const detail = (await server.request('GET', `/api/incidents/${id}`, { token: admin })).json as {
      dueAtMs: number;
    };
    await waitFor(() => screen.received.length >= 3, WAIT_MS, 'report, register, dispatch');
    await new Promise((resolve) => setTimeout(resolve, 5 * ESCALATION_CHECK_MS));
    expect(screen.received.filter((event) => event.escalation !== null)).toEqual([]);

    const community = parentGridCode(firstGrid) ?? '';
    clockMs = detail.dueAtMs;
    await waitFor(
      () => screen.received.some((event) => event.escalation !== null),
      WAIT_MS,
      'first escalation',
    );
    clockMs = detail.dueAtMs + 2 * ESCALATION_INTERVAL_MS;
    await waitFor(
      () => screen.received.filter((event) => event.escalation !== null).length >= 3,
      WAIT_MS,
      'escalation to the district',
    );
    await new Promise((resolve) => setTimeout(resolve, 5 * ESCALATION_CHECK_MS));
    const escalations = screen.received.filter((event) => event.escalation !== null);
    expect(escalations.map((event) => event.escalation)).toEqual([
      { incidentId: id, fromLevelCode: firstGrid, toLevelCode: community, atMs: detail.dueAtMs },
      {
        incidentId: id,
        fromLevelCode: community,
        toLevelCode: parentGridCode(community),
        atMs: detail.dueAtMs + ESCALATION_INTERVAL_MS,
      },
      {
        incidentId: id,
        fromLevelCode: parentGridCode(community),
        toLevelCode: server.district.districtCode,
        atMs: detail.dueAtMs + 2 * ESCALATION_INTERVAL_MS,
      },
    ]);
    expect(escalations.every((event) => event.transition === null)).toBe(true);
    expect(escalations.at(-1)?.incident.escalations).toHaveLength(3);
    const listed = (
      await server.request('GET', '/api/incidents?deadlinePhase=overdue', { token: admin })
    ).json as { items: Array<{ id: string; responsibleGridCode: string }> };
    expect(listed.items.find((item) => item.id === id)?.responsibleGridCode).toBe(
      server.district.districtCode,
    );
    screen.close();
  });

  it('follows a user’s changed scopes', async () => {
    const firstGrid = server.district.baseGridCodes[0];
    const otherStreetGrid = server.district.baseGridCodes.at(-1);
    const screen = await connectScreen(dispatcher);
    await screen.catchUp(0);
    await server.server.stores.users.updateUserScopes('dispatcher', [
      server.district.streetCodes[1] ?? '',
    ]);
    server.server.bus.emit('userAccessChanged', { username: 'dispatcher' });
    await report(firstGrid);
    const nowVisible = await report(otherStreetGrid);
    await waitFor(() => screen.received.length >= 1, WAIT_MS, 'event in the new scope');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.received.map((event) => event.incident.id)).toEqual([nowVisible]);
    screen.close();
  });
});
