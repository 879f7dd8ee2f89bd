/**
 * A background job's timer: runs `run` every `intervalMs` (and once at start with `runAtStart`),
 * hands a thrown error (or a rejected pass) to `onError` so one failed pass does not stop the
 * next, and does not keep the process alive (unref). An asynchronous pass still running when the
 * next is due makes that one skip. With `mayRun` (several server processes: the leader lease) a
 * pass is skipped while it answers false.
 *
 * `stop()` clears the timer and settles once the pass in flight, if any, has ended: the server
 * closes its stores only after that, so a pass is neither cut half-way nor run against a closed
 * database (a pass that outlived the pool logged "Cannot use a pool after calling end").
 */
export type JobGate = () => boolean;

export const ALWAYS_RUN: JobGate = () => true;

export interface PeriodicJob {
  /** No pass starts after this; settles (never rejects) when the running pass has ended. */
  stop(): Promise<void>;
}

export function startPeriodic(
  run: () => unknown,
  intervalMs: number,
  onError: (error: unknown) => void,
  mayRun: JobGate = ALWAYS_RUN,
  runAtStart = false,
): PeriodicJob {
  let running: Promise<void> | null = null;
  const runPass = (): void => {
    if (running !== null || !mayRun()) return;
    try {
      const pass = run();
      if (pass instanceof Promise) {
        running = pass.then(
          () => undefined,
          (error: unknown) => onError(error),
        );
        void running.finally(() => (running = null));
      }
    } catch (error) {
      onError(error);
    }
  };
  const timer = setInterval(runPass, intervalMs);
  timer.unref();
  if (runAtStart) runPass();
  return {
    stop() {
      clearInterval(timer);
      return running ?? Promise.resolve();
    },
  };
}
