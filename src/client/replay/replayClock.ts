/**
 * The replay clock as plain data: where the replay stood at an anchor on the page's wall clock
 * (`performance.now()`), how fast it runs and whether it runs. Replay time at any wall time is a
 * pure function of it, so the globe (per frame) and the panel (a few times a second) read the
 * same time without the store changing per frame.
 */

/** Replay speeds offered: real time up to an hour per minute. */
export const REPLAY_SPEEDS = [1, 5, 10, 30, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
export const DEFAULT_REPLAY_SPEED: ReplaySpeed = 10;

export interface ReplayClock {
  fromMs: number;
  toMs: number;
  speed: ReplaySpeed;
  playing: boolean;
  /** Where playback begins, and begins again after the end: the first fix, not an empty hour. */
  startMs: number;
  /** Replay time (epoch ms) at `anchorWallMs`. */
  anchorReplayMs: number;
  /** Page wall time (`performance.now()`) when the anchor was set. */
  anchorWallMs: number;
}

function clampTime(clock: ReplayClock, timeMs: number): number {
  return Math.min(clock.toMs, Math.max(clock.fromMs, timeMs));
}

export function createReplayClock(
  fromMs: number,
  toMs: number,
  speed: ReplaySpeed = DEFAULT_REPLAY_SPEED,
  startMs: number = fromMs,
): ReplayClock {
  if (!(toMs > fromMs)) throw new RangeError(`replay range must end after it starts`);
  const clampedStartMs = Math.min(toMs, Math.max(fromMs, startMs));
  return {
    fromMs,
    toMs,
    speed,
    playing: false,
    startMs: clampedStartMs,
    anchorReplayMs: clampedStartMs,
    anchorWallMs: 0,
  };
}

/** Replay time (epoch ms) at a page wall time, within the clock's range. */
export function replayTimeAt(clock: ReplayClock, wallMs: number): number {
  if (!clock.playing) return clampTime(clock, clock.anchorReplayMs);
  return clampTime(clock, clock.anchorReplayMs + (wallMs - clock.anchorWallMs) * clock.speed);
}

/** A playing clock that has run to the end of its range. */
export function hasReplayEnded(clock: ReplayClock, wallMs: number): boolean {
  return replayTimeAt(clock, wallMs) >= clock.toMs;
}

/** Starts playing from where it stands; from its start again when it stands at the end. */
export function playReplayClock(clock: ReplayClock, wallMs: number): ReplayClock {
  const nowMs = replayTimeAt(clock, wallMs);
  const startMs = nowMs >= clock.toMs ? clock.startMs : nowMs;
  return { ...clock, playing: true, anchorReplayMs: startMs, anchorWallMs: wallMs };
}

export function pauseReplayClock(clock: ReplayClock, wallMs: number): ReplayClock {
  return {
    ...clock,
    playing: false,
    anchorReplayMs: replayTimeAt(clock, wallMs),
    anchorWallMs: wallMs,
  };
}

export function seekReplayClock(clock: ReplayClock, timeMs: number, wallMs: number): ReplayClock {
  return { ...clock, anchorReplayMs: clampTime(clock, timeMs), anchorWallMs: wallMs };
}

/** A new speed applies from now on: the replay time does not jump. */
export function setReplayClockSpeed(
  clock: ReplayClock,
  speed: ReplaySpeed,
  wallMs: number,
): ReplayClock {
  return { ...clock, speed, anchorReplayMs: replayTimeAt(clock, wallMs), anchorWallMs: wallMs };
}

/** Share (0–1) of the range that lies before a replay time: the slider's position. */
export function replayFraction(
  clock: Pick<ReplayClock, 'fromMs' | 'toMs'>,
  timeMs: number,
): number {
  const spanMs = clock.toMs - clock.fromMs;
  if (spanMs <= 0) return 0;
  return Math.min(1, Math.max(0, (timeMs - clock.fromMs) / spanMs));
}

export function isReplaySpeed(value: number): value is ReplaySpeed {
  return (REPLAY_SPEEDS as readonly number[]).includes(value);
}
