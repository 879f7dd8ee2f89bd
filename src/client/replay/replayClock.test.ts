import { describe, expect, it } from 'vitest';
import {
  createReplayClock,
  hasReplayEnded,
  isReplaySpeed,
  pauseReplayClock,
  playReplayClock,
  replayFraction,
  replayTimeAt,
  seekReplayClock,
  setReplayClockSpeed,
} from './replayClock';

const FROM_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const TO_MS = FROM_MS + 60 * 60 * 1000;

describe('replay clock', () => {
  it('stands at the start of its range until it plays', () => {
    const clock = createReplayClock(FROM_MS, TO_MS, 10);
    expect(replayTimeAt(clock, 5_000)).toBe(FROM_MS);
    expect(clock.playing).toBe(false);
  });

  it('runs at its speed from where it was started', () => {
    const clock = playReplayClock(createReplayClock(FROM_MS, TO_MS, 60), 1_000);
    expect(replayTimeAt(clock, 1_000)).toBe(FROM_MS);
    expect(replayTimeAt(clock, 3_000)).toBe(FROM_MS + 120_000);
  });

  it('keeps the time when paused and resumes from it', () => {
    let clock = playReplayClock(createReplayClock(FROM_MS, TO_MS, 10), 0);
    clock = pauseReplayClock(clock, 2_000);
    expect(replayTimeAt(clock, 50_000)).toBe(FROM_MS + 20_000);
    clock = playReplayClock(clock, 60_000);
    expect(replayTimeAt(clock, 61_000)).toBe(FROM_MS + 30_000);
  });

  it('does not jump when the speed changes', () => {
    let clock = playReplayClock(createReplayClock(FROM_MS, TO_MS, 1), 0);
    clock = setReplayClockSpeed(clock, 30, 10_000);
    expect(replayTimeAt(clock, 10_000)).toBe(FROM_MS + 10_000);
    expect(replayTimeAt(clock, 11_000)).toBe(FROM_MS + 40_000);
  });

  it('stops at the end of the range and starts over when played again', () => {
    let clock = playReplayClock(createReplayClock(FROM_MS, TO_MS, 60), 0);
    expect(hasReplayEnded(clock, 59_000)).toBe(false);
    expect(hasReplayEnded(clock, 60_000)).toBe(true);
    expect(replayTimeAt(clock, 1_000_000)).toBe(TO_MS);
    clock = playReplayClock(clock, 1_000_000);
    expect(replayTimeAt(clock, 1_000_000)).toBe(FROM_MS);
  });

  it('starts, and starts over, at its start time inside the range', () => {
    const startMs = FROM_MS + 50 * 60 * 1000;
    let clock = createReplayClock(FROM_MS, TO_MS, 60, startMs);
    expect(replayTimeAt(clock, 0)).toBe(startMs);
    clock = playReplayClock(clock, 0);
    expect(replayTimeAt(clock, 600_000)).toBe(TO_MS);
    clock = playReplayClock(clock, 600_000);
    expect(replayTimeAt(clock, 600_000)).toBe(startMs);
    expect(createReplayClock(FROM_MS, TO_MS, 1, FROM_MS - 1).startMs).toBe(FROM_MS);
  });

  it('seeks within the range only', () => {
    const clock = createReplayClock(FROM_MS, TO_MS);
    expect(replayTimeAt(seekReplayClock(clock, FROM_MS - 5, 0), 0)).toBe(FROM_MS);
    expect(replayTimeAt(seekReplayClock(clock, TO_MS + 5, 0), 0)).toBe(TO_MS);
    const playing = seekReplayClock(playReplayClock(clock, 0), FROM_MS + 1_000, 500);
    expect(replayTimeAt(playing, 600)).toBe(FROM_MS + 1_000 + 100 * playing.speed);
  });

  it('maps a time to the slider fraction', () => {
    const clock = createReplayClock(FROM_MS, TO_MS);
    expect(replayFraction(clock, FROM_MS)).toBe(0);
    expect(replayFraction(clock, FROM_MS + 15 * 60 * 1000)).toBe(0.25);
    expect(replayFraction(clock, TO_MS + 1)).toBe(1);
  });

  it('refuses an empty range and knows its speeds', () => {
    expect(() => createReplayClock(TO_MS, FROM_MS)).toThrow(RangeError);
    expect(isReplaySpeed(30)).toBe(true);
    expect(isReplaySpeed(2)).toBe(false);
  });
});
