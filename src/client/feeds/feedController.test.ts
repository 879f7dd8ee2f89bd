import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FramePosition } from '../../shared/positionFrame';
import { encodePositionFrame } from '../../shared/positionFrame';
import type { IncidentListResponse, IncidentResyncResponse } from '../../shared/incidents';
import type { WorkerSummary } from '../../shared/tracking';
import type { SubscribeResult } from '../../shared/trackingEvents';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { useNoticeStore } from '../shell/noticeStore';
import { useTrackingStore } from '../tracking/trackingStore';
import { FakeLiveSocket } from './fakeLiveSocket';
import { createFeedController, type FeedGlobe } from './feedController';
import { feedEvent, FIX_TIME_MS, GRID, position, worker } from './feedFixtures';
import type { LiveSocket } from './liveFeed';

const SCOPE = '350102';

interface PendingAck {
  event: string;
  request: unknown;
  answer(response: unknown): void;
}

/** Both feeds' acknowledged emits on one socket; counts connects. */
class FakeSessionSocket extends FakeLiveSocket {
  active = false;
  connectCalls = 0;
  readonly emits: PendingAck[] = [];

  timeout() {
    return {
      emit: (
        event: string,
        request: unknown,
        ack: (error: Error | null, response: unknown) => void,
      ) => {
        this.emits.push({ event, request, answer: (response) => ack(null, response) });
      },
    };
  }
  connect(): this {
    this.connectCalls++;
    this.active = true;
    return this;
  }
  emitsOf(event: string): PendingAck[] {
    return this.emits.filter((emit) => emit.event === event);
  }
  answerSubscribe(result: SubscribeResult): void {
    this.emitsOf('subscribe').at(-1)!.answer(result);
  }
  answerResync(response: IncidentResyncResponse): void {
    this.emitsOf('incidentResync').at(-1)!.answer(response);
  }
}

function summary(workerId: number, fixTimeMs: number): WorkerSummary {
  return {
    workerId,
    displayName: '陈*',
    gridCodes: [GRID],
    gridNames: ['一网格'],
    status: 'offline',
    lastFix: { fixTimeMs, lon: 119.31, lat: 26.09 },
  };
}

function fakeApi() {
  return {
    workers: vi.fn(async (): Promise<WorkerSummary[]> => [summary(1, FIX_TIME_MS - 60_000)]),
    incidents: vi.fn(async (): Promise<IncidentListResponse> => ({
      items: [],
      page: 1,
      pageSize: 100,
      total: 0,
      feedSequence: 7,
    })),
  };
}

