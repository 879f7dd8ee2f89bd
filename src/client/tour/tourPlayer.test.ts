import { describe, expect, it } from 'vitest';
import { initialTourPlayer, stepProgress, tourPlayerReducer, type TourEvent } from './tourPlayer';

const STEPS = 3;
const DURATION_MS = 1000;
const tick = (deltaMs: number): TourEvent => ({
  type: 'tick',
  deltaMs,
  stepDurationMs: DURATION_MS,
});

function run(events: TourEvent[], loop = true) {
  return events.reduce(
    (state, event) => tourPlayerReducer(state, event, STEPS),
    initialTourPlayer(loop),
  );
}

describe('tourPlayerReducer', () => {
  it('starts playing at the first step', () => {
    expect(initialTourPlayer()).toMatchObject({ stepIndex: 0, status: 'playing', elapsedMs: 0 });
  });

  it('advances to the next step when the step duration has run out', () => {
    expect(run([tick(400)])).toMatchObject({ stepIndex: 0, elapsedMs: 400 });
    const next = run([tick(400), tick(600)]);
    expect(next).toMatchObject({ stepIndex: 1, elapsedMs: 0, entry: 1 });
  });

  it('loops back to the first step after the last', () => {
    const state = run([tick(1000), tick(1000), tick(1000)]);
    expect(state).toMatchObject({ stepIndex: 0, status: 'playing', entry: 3 });
  });

  it('ends on the last step without the loop, and play starts over', () => {
    const ended = run([tick(1000), tick(1000), tick(1500)], false);
    expect(ended).toMatchObject({ stepIndex: 2, status: 'ended', elapsedMs: DURATION_MS });
    expect(tourPlayerReducer(ended, tick(500), STEPS)).toBe(ended);
    expect(tourPlayerReducer(ended, { type: 'play' }, STEPS)).toMatchObject({
      stepIndex: 0,
      status: 'playing',
      elapsedMs: 0,
    });
  });

  it('stops the clock while paused and resumes where it stood', () => {
    const paused = run([tick(300), { type: 'pause' }, tick(5000)]);
    expect(paused).toMatchObject({ stepIndex: 0, status: 'paused', elapsedMs: 300 });
    const resumed = tourPlayerReducer(paused, { type: 'play' }, STEPS);
    expect(resumed).toMatchObject({ status: 'playing', elapsedMs: 300 });
  });

  it('lets a presenter take over and resume', () => {
    const taken = run([tick(200), { type: 'takeOver' }, tick(5000)]);
    expect(taken).toMatchObject({ stepIndex: 0, status: 'presenter', elapsedMs: 200 });
    expect(tourPlayerReducer(taken, { type: 'play' }, STEPS).status).toBe('playing');
  });

  it('a takeover while paused stays paused', () => {
    expect(run([{ type: 'pause' }, { type: 'takeOver' }]).status).toBe('paused');
  });

  it('steps by hand, restarting the step clock and keeping play or pause', () => {
    const forward = run([tick(700), { type: 'next' }]);
    expect(forward).toMatchObject({ stepIndex: 1, elapsedMs: 0, status: 'playing' });
    const back = run([{ type: 'pause' }, { type: 'next' }, { type: 'next' }, { type: 'previous' }]);
    expect(back).toMatchObject({ stepIndex: 1, status: 'paused' });
  });

  it('wraps next and previous with the loop, and stops at the ends without it', () => {
    expect(run([{ type: 'previous' }]).stepIndex).toBe(2);
    expect(run([{ type: 'next' }, { type: 'next' }, { type: 'next' }]).stepIndex).toBe(0);
    expect(run([{ type: 'previous' }], false).stepIndex).toBe(0);
    expect(run([{ type: 'next' }, { type: 'next' }, { type: 'next' }], false).stepIndex).toBe(2);
  });

  it('leaves an ended tour paused on the step chosen by hand', () => {
    const ended = run([tick(1000), tick(1000), tick(1000)], false);
    expect(tourPlayerReducer(ended, { type: 'previous' }, STEPS)).toMatchObject({
      stepIndex: 1,
      status: 'paused',
    });
  });

  it('toggles the loop', () => {
    expect(run([{ type: 'toggleLoop' }]).loop).toBe(false);
  });

  it('refuses a step that the tour does not have', () => {
    expect(() => run([{ type: 'goTo', stepIndex: 3 }])).toThrow(/step 3/);
    expect(run([{ type: 'goTo', stepIndex: 2 }]).stepIndex).toBe(2);
    expect(() => tourPlayerReducer(initialTourPlayer(), tick(1), 0)).toThrow(RangeError);
  });

  it('reports the progress of the current step', () => {
    expect(stepProgress(run([tick(250)]), DURATION_MS)).toBe(0.25);
    expect(stepProgress(run([tick(250)]), 0)).toBe(1);
  });
});
