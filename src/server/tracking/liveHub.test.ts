import { beforeEach, describe, expect, it } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import {
  GRID_SIDE_DWELL_MS,
  type GridTransitionEvent,
} from '../../domain/tracking/gridTransitions';
import {
  noiseAt,
  pointAt,
  rectangleRing,
  TEST_START_MS,
} from '../../domain/tracking/trackFixtures';
import { OFFLINE_AFTER_MS } from '../../domain/tracking/workerStatus';
import { decodePositionFrame } from '../../shared/positionFrame';
import type { WorkerDirectoryEntry, WorkerStatusChange } from '../../shared/trackingEvents';
import type { GridRecord } from '../../domain/registry';
import { LiveHub } from './liveHub';
import type { LiveScreenSink, LiveViewer } from './liveScreen';
import { TrackingBus } from './trackingBus';
import type { WorkerRecord } from './trackingRepository';

const STREET_A = '350102001';
const STREET_B = '350102002';
const GRID_A = `${STREET_A}001001`;
const GRID_B = `${STREET_B}001001`;

function grid(code: string, westM: number): GridRecord {
  return {
    code,
    parentCode: null,
    level: 4,
    name: code,
    nameEn: code,
    center: pointAt(westM + 50, 50),
    polygon: { type: 'Polygon', coordinates: [rectangleRing(westM, 0, westM + 100, 100)] },
  };
}

const GRIDS: GridRecord[] = [
  { ...grid('350102', 0), level: 1 },
  { ...grid(STREET_A, 0), level: 2 },
  { ...grid(STREET_B, 100), level: 2 },
  grid(GRID_A, 0),
  grid(GRID_B, 100),
];

const WORKERS: WorkerRecord[] = [
  { workerId: 1, name: '张伟', nameEn: 'Zhang Wei', gridCodes: [GRID_A] },
  { workerId: 2, name: '李娜', nameEn: 'Li Na', gridCodes: [GRID_B] },
];

function positionAt(workerId: number, eastM: number, fixTimeMs: number): Position {
  return {
    workerId,
    ...pointAt(eastM, 50),
    fixTimeMs,
    accuracyM: 5,
    speedMps: 1,
    headingDeg: 90,
    receivedAtMs: fixTimeMs,
  };
}

interface FakeScreen {
  sink: LiveScreenSink;
  frames: Array<{ positions: Array<{ workerId: number; fixTimeMs: number }> }>;
  acks: Array<() => void>;
  statuses: WorkerStatusChange[];
  transitions: GridTransitionEvent[];
  directories: WorkerDirectoryEntry[][];
  revoked: string[][];
  disconnected: boolean;
  sessionLive: boolean;
}

function fakeScreen(): FakeScreen {
  const screen: FakeScreen = {
    frames: [],
    acks: [],
    statuses: [],
    transitions: [],
    directories: [],
    revoked: [],
    disconnected: false,
    sessionLive: true,
    sink: {
      sendPositions: (frame, onAck) => {
        screen.frames.push(decodePositionFrame(frame));
        screen.acks.push(onAck);
      },
      sendWorkerStatus: (changes) => screen.statuses.push(...changes),
      sendGridTransitions: (events) => screen.transitions.push(...events),
      sendWorkers: (entries) => screen.directories.push(entries),
      sendScopeRevoked: (gridCodes) => screen.revoked.push(gridCodes),
      disconnect: () => {
        screen.disconnected = true;
      },
      isSessionLive: async () => screen.sessionLive,
    },
  };
  return screen;
}

