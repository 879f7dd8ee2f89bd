/**
 * A background job's timer: runs `run` every `intervalMs`, hands a thrown error to `onError` so
 * one failed pass does not stop the next, and does not keep the process alive (unref).
 */
export function startPeriodic(
  run: () => void,
  intervalMs: number,
  onError: (error: unknown) => void,
): NodeJS.Timeout {
  const timer = setInterval(() => {
    try {
      run();
    } catch (error) {
      onError(error);
    }
  }, intervalMs);
  timer.unref();
  return timer;
}
