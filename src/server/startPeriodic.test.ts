import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './startPeriodic';

const INTERVAL_MS = 1_000;

/** A pass that runs until the test ends it. */
function heldPass() {
  let end: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const ended = new Promise<void>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  return { ended, end, fail };
}

/** Whether `promise` has settled once the pending callbacks have run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.finally(() => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startPeriodic', () => {
  it("stops with the pass in flight: stop's promise settles when it ends, and no pass starts after", async () => {
    vi.useFakeTimers();
    const pass = heldPass();
    const run = vi.fn(() => pass.ended);
    const job = startPeriodic(run, INTERVAL_MS, () => {});
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(1);

    const stopped = job.stop();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(await hasSettled(stopped)).toBe(false);
    pass.end();
    expect(await hasSettled(stopped)).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands a failed pass to onError and still settles stop', async () => {
    vi.useFakeTimers();
    const pass = heldPass();
    const onError = vi.fn();
    const job = startPeriodic(
      () => pass.ended,
      INTERVAL_MS,
      onError,
      () => true,
      true,
    );
    const stopped = job.stop();
    expect(await hasSettled(stopped)).toBe(false);
    pass.fail(new Error('database gone'));
    await stopped;
    expect(onError).toHaveBeenCalledWith(new Error('database gone'));
  });

  it('runs at start only when asked and allowed, and skips a due pass while one runs', async () => {
    vi.useFakeTimers();
    const pass = heldPass();
    const run = vi.fn(() => pass.ended);
    const notLeader = startPeriodic(
      run,
      INTERVAL_MS,
      () => {},
      () => false,
      true,
    );
    expect(run).not.toHaveBeenCalled();
    await notLeader.stop();

    const job = startPeriodic(
      run,
      INTERVAL_MS,
      () => {},
      () => true,
      true,
    );
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(1);
    pass.end();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(2);
    await job.stop();
  });

  it('stops at once when no pass runs', async () => {
    vi.useFakeTimers();
    const job = startPeriodic(
      () => undefined,
      INTERVAL_MS,
      () => {},
    );
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(await hasSettled(job.stop())).toBe(true);
  });
});
