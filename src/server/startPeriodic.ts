/**
 * A background job's timer: runs `run` every `intervalMs`, hands a thrown error (or a rejected
 * pass) to `onError` so one failed pass does not stop the next, and does not keep the process
 * alive (unref). An asynchronous pass still running when the next is due makes that one skip.
 * With `mayRun` (several server processes: the leader lease) a pass is skipped while it answers
 * false.
 */
export type JobGate = () => boolean;

export const ALWAYS_RUN: JobGate = () => true;

export function startPeriodic(
  run: () => unknown,
  intervalMs: number,
  onError: (error: unknown) => void,
  mayRun: JobGate = ALWAYS_RUN,
): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running || !mayRun()) return;
    try {
      const pass = run();
      if (pass instanceof Promise) {
        running = true;
        pass.catch(onError).finally(() => (running = false));
      }
    } catch (error) {
      onError(error);
    }
  }, intervalMs);
  timer.unref();
  return timer;
}