describe('LiveHub', () => {
  let nowMs: number;
  let bus: TrackingBus;
  let viewers: Map<string, LiveViewer>;
  let hub: LiveHub;
  let workers: WorkerRecord[];

  beforeEach(async () => {
    workers = WORKERS;
    nowMs = TEST_START_MS;
    bus = new TrackingBus();
    viewers = new Map([
      ['admin', { username: 'admin', scopes: ['350102'], canReveal: true }],
      ['streetA', { username: 'streetA', scopes: [STREET_A], canReveal: false }],
    ]);
    hub = await LiveHub.create({
      bus,
      tracking: {
        listWorkers: async () => workers,
        newestPositions: async () => [],
        activeSos: async () => [],
      },
      listGrids: async () => GRIDS,
      findViewer: async (username) => viewers.get(username) ?? null,
      nowMs: () => nowMs,
    });
  });

  function connect(screenId: string, username: string): FakeScreen {
    const screen = fakeScreen();
    hub.addScreen(screenId, viewers.get(username)!, screen.sink);
    return screen;
  }

  it('refuses codes that do not exist or lie outside the scopes, as a whole', () => {
    connect('s1', 'streetA');
    expect(hub.subscribe('s1', [STREET_A, '350102009'])).toEqual({
      ok: false,
      error: 'invalid_grid_code',
      refusedGridCodes: ['350102009'],
    });
    expect(hub.subscribe('s1', [STREET_A, STREET_B])).toEqual({
      ok: false,
      error: 'out_of_scope',
      refusedGridCodes: [STREET_B],
    });
    const result = hub.subscribe('s1', [STREET_A]);
    expect(result).toMatchObject({ ok: true, gridCodes: [STREET_A] });
    if (result.ok) {
      expect(result.workers.map((worker) => worker.workerId)).toEqual([1]);
      // Masked for a user without reveal permission.
      expect(result.workers[0]!.displayName).toBe('张*');
    }
  });

  it('sends one frame per tick with the newest position per visible worker only', () => {
    const admin = connect('s1', 'admin');
    const streetA = connect('s2', 'streetA');
    hub.subscribe('s1', ['350102']);
    hub.subscribe('s2', [STREET_A]);
    bus.emit('positionsCommitted', [
      positionAt(1, 10, TEST_START_MS),
      positionAt(1, 12, TEST_START_MS + 2000),
      // A late, older fix never replaces the newer one.
      positionAt(1, 11, TEST_START_MS + 1000),
      positionAt(2, 150, TEST_START_MS),
    ]);
    hub.tick();
    expect(admin.frames).toHaveLength(1);
    expect(admin.frames[0]!.positions.map((p) => [p.workerId, p.fixTimeMs])).toEqual([
      [1, TEST_START_MS + 2000],
      [2, TEST_START_MS],
    ]);
    expect(streetA.frames).toHaveLength(1);
    expect(streetA.frames[0]!.positions.map((p) => p.workerId)).toEqual([1]);
  });

  it('shares one encoded frame between screens with the same subscription', () => {
    const sent: Uint8Array[] = [];
    for (const id of ['s1', 's2']) {
      const screen = fakeScreen();
      const sink: LiveScreenSink = {
        ...screen.sink,
        sendPositions: (frame, onAck) => {
          sent.push(frame);
          onAck();
        },
      };
      hub.addScreen(id, viewers.get('admin')!, sink);
      hub.subscribe(id, ['350102']);
    }
    bus.emit('positionsCommitted', [positionAt(1, 10, TEST_START_MS)]);
    hub.tick();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
  });

  it('holds frames for a screen that has not acknowledged and then sends the newest only', () => {
    const slow = connect('s1', 'admin');
    hub.subscribe('s1', ['350102']);
    bus.emit('positionsCommitted', [positionAt(1, 10, TEST_START_MS)]);
    hub.tick();
    expect(slow.frames).toHaveLength(1);
    for (let second = 1; second <= 5; second++) {
      bus.emit('positionsCommitted', [
        positionAt(1, 10 + second, TEST_START_MS + second * 1000),
        positionAt(2, 150 + second, TEST_START_MS + second * 1000),
      ]);
      hub.tick();
    }
    expect(slow.frames).toHaveLength(1);
    slow.acks[0]!();
    expect(slow.frames).toHaveLength(2);
    expect(slow.frames[1]!.positions.map((p) => [p.workerId, p.fixTimeMs])).toEqual([
      [1, TEST_START_MS + 5000],
      [2, TEST_START_MS + 5000],
    ]);
    // A second acknowledgement of the same frame changes nothing.
    slow.acks[0]!();
    expect(slow.frames).toHaveLength(2);
  });

  it('cuts a subscription back at once when the user loses a scope', async () => {
    const screen = connect('s1', 'admin');
    hub.subscribe('s1', [STREET_A, STREET_B]);
    await Promise.resolve();
    bus.emit('positionsCommitted', [positionAt(2, 150, TEST_START_MS)]);
    hub.tick();
    expect(screen.frames).toHaveLength(1);
    bus.emit('positionsCommitted', [positionAt(2, 151, TEST_START_MS + 1000)]);
    hub.tick(); // pending for worker 2 while the frame is unacknowledged
    viewers.set('admin', { username: 'admin', scopes: [STREET_A], canReveal: true });
    bus.emit('userAccessChanged', { username: 'admin' });
    await new Promise((resolve) => setImmediate(resolve)); // the recheck reads the user
    expect(screen.revoked).toEqual([[STREET_B]]);
    expect(screen.directories.at(-1)!.map((entry) => entry.workerId)).toEqual([1]);
    screen.acks[0]!();
    bus.emit('positionsCommitted', [positionAt(2, 152, TEST_START_MS + 2000)]);
    hub.tick();
    expect(screen.frames).toHaveLength(1);
  });

  it('disconnects the screens of a user that is gone or whose session ended', async () => {
    const first = connect('s1', 'admin');
    const second = connect('s2', 'streetA');
    viewers.delete('admin');
    bus.emit('userAccessChanged', { username: 'admin' });
    await new Promise((resolve) => setImmediate(resolve)); // the recheck reads the user
    expect(first.disconnected).toBe(true);
    second.sessionLive = false;
    await hub.sweepStatuses();
    expect(second.disconnected).toBe(true);
    expect(hub.screenCount).toBe(0);
  });

  it('stops once the session sweep under way has read the store', async () => {
    const screen = connect('s1', 'admin');
    let answer: (live: boolean) => void = () => {};
    screen.sink.isSessionLive = () => new Promise((resolve) => (answer = resolve));
    const sweep = hub.sweepStatuses();
    let stopped = false;
    const stopping = (async () => {
      await hub.stop();
      stopped = true;
    })();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    answer(true);
    await Promise.all([sweep, stopping]);
    expect(stopped).toBe(true);
  });

  it('derives online, offline and SOS with the server clock', () => {
    const screen = connect('s1', 'admin');
    hub.subscribe('s1', ['350102']);
    bus.emit('positionsCommitted', [positionAt(1, 10, TEST_START_MS)]);
    hub.tick();
    expect(screen.statuses).toEqual([
      { workerId: 1, status: 'online', previousStatus: 'offline', atMs: TEST_START_MS },
    ]);
    nowMs = TEST_START_MS + OFFLINE_AFTER_MS;
    void hub.sweepStatuses();
    expect(screen.statuses.at(-1)).toMatchObject({ workerId: 1, status: 'offline' });
    bus.emit('sosChanged', { workerId: 2, active: true, atMs: nowMs });
    expect(screen.statuses.at(-1)).toMatchObject({ workerId: 2, status: 'sos' });
    expect(hub.statusOf(2)).toBe('sos');
  });

  it('reports a worker leaving and entering their own grid once each side held for the dwell', () => {
    const screen = connect('s1', 'admin');
    hub.subscribe('s1', ['350102']);
    bus.emit('positionsCommitted', [positionAt(1, 50, TEST_START_MS)]);
    const outsideMs = TEST_START_MS + 60_000;
    bus.emit('positionsCommitted', [positionAt(1, 160, outsideMs)]);
    bus.emit('positionsCommitted', [positionAt(1, 160, outsideMs + GRID_SIDE_DWELL_MS)]);
    const backMs = TEST_START_MS + 120_000;
    bus.emit('positionsCommitted', [positionAt(1, 50, backMs)]);
    bus.emit('positionsCommitted', [positionAt(1, 50, backMs + GRID_SIDE_DWELL_MS)]);
    hub.tick();
    expect(
      screen.transitions.map((event) => [event.kind, event.gridCode, event.fixTimeMs]),
    ).toEqual([
      ['leave', GRID_A, outsideMs + GRID_SIDE_DWELL_MS],
      ['enter', GRID_A, backMs + GRID_SIDE_DWELL_MS],
    ]);
  });

  it('reports nothing for a worker walking along the edge of their grid with GPS noise', () => {
    const screen = connect('s1', 'admin');
    hub.subscribe('s1', ['350102']);
    bus.emit('positionsCommitted', [positionAt(1, 50, TEST_START_MS)]);
    const edgeEastM = 100;
    const noiseM = 10;
    for (let second = 1; second <= 600; second++) {
      const eastM = edgeEastM + noiseAt(second, 7) * noiseM;
      bus.emit('positionsCommitted', [positionAt(1, eastM, TEST_START_MS + second * 1000)]);
      if (second % 10 === 0) hub.tick();
    }
    expect(screen.transitions).toEqual([]);
  });

  it('tells screens which workers appeared and which left when assignments change', async () => {
    const screen = connect('s1', 'streetA');
    hub.subscribe('s1', [STREET_A]);
    workers = [
      { ...WORKERS[0]!, gridCodes: [GRID_B] },
      { ...WORKERS[1]!, gridCodes: [GRID_A] },
    ];
    bus.emit('workersChanged');
    await new Promise((resolve) => setImmediate(resolve)); // the reload reads the store
    expect(screen.directories.at(-1)).toEqual([
      { workerId: 2, displayName: '李*', gridCodes: [GRID_A], status: 'offline' },
      { workerId: 1, displayName: '张*', gridCodes: [GRID_B], status: 'offline' },
    ]);
    bus.emit('positionsCommitted', [positionAt(1, 150, TEST_START_MS)]);
    hub.tick();
    expect(screen.frames).toHaveLength(0);
  });
});
