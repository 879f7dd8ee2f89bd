import { describe, expect, it, vi } from 'vitest';
import { encodePositionFrame } from '../../shared/positionFrame';
import type { SubscribeResult, WorkerDirectoryEntry } from '../../shared/trackingEvents';
import { GRID, position, worker } from './feedFixtures';
import { FakeLiveSocket } from './fakeLiveSocket';
import { connectLiveFeed, type LiveFeedHandlers, type LiveSocket } from './liveFeed';

/** Subscribes with ack (the feed only listens: its owner connects the socket). */
class FakeSocket extends FakeLiveSocket {
  active = true;
  readonly subscribes: { gridCodes: string[]; answer: (result: SubscribeResult) => void }[] = [];

  timeout() {
    return {
      emit: (
        _event: 'subscribe',
        request: { gridCodes: string[] },
        ack: (error: Error | null, result: SubscribeResult) => void,
      ) => {
        this.subscribes.push({
          gridCodes: request.gridCodes,
          answer: (result) => ack(null, result),
        });
      },
    };
  }
}

function handlersSpy() {
  const calls: string[] = [];
  const handlers: LiveFeedHandlers = {
    onDirectory: vi.fn((workers: WorkerDirectoryEntry[]) =>
      calls.push(`directory:${workers.map((entry) => entry.workerId).join(',')}`),
    ),
    onPositions: vi.fn(() => calls.push('positions')),
    onWorkerStatus: vi.fn(),
    onGridTransitions: vi.fn(),
    onWorkers: vi.fn(),
    onScopeRevoked: vi.fn(),
    onConnection: vi.fn((state) => calls.push(`state:${state}`)),
  };
  return { handlers, calls };
}

function connect(codes: string[] = ['350102']) {
  const socket = new FakeSocket();
  const spy = handlersSpy();
  const feed = connectLiveFeed(codes, spy.handlers, socket as unknown as LiveSocket);
  return { socket, feed, ...spy };
}

describe('connectLiveFeed', () => {
  it('subscribes on connect and hands over the directory', () => {
    const { socket, calls } = connect();
    socket.serverConnects();
    expect(socket.subscribes.map((request) => request.gridCodes)).toEqual([['350102']]);
    socket.subscribes[0]!.answer({ ok: true, gridCodes: ['350102'], workers: [worker(1)] });
    expect(calls).toEqual(['state:connecting', 'directory:1', 'state:live']);
  });

  it('acknowledges a frame only after it was applied, and malformed ones too', () => {
    const { socket, feed, handlers, calls } = connect();
    socket.serverConnects();
    const ack = vi.fn(() => calls.push('ack'));
    socket.fire(
      'positions',
      encodePositionFrame([position(1), position(2)], 1_700_000_000_500),
      ack,
    );
    expect(calls.slice(-2)).toEqual(['positions', 'ack']);
    const applied = vi.mocked(handlers.onPositions).mock.calls[0]![0];
    expect(applied.positions.map((entry) => entry.workerId)).toEqual([1, 2]);
    expect(applied.positions[0]?.lon).toBeCloseTo(119.3, 6);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const badAck = vi.fn();
    socket.fire('positions', new Uint8Array([9, 9, 9]), badAck);
    expect(badAck).toHaveBeenCalledOnce();
    expect(feed.malformedFrames).toBe(1);
    expect(handlers.onPositions).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('resubscribes after a reconnect and ignores the answer of a stale subscribe', () => {
    const { socket, handlers } = connect();
    socket.serverConnects();
    const stale = socket.subscribes[0]!;
    socket.serverDrops();
    expect(handlers.onConnection).toHaveBeenLastCalledWith('reconnecting');
    socket.serverConnects();
    stale.answer({ ok: true, gridCodes: ['350102'], workers: [worker(1), worker(2)] });
    expect(handlers.onDirectory).not.toHaveBeenCalled();
    socket.subscribes[1]!.answer({ ok: true, gridCodes: ['350102'], workers: [worker(2)] });
    expect(vi.mocked(handlers.onDirectory).mock.calls[0]![0]).toEqual([worker(2)]);
  });

  it('replaces the subscription for a filter and reports a refusal', () => {
    const { socket, feed, handlers } = connect();
    socket.serverConnects();
    feed.subscribe([GRID]);
    expect(socket.subscribes[1]!.gridCodes).toEqual([GRID]);
    socket.subscribes[1]!.answer({
      ok: false,
      error: 'out_of_scope',
      refusedGridCodes: [GRID],
    });
    expect(handlers.onDirectory).toHaveBeenLastCalledWith([], []);
    expect(handlers.onConnection).toHaveBeenLastCalledWith('refused');
  });

  it('passes the subscription to worker changes and narrows it when a scope is revoked', () => {
    const { socket, handlers } = connect(['350102001', '350102002']);
    socket.serverConnects();
    socket.subscribes[0]!.answer({
      ok: true,
      gridCodes: ['350102001', '350102002'],
      workers: [],
    });
    socket.fire('scopeRevoked', { gridCodes: ['350102002'] });
    expect(handlers.onScopeRevoked).toHaveBeenCalledWith(['350102001']);
    socket.fire('workers', [worker(5)]);
    expect(handlers.onWorkers).toHaveBeenCalledWith([worker(5)], ['350102001']);
  });

  it('removes every listener on close and leaves the socket to its owner', () => {
    const { socket, feed, handlers } = connect();
    expect(socket.listenerCount()).toBeGreaterThan(0);
    feed.close();
    expect(socket.listenerCount()).toBe(0);
    expect(socket.disconnected).toBe(false);
    expect(handlers.onConnection).toHaveBeenLastCalledWith('idle');
  });
});
