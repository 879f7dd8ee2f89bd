import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Position } from '../../domain/tracking/fix';
import { BatchWriter } from './batchWriter';
import type { InsertPositionsResult, TrackingRepository } from './trackingRepository';

const FLUSH_INTERVAL_MS = 50;
const FLUSH_EARLY_AT_FIXES = 4;

function position(workerId: number, fixTimeMs: number): Position {
  return {
    workerId,
    fixTimeMs,
    lon: 119.29,
    lat: 26.08,
    accuracyM: 5,
    speedMps: null,
    headingDeg: null,
    receivedAtMs: 0,
  };
}

/** A store that keeps rows in a Set and records each commit; `failNext` makes one commit throw. */
function memoryStore() {
  const keys = new Set<string>();
  const commits: Array<{ positions: Position[]; increments: Map<string, number> }> = [];
  const state = { failNext: false, delaysMs: [] as number[] };
  const commitPositions = async (
    positions: readonly Position[],
    increments: ReadonlyMap<string, number>,
  ): Promise<InsertPositionsResult> => {
    const delayMs = state.delaysMs.shift() ?? 0;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (state.failNext) {
      state.failNext = false;
      throw new Error('disk full');
    }
    commits.push({ positions: [...positions], increments: new Map(increments) });
    const result: InsertPositionsResult = { stored: [], duplicates: [] };
    for (const item of positions) {
      const key = `${item.workerId}:${item.fixTimeMs}`;
      if (keys.has(key)) result.duplicates.push(item);
      else {
        keys.add(key);
        result.stored.push(item);
      }
    }
    return result;
  };
  return { store: { commitPositions } as unknown as TrackingRepository, commits, state };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BatchWriter', () => {
  it('commits every device batch of one tick in one transaction, then settles each', async () => {
    vi.useFakeTimers();
    const { store, commits } = memoryStore();
    const committed: Position[][] = [];
    const writer = new BatchWriter(store, (stored) => committed.push([...stored]), {
      flushIntervalMs: FLUSH_INTERVAL_MS,
      flushEarlyAtFixes: 100,
    });
    const first = writer.write([position(1, 1), position(1, 2)], new Map([['rejected:x', 1]]));
    const second = writer.write([position(2, 1), position(1, 2)]);
    let settled = false;
    void first.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(FLUSH_INTERVAL_MS - 1);
    expect(settled).toBe(false);
    expect(commits).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.increments).toEqual(new Map([['rejected:x', 1]]));
    expect((await first).stored).toHaveLength(2);
    const secondResult = await second;
    expect(secondResult.stored).toEqual([position(2, 1)]);
    expect(secondResult.duplicates).toEqual([position(1, 2)]);
    expect(committed).toEqual([[position(1, 1), position(1, 2), position(2, 1)]]);
  });

  it('commits at once when the queue is long, without waiting for the tick', async () => {
    vi.useFakeTimers();
    const { store, commits } = memoryStore();
    const writer = new BatchWriter(store, () => {}, {
      flushIntervalMs: FLUSH_INTERVAL_MS,
      flushEarlyAtFixes: FLUSH_EARLY_AT_FIXES,
    });
    const pending = writer.write([1, 2, 3, 4].map((second) => position(1, second)));
    await vi.advanceTimersByTimeAsync(0);
    expect(commits).toHaveLength(1);
    expect((await pending).stored).toHaveLength(4);
  });

  it('acknowledges nothing when the commit fails, keeps the counts, and publishes nothing', async () => {
    const { store, commits, state } = memoryStore();
    const committed: Position[][] = [];
    const writer = new BatchWriter(store, (stored) => committed.push([...stored]));
    state.failNext = true;
    writer.count('throttled');
    const failed = writer.write([position(1, 1)]);
    writer.flush();
    await expect(failed).rejects.toThrow('disk full');
    expect(committed).toEqual([]);
    const retried = writer.write([position(1, 1)]);
    writer.flush();
    expect((await retried).stored).toHaveLength(1);
    expect(commits[0]!.increments).toEqual(new Map([['throttled', 1]]));
  });

  it('commits one batch after another: a slow commit is not overtaken by the next', async () => {
    const { store, state } = memoryStore();
    const committed: number[][] = [];
    const writer = new BatchWriter(store, (stored) =>
      committed.push(stored.map((item) => item.fixTimeMs)),
    );
    state.delaysMs = [30, 0];
    const first = writer.write([position(1, 1)]);
    void writer.flush();
    const second = writer.write([position(1, 2)]);
    await writer.flush();
    await Promise.all([first, second]);
    expect(committed).toEqual([[1], [2]]);
  });

  it('commits what is queued on close and refuses later writes', async () => {
    const { store, commits } = memoryStore();
    const writer = new BatchWriter(store, () => {});
    const pending = writer.write([position(1, 1)]);
    await writer.close();
    expect(commits).toHaveLength(1);
    expect((await pending).stored).toHaveLength(1);
    await expect(writer.write([position(1, 2)])).rejects.toThrow('closed');
  });
});
