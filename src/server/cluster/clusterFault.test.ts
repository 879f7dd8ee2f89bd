/**
 * Three server processes on one database (the SQLite file, or with TEST_ENGINE=postgres the
 * district copied into a PostgreSQL database of the test's own), joined by the test's own Redis, behind nginx as
 * `npm run cluster` runs them. Devices stream fixes and incidents are reported and dispatched
 * through the proxy while the leader node is killed with SIGKILL: the devices reconnect through the
 * proxy and resend, every acknowledged fix and every answered incident is stored exactly once, a
 * screen resyncs the incident feed with no gap, and a street-scoped screen never sees anything
 * outside its street, and another node takes the background jobs over. Then Redis is restarted (empty): the nodes reconnect and a fix stored by
 * one node reaches a screen on another again. Needs nginx and redis-server (CI installs them).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { isInScope } from '../../domain/gridCode';
import {
  INCIDENT_FEED_EVENT,
  INCIDENT_RESYNC_EVENT,
  type IncidentFeedEvent,
} from '../../shared/incidents';
import { LIVE_NAMESPACE } from '../../shared/trackingEvents';
import {
  EMERGENCY_SCENARIO_EVENT,
  EMERGENCY_SCENARIO_PATH,
  type EmergencyScenarioPush,
} from '../../shared/emergencyScenario';
import { ensureDemoDevices } from '../demoDevices';
import { ensureDemoUsers } from '../demoUsers';
import { SOCKET_ID_SEPARATOR } from './clusterConfig';
import { startNginxProxy, type NginxProxy } from './nginxProxy';
import { SOCKET_PATH } from '../socket/attachSocketGateway';
import { BACKGROUND_JOBS_LEASE } from './leaderLease';
import { startChildServer, type ChildServer } from '../testing/childServer';
import { freePort, startTestRedis, type TestRedis } from '../testing/redisServer';
import { startTestDevice, walkingFixes, type TestDevice } from '../testing/testDevice';
import { connectTestScreen, waitFor, type TestScreen } from '../testing/testScreen';
import { writeSyntheticDistrict } from '../testing/syntheticDistrict';
import { copyToTestPostgres, TEST_DISTRICT_SIZE, TEST_ENGINE } from '../testing/testServer';
import {
  postgresClusterInspector,
  sqliteClusterInspector,
  type ClusterInspector,
} from '../testing/clusterInspector';
import type { TestPostgres } from '../testing/testPostgres';

const DB_FILE_NAME = 'district.sqlite';
const NODE_COUNT = 3;
const DEVICE_COUNT = 6;
const FIXES_PER_TICK = 5;
const TICK_MS = 20;
const ACKED_BEFORE_KILL = 300;
const INCIDENTS_PER_ROUND = 4;
const WAIT_MS = 30_000;
const SPREAD_ATTEMPTS = 30;
const LATE_FIX_MS = 200;
const HOUR_MS = 60 * 60 * 1000;
const POLL_MS = 50;
/** Three cold starts of main.ts under tsx at once, on a machine shared with other work. */
const NODE_START_TIMEOUT_MS = 90_000;
/** Three cold starts of main.ts under tsx on a shared 2-core machine, nginx and Redis. */
const CLUSTER_TEST_TIMEOUT_MS = 240_000;

const rootDir = mkdtempSync(join(tmpdir(), 'gcc-cluster-'));
const nodes: ChildServer[] = [];
let redis: TestRedis | null = null;
let proxy: NginxProxy | null = null;
const clients: Array<{ close(): void }> = [];
let postgres: TestPostgres | null = null;
let inspector: ClusterInspector | null = null;

afterAll(async () => {
  for (const client of clients) client.close();
  await proxy?.stop();
  await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
  await redis?.stop();
  await inspector?.close();
  await postgres?.drop();
  rmSync(rootDir, { recursive: true, force: true });
});

