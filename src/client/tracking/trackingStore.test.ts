import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkerDirectoryEntry } from '../../shared/trackingEvents';
import { MAX_RECENT_TRACKING_EVENTS, touchesCodes, useTrackingStore } from './trackingStore';

const GRID_A = '350102001001001';
const GRID_B = '350102002001001';
const entry = (
  workerId: number,
  gridCode = GRID_A,
  status: WorkerDirectoryEntry['status'] = 'online',
): WorkerDirectoryEntry => ({
  workerId,
  displayName: `王*${workerId}`,
  gridCodes: [gridCode],
  status,
});

const store = () => useTrackingStore.getState();

beforeEach(() => store().clearTracking());

describe('trackingStore', () => {
  it('replaces the directory on (re)subscribe so no ghost workers stay', () => {
    store().replaceDirectory([entry(1), entry(2)]);
    store().selectWorker(2);
    store().setFollowing(true);
    store().replaceDirectory([entry(1), entry(3)]);
    expect(Object.keys(store().directory)).toEqual(['1', '3']);
    expect(store().selectedWorkerId).toBeNull();
    expect(store().following).toBe(false);
  });

  it('keeps the selection across a resubscribe that still has the worker', () => {
    store().replaceDirectory([entry(1)]);
    store().selectWorker(1);
    store().setFollowing(true);
    store().replaceDirectory([entry(1, GRID_A, 'idle')]);
    expect(store().selectedWorkerId).toBe(1);
    expect(store().following).toBe(true);
  });

  it('drops upserted workers that left the subscription and those of a revoked scope', () => {
    store().replaceDirectory([entry(1), entry(2, GRID_B)]);
    store().upsertWorkers([entry(1, GRID_B), entry(4)], ['350102001']);
    expect(Object.keys(store().directory).map(Number)).toEqual([2, 4]);
    store().removeWorkersOutside(['350102001']);
    expect(Object.keys(store().directory).map(Number)).toEqual([4]);
  });

  it('applies status changes and turns SOS raised and cleared into events', () => {
    store().replaceDirectory([entry(1), entry(2)]);
    store().applyStatusChanges([
      { workerId: 1, status: 'sos', previousStatus: 'online', atMs: 10 },
      { workerId: 2, status: 'idle', previousStatus: 'online', atMs: 11 },
      { workerId: 99, status: 'sos', previousStatus: 'online', atMs: 12 },
    ]);
    expect(store().directory[1]?.status).toBe('sos');
    expect(store().directory[2]?.status).toBe('idle');
    store().applyStatusChanges([
      { workerId: 1, status: 'online', previousStatus: 'sos', atMs: 20 },
    ]);
    expect(store().events.map((event) => [event.kind, event.workerId])).toEqual([
      ['sosCleared', 1],
      ['sos', 1],
    ]);
  });

  it('leaves the state untouched when no status changes', () => {
    store().replaceDirectory([entry(1)]);
    const before = store().directory;
    store().applyStatusChanges([
      { workerId: 1, status: 'online', previousStatus: 'idle', atMs: 1 },
    ]);
    expect(store().directory).toBe(before);
  });

  it('keeps a bounded list of grid transitions of known workers, newest first', () => {
    store().replaceDirectory([entry(1)]);
    const transitions = Array.from({ length: MAX_RECENT_TRACKING_EVENTS + 5 }, (_, index) => ({
      kind: index % 2 === 0 ? ('leave' as const) : ('enter' as const),
      workerId: 1,
      gridCode: GRID_A,
      fixTimeMs: index,
    }));
    store().addGridTransitions([...transitions, { ...transitions[0]!, workerId: 77 }]);
    expect(store().events).toHaveLength(MAX_RECENT_TRACKING_EVENTS);
    expect(store().events[0]?.atMs).toBe(MAX_RECENT_TRACKING_EVENTS + 4);
    expect(new Set(store().events.map((event) => event.id)).size).toBe(MAX_RECENT_TRACKING_EVENTS);
  });

  it('toggles status filters in a stable order and follows only a selected worker', () => {
    store().toggleStatusFilter('idle');
    expect(store().filters.statuses).toEqual(['online', 'offline', 'sos']);
    store().toggleStatusFilter('idle');
    expect(store().filters.statuses).toEqual(['online', 'idle', 'offline', 'sos']);
    store().setFollowing(true);
    expect(store().following).toBe(false);
  });

  it('matches scopes by code prefix', () => {
    expect(touchesCodes([GRID_A], ['350102001'])).toBe(true);
    expect(touchesCodes([GRID_A], ['350102002'])).toBe(false);
    expect(touchesCodes([], ['350102'])).toBe(false);
  });
});