function fakeGlobe() {
  const applied: FramePosition[][] = [];
  const globe: FeedGlobe = {
    workers: { applyPositions: (positions) => applied.push([...positions]) },
  };
  return { globe, applied };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function open() {
  const socket = new FakeSessionSocket();
  const api = fakeApi();
  const controller = createFeedController({
    api,
    socket: socket as unknown as LiveSocket,
    nowMs: () => FIX_TIME_MS,
  });
  return { socket, api, controller };
}

/** Connected, subscribed with workers 1 and 2, incidents loaded and resynced with one event. */
async function openLive() {
  const opened = open();
  const { socket } = opened;
  socket.serverConnects();
  socket.answerSubscribe({ ok: true, gridCodes: [SCOPE], workers: [worker(1), worker(2)] });
  await flush();
  socket.answerResync({ events: [feedEvent(8)], hasMore: false });
  return opened;
}

beforeEach(() => {
  useAppStore.getState().setSession({
    username: 'dispatcher',
    displayName: '调度员',
    role: 'dispatcher',
    scopes: [SCOPE],
    canReveal: false,
    permissions: [],
    mustChangePassword: false,
  });
  useTrackingStore.getState().clearTracking();
  useIncidentStore.getState().clearIncidents();
});

describe('createFeedController', () => {
  it('opens one socket for both feeds and subscribes to the user scopes', async () => {
    const { socket } = await openLive();
    expect(socket.connectCalls).toBe(1);
    expect(socket.emitsOf('subscribe').map((emit) => emit.request)).toEqual([
      { gridCodes: [SCOPE] },
    ]);
    expect(socket.emitsOf('incidentResync').map((emit) => emit.request)).toEqual([
      { afterSequence: 7 },
    ]);
    expect(Object.keys(useTrackingStore.getState().directory)).toEqual(['1', '2']);
    expect(useTrackingStore.getState().connection).toBe('live');
    expect(Object.keys(useIncidentStore.getState().incidents)).toEqual(['I8']);
    expect(useIncidentStore.getState().connection).toBe('live');
  });

  it('hands positions to the attached globe and keeps them out of the stores', async () => {
    const { socket, controller } = await openLive();
    const { globe, applied } = fakeGlobe();
    controller.attachGlobe(globe);
    await flush();
    applied.length = 0;
    const directoryBefore = useTrackingStore.getState().directory;
    const ack = vi.fn();
    socket.fire('positions', encodePositionFrame([position(1), position(2)], FIX_TIME_MS), ack);
    expect(applied.map((batch) => batch.map((entry) => entry.workerId))).toEqual([[1, 2]]);
    expect(ack).toHaveBeenCalledOnce();
    expect(useTrackingStore.getState().directory).toBe(directoryBefore);
  });

  it('drops positions while no globe is attached, and seeds last fixes once one attaches', async () => {
    const { socket, api, controller } = await openLive();
    const ack = vi.fn();
    socket.fire('positions', encodePositionFrame([position(1)], FIX_TIME_MS), ack);
    expect(ack).toHaveBeenCalledOnce();
    expect(api.workers).not.toHaveBeenCalled();

    const { globe, applied } = fakeGlobe();
    controller.attachGlobe(globe);
    await flush();
    expect(api.workers).toHaveBeenCalledWith(SCOPE, expect.any(AbortSignal));
    expect(applied).toEqual([
      [expect.objectContaining({ workerId: 1, fixTimeMs: FIX_TIME_MS - 60_000, lon: 119.31 })],
    ]);
    controller.attachGlobe(null);
    socket.fire('positions', encodePositionFrame([position(2)], FIX_TIME_MS), vi.fn());
    expect(applied).toHaveLength(1);
  });

  it('shows a security alert from the server as an error notice on the wall', async () => {
    useNoticeStore.getState().clear();
    const { socket } = await openLive();
    socket.fire('securityAlert', {
      kind: 'reveal_rate_limit',
      username: 'dispatcher',
      atMs: FIX_TIME_MS,
      revealsInWindow: 20,
      limitPerHour: 20,
      auditId: 99,
    });
    expect(useNoticeStore.getState().notices).toEqual([
      expect.objectContaining({
        tone: 'error',
        messageKey: 'security.revealRateLimit',
        params: { username: 'dispatcher', count: 20, limit: 20, auditId: 99 },
      }),
    ]);
  });

  it('takes worker status from status events only, once per change', async () => {
    const { socket } = await openLive();
    socket.fire('workerStatus', [
      { workerId: 1, status: 'sos', previousStatus: 'online', atMs: FIX_TIME_MS },
    ]);
    const afterEvent = useTrackingStore.getState();
    expect(afterEvent.directory[1]?.status).toBe('sos');
    expect(afterEvent.events.map((event) => event.kind)).toEqual(['sos']);

    // A frame whose status byte disagrees changes nothing: frames are not a status source.
    const idleFrame = encodePositionFrame([{ ...position(2), status: 'idle' }], FIX_TIME_MS);
    socket.fire('positions', idleFrame, vi.fn());
    expect(useTrackingStore.getState()).toBe(afterEvent);
  });

  it('resyncs after a reconnect: fresh directory, last fixes again, incidents from the last sequence', async () => {
    const { socket, api, controller } = await openLive();
    const { globe, applied } = fakeGlobe();
    controller.attachGlobe(globe);
    await flush();
    expect(api.workers).toHaveBeenCalledTimes(1);

    socket.serverDrops();
    expect(useTrackingStore.getState().connection).toBe('reconnecting');
    expect(useIncidentStore.getState().connection).toBe('reconnecting');
    socket.serverConnects();
    socket.answerSubscribe({ ok: true, gridCodes: [SCOPE], workers: [worker(2)] });
    await flush();
    expect(Object.keys(useTrackingStore.getState().directory)).toEqual(['2']);
    expect(api.workers).toHaveBeenCalledTimes(2);
    expect(applied).toHaveLength(2);
    expect(socket.emitsOf('incidentResync').at(-1)?.request).toEqual({ afterSequence: 8 });
    expect(api.incidents).toHaveBeenCalledTimes(2); // open and recently closed, loaded once
  });

  it('follows the grid filter and the scopes, and nothing else', async () => {
    const { socket } = await openLive();
    useTrackingStore.getState().selectWorker(1);
    useTrackingStore.getState().setGridFilter(GRID);
    useTrackingStore.getState().toggleStatusFilter('idle');
    useAppStore.getState().setSession({
      ...useAppStore.getState().session!,
      scopes: [SCOPE],
    });
    expect(socket.emitsOf('subscribe').map((emit) => emit.request)).toEqual([
      { gridCodes: [SCOPE] },
      { gridCodes: [GRID] },
    ]);
  });

  it('closes the socket on logout and forgets names, whereabouts and incidents', async () => {
    const { socket, controller } = await openLive();
    const { globe, applied } = fakeGlobe();
    controller.attachGlobe(globe);
    await flush();
    applied.length = 0;
    controller.close();
    expect(socket.disconnected).toBe(true);
    expect(socket.listenerCount()).toBe(0);
    expect(useTrackingStore.getState().directory).toEqual({});
    expect(useIncidentStore.getState().incidents).toEqual({});
    useTrackingStore.getState().setGridFilter(GRID);
    expect(socket.emitsOf('subscribe')).toHaveLength(1);
    socket.fire('positions', encodePositionFrame([position(1)], FIX_TIME_MS), vi.fn());
    expect(applied).toEqual([]);
  });
});