/** Resolves once `condition` holds (asked again every POLL_MS); rejects after `timeoutMs`. */
async function waitForAsync(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The node a client's engine.io session lives on: its id starts with the node's id. */
function nodeOfSession(sessionId: string | undefined): string {
  return sessionId?.split(SOCKET_ID_SEPARATOR)[0] ?? '';
}

/**
 * Connects devices again, one at a time, until every node holds one: a handshake goes to any
 * node, and nginx keeps a round robin per worker process, so the devices may all miss a node (the
 * leader the test kills must hold some). Before any fix is sent: nothing is in flight.
 */
async function spreadOverNodes(devices: readonly TestDevice[], nodeCount: number): Promise<void> {
  for (let attempt = 0; attempt < SPREAD_ATTEMPTS; attempt++) {
    await waitFor(() => devices.every((device) => device.socket.connected), WAIT_MS, 'devices');
    const byNode = new Map<string, TestDevice[]>();
    for (const device of devices) {
      const nodeId = nodeOfSession(device.socket.io.engine?.id);
      byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), device]);
    }
    if (byNode.size === nodeCount) return;
    const crowded = [...byNode.values()].sort((a, b) => b.length - a.length)[0]!;
    crowded[0]!.socket.disconnect();
    crowded[0]!.socket.connect();
  }
  throw new Error(`devices did not reach all ${nodeCount} nodes in ${SPREAD_ATTEMPTS} attempts`);
}

interface FeedScreen {
  events: IncidentFeedEvent[];
  nodeId(): string;
  close(): void;
}

