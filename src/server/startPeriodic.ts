/**
 * A background job's timer: runs `run` every `intervalMs`, hands a thrown error to `onError` so
 * one failed pass does not stop the next, and does not keep the process alive (unref). With
 * `mayRun` (several server processes: the leader lease) a pass is skipped while it answers false.
 */
export type JobGate = () => boolean;

export const ALWAYS_RUN: JobGate = () => true;

export function startPeriodic(
  run: () => void,
  intervalMs: number,
  onError: (error: unknown) => void,
  mayRun: JobGate = ALWAYS_RUN,
): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (!mayRun()) return;
    try {
      run();
    } catch (error) {
      onError(error);
    }
  }, intervalMs);
  timer.unref();
  return timer;
}