/** A screen of the incident feed that resyncs after its last sequence on every (re)connect. */
function connectFeedScreen(baseUrl: string, token: string): FeedScreen {
  const socket = io(baseUrl + LIVE_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['polling', 'websocket'],
    auth: { token },
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  const events: IncidentFeedEvent[] = [];
  socket.on(INCIDENT_FEED_EVENT, (event: IncidentFeedEvent) => events.push(event));
  socket.on('connect', () => {
    void (async () => {
      for (;;) {
        const after = events.at(-1)?.sequence ?? 0;
        const page = (await socket
          .timeout(WAIT_MS)
          .emitWithAck(INCIDENT_RESYNC_EVENT, { afterSequence: after })) as {
          events: IncidentFeedEvent[];
          hasMore: boolean;
        };
        events.push(...page.events);
        if (!page.hasMore) return;
      }
    })().catch(() => undefined);
  });
  return {
    events,
    nodeId: () => nodeOfSession(socket.io.engine?.id),
    close: () => socket.close(),
  };
}

describe('several nodes behind nginx, joined by Redis', () => {
  it(
    'loses and duplicates nothing when a node is killed mid-stream, and recovers from a Redis restart',
    async () => {
      const dataDir = join(rootDir, 'data');
      const staticDir = join(rootDir, 'dist');
      const tilesetsDir = join(rootDir, 'tilesets');
      for (const dir of [dataDir, staticDir, tilesetsDir]) mkdirSync(dir, { recursive: true });
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>cluster test</title>');
      const dbPath = join(dataDir, DB_FILE_NAME);
      const district = writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
      const password = randomBytes(12).toString('base64url');
      await ensureDemoUsers(dbPath, password);
      const workerIds = district.workerIds.slice(0, DEVICE_COUNT);
      const tokens = ensureDemoDevices(dbPath, { workerIds });
      postgres = TEST_ENGINE === 'postgres' ? await copyToTestPostgres(dbPath) : null;
      const database: ClusterInspector =
        postgres === null ? sqliteClusterInspector(dbPath) : postgresClusterInspector(postgres.url);
      inspector = database;

      const redisDir = join(rootDir, 'redis');
      mkdirSync(redisDir);
      redis = await startTestRedis(redisDir, await freePort());
      const redisUrl = redis.url;
      const keyPrefix = `gcc-test-${process.pid}`;
      nodes.push(
        ...(await Promise.all(
          Array.from({ length: NODE_COUNT }, (_, index) =>
            startChildServer({
              dataDir,
              staticDir,
              tilesetsDir,
              env: {
                ...(postgres === null ? {} : { DATABASE_URL: postgres.url }),
                REDIS_URL: redisUrl,
                CLUSTER_NODE_ID: `node-${index + 1}`,
                REDIS_KEY_PREFIX: keyPrefix,
                SEARCH_WORKERS: '0',
              },
              startTimeoutMs: NODE_START_TIMEOUT_MS,
            }),
          ),
        )),
      );
      proxy = await startNginxProxy({
        runDir: join(rootDir, 'nginx'),
        host: '127.0.0.1',
        port: await freePort(),
        nodes: nodes.map((node, index) => ({ nodeId: `node-${index + 1}`, port: node.port })),
      });
      const baseUrl = proxy.url;
      const leaseHolder = () => database.leaseHolder(BACKGROUND_JOBS_LEASE);

      const login = async (username: string): Promise<string> => {
        const answer = await fetch(`${baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        expect(answer.status).toBe(200);
        return ((await answer.json()) as { token: string }).token;
      };
      const admin = await login('admin');
      const dispatcher = await login('dispatcher');
      const firstStreet = district.streetCodes[0]!;
      const feed = connectFeedScreen(baseUrl, admin);
      const streetFeed = connectFeedScreen(baseUrl, dispatcher);
      const wall: TestScreen = connectTestScreen(baseUrl, admin);
      const streetWall: TestScreen = connectTestScreen(baseUrl, dispatcher);
      clients.push(feed, streetFeed, wall, streetWall);
      for (const [screen, code] of [
        [wall, district.districtCode],
        [streetWall, firstStreet],
      ] as const) {
        await screen.connected();
        expect((await screen.subscribe([code])).ok).toBe(true);
        // A screen that comes back through the proxy subscribes again, as the wall does.
        screen.socket.io.on('reconnect', () => void screen.subscribe([code]));
      }

      // Devices through the proxy, spread over the nodes; each records fixes all along.
      const devices: TestDevice[] = tokens.map((device) =>
        startTestDevice(baseUrl, device.token, { ackTimeoutMs: 1_000 }),
      );
      clients.push(...devices);
      await spreadOverNodes(devices, NODE_COUNT);
      const startMs = Date.now() - 2 * HOUR_MS;
      const produced = devices.map(() => 0);
      const streaming = setInterval(() => {
        devices.forEach((device, index) => {
          device.enqueue(
            walkingFixes({ startMs, count: FIXES_PER_TICK, firstIndex: produced[index] }),
          );
          produced[index]! += FIXES_PER_TICK;
        });
      }, TICK_MS);
      const acked = (): number =>
        devices.reduce(
          (sum, device) =>
            sum + device.acks.reduce((count, ack) => count + ack.acknowledgedFixTimesMs.length, 0),
          0,
        );

      // Incidents through the proxy: reported in parallel (several nodes write at once), then
      // dispatched; a request caught by the kill may fail, an answered one must be stored.
      const grids = (await (
        await fetch(`${baseUrl}/api/grids`, { headers: { authorization: `Bearer ${admin}` } })
      ).json()) as Array<{ code: string; center: { lon: number; lat: number } }>;
      const baseGrids = grids.filter((grid) => district.baseGridCodes.includes(grid.code));
      const answeredIds: string[] = [];
      let reporting = true;
      const reportRound = async (round: number): Promise<void> => {
        await Promise.all(
          Array.from({ length: INCIDENTS_PER_ROUND }, async (_, index) => {
            const grid = baseGrids[(round * INCIDENTS_PER_ROUND + index) % baseGrids.length]!;
            try {
              const answer = await fetch(`${baseUrl}/api/incidents`, {
                method: 'POST',
                headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
                body: JSON.stringify({
                  categoryCode: 'street_order',
                  ...grid.center,
                  description: `cluster round ${round}`,
                }),
              });
              if (answer.status !== 201) return;
              const { incident } = (await answer.json()) as { incident: { id: string } };
              answeredIds.push(incident.id);
            } catch {
              // Cut by the kill: not acknowledged, so nothing is owed.
            }
          }),
        );
      };
      const incidentLoop = (async () => {
        for (let round = 0; reporting; round++) await reportRound(round);
      })();

      await waitFor(() => acked() >= ACKED_BEFORE_KILL && answeredIds.length >= 8, WAIT_MS, 'load');
      // Kill the leader (it runs the background jobs), which holds devices' sessions too, in
      // the middle of it all.
      const victimId = (await leaseHolder()) ?? '';
      const victimIndex = Number(victimId.replace('node-', '')) - 1;
      expect(victimIndex).toBeGreaterThanOrEqual(0);
      expect(
        devices.some((device) => nodeOfSession(device.socket.io.engine?.id) === victimId),
      ).toBe(true);
      expect(devices.some((device) => device.outboxSize() > 0)).toBe(true);
      await nodes[victimIndex]!.kill('SIGKILL');
      const answeredAtKill = answeredIds.length;
      await waitFor(
        () => answeredIds.length >= answeredAtKill + 8,
        WAIT_MS,
        'incidents after kill',
      );
      reporting = false;
      await incidentLoop;
      clearInterval(streaming);
      await Promise.all(devices.map((device) => device.drained(WAIT_MS)));
      for (const device of devices) {
        expect(nodeOfSession(device.socket.io.engine?.id)).not.toBe(victimId);
      }
      // A live node takes the jobs over once the dead leader's lease has expired.
      await waitForAsync(
        async () => {
          const holder = await leaseHolder();
          return holder !== null && holder !== victimId;
        },
        WAIT_MS,
        'another node to take the lease',
      );

      // Every fix each device recorded is stored, each exactly once.
      for (const [index, device] of devices.entries()) {
        const stored = await database.fixTimesOf(workerIds[index]!);
        const sent = [...new Set(device.enqueuedFixTimesMs)].sort((a, b) => a - b);
        expect(stored).toEqual(sent);
      }
      // Every answered incident is stored once, with one report event; ids are all distinct.
      const reportedIds = await database.reportedIncidentIds();
      expect(new Set(reportedIds).size).toBe(reportedIds.length);
      for (const id of answeredIds) expect(reportedIds).toContain(id);
      // The screens resynced through the proxy: the whole feed of their scope, no gap, no repeat.
      const allSequences = await database.feed();
      await waitFor(
        () => feed.events.at(-1)?.sequence === allSequences.at(-1)?.sequence,
        WAIT_MS,
        'the feed screen to catch up',
      );
      expect(feed.events.map((event) => event.sequence)).toEqual(
        allSequences.map((row) => row.sequence),
      );
      const streetSequences = allSequences
        .filter((row) => isInScope(row.gridCode, [firstStreet]))
        .map((row) => row.sequence);
      await waitFor(
        () => streetFeed.events.length === streetSequences.length,
        WAIT_MS,
        'the street screen to catch up',
      );
      expect(streetFeed.events.map((event) => event.sequence)).toEqual(streetSequences);
      // The walls: every streaming worker seen; the street wall only its street's workers.
      await waitFor(
        () => workerIds.every((workerId) => wall.seenWorkerIds().has(workerId)),
        WAIT_MS,
        'every worker on the wall',
      );
      const streetWorkers = new Set(
        workerIds.filter((_, index) => isInScope(district.baseGridCodes[index]!, [firstStreet])),
      );
      expect(streetWorkers.size).toBeGreaterThan(0);
      expect(streetWorkers.size).toBeLessThan(workerIds.length);
      for (const workerId of streetWall.seenWorkerIds()) {
        expect(streetWorkers.has(workerId)).toBe(true);
      }

      // The emergency scenario, changed on a node other than the wall's, reaches the wall, with
      // the counts of the wall's own scope.
      const wallNodeId = nodeOfSession(wall.socket.io.engine?.id);
      const scenarioNode = nodes.find(
        (_, index) => `node-${index + 1}` !== wallNodeId && index !== victimIndex,
      )!;
      const scenarioPushes: EmergencyScenarioPush[] = [];
      wall.socket.on(EMERGENCY_SCENARIO_EVENT, (push) => scenarioPushes.push(push));
      const put = await fetch(scenarioNode.baseUrl + EMERGENCY_SCENARIO_PATH, {
        method: 'PUT',
        headers: { authorization: `Bearer ${dispatcher}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          substance: 'chlorine',
          release: { kind: 'continuous', rateGPerS: 25 },
          source: baseGrids[0]!.center,
          windMs: 3,
          windFromDeg: 270,
          stability: 'D',
          terrain: 'urban',
        }),
      });
      expect(put.status).toBe(200);
      const { id: scenarioId } = (await put.json()) as { id: string };
      await waitFor(
        () => scenarioPushes.some((push) => push.scenario?.id === scenarioId),
        WAIT_MS,
        'the scenario on a wall of another node',
      );

      // Redis restarts empty: the nodes reconnect, and a fix stored on one node reaches a wall
      // connected to another again.
      await redis.stop();
      redis = await startTestRedis(redisDir, redis.port);
      const wallNode = nodeOfSession(wall.socket.io.engine?.id);
      const otherIndex = devices.findIndex(
        (device) => nodeOfSession(device.socket.io.engine?.id) !== wallNode,
      );
      expect(otherIndex).toBeGreaterThanOrEqual(0);
      const otherWorker = workerIds[otherIndex]!;
      const lateStartMs = Date.now() - HOUR_MS / 2;
      const framesBefore = wall.frames.length;
      const lateFixes = setInterval(() => {
        devices[otherIndex]!.enqueue(
          walkingFixes({ startMs: lateStartMs, count: 1, firstIndex: produced[otherIndex]! }),
        );
        produced[otherIndex]! += 1;
      }, LATE_FIX_MS);
      try {
        await waitFor(
          () =>
            wall.frames
              .slice(framesBefore)
              .some((frame) => frame.positions.some((fix) => fix.workerId === otherWorker)),
          WAIT_MS,
          'a fix relayed after the Redis restart',
        );
      } finally {
        clearInterval(lateFixes);
      }
    },
    CLUSTER_TEST_TIMEOUT_MS,
  );
});
