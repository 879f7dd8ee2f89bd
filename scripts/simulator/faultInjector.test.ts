import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/domain/seededRandom';
import type { DeviceFix } from '../../src/shared/trackingEvents';
import {
  DEFAULT_FAULT_RATES,
  DROPOUT_DURATION_MS,
  FaultInjector,
  NO_FAULTS,
  resolveFaultRates,
} from './faultInjector';

const START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);
const HOUR_MS = 60 * 60 * 1000;

function fixAt(fixTimeMs: number): DeviceFix {
  return { fixTimeMs, lon: 119.3, lat: 26.08, accuracyM: 5, speedMps: 1.2, headingDeg: 90 };
}

describe('FaultInjector', () => {
  it('sends about the configured share of fixes twice and shuffles about the configured share of batches', () => {
    const faults = new FaultInjector(
      { ...NO_FAULTS, duplicateShare: 0.05, shuffledBatchShare: 0.2 },
      createSeededRandom(1),
      START_MS,
    );
    let sent = 0;
    let outOfOrder = 0;
    const batchCount = 2000;
    for (let batchIndex = 0; batchIndex < batchCount; batchIndex++) {
      const batch = Array.from({ length: 10 }, (_, index) =>
        fixAt(START_MS + batchIndex * 10_000 + index * 1000),
      );
      const wire = faults.garble(batch, 500);
      sent += wire.length;
      if (wire.some((fix, index) => index > 0 && fix.fixTimeMs < wire[index - 1]!.fixTimeMs))
        outOfOrder++;
      // Every fix of the batch goes out, none invented.
      expect(new Set(wire.map((fix) => fix.fixTimeMs))).toEqual(
        new Set(batch.map((fix) => fix.fixTimeMs)),
      );
    }
    const duplicateShare = (sent - batchCount * 10) / (batchCount * 10);
    expect(duplicateShare).toBeGreaterThan(0.04);
    expect(duplicateShare).toBeLessThan(0.06);
    expect(faults.counts.duplicateFixes).toBe(sent - batchCount * 10);
    expect(faults.counts.shuffledBatches / batchCount).toBeGreaterThan(0.17);
    expect(faults.counts.shuffledBatches / batchCount).toBeLessThan(0.23);
    // A shuffle of 10 or 11 fixes leaves them in order with negligible probability.
    expect(outOfOrder).toBeGreaterThan(faults.counts.shuffledBatches * 0.99);
  });

  it('never exceeds the batch limit with duplicates', () => {
    const faults = new FaultInjector(
      { ...NO_FAULTS, duplicateShare: 1 },
      createSeededRandom(2),
      START_MS,
    );
    const batch = Array.from({ length: 8 }, (_, index) => fixAt(START_MS + index * 1000));
    expect(faults.garble(batch, 10)).toHaveLength(10);
    expect(faults.garble(batch, 8)).toHaveLength(8);
  });

  it('holds the older part back in about the configured share of uploads', () => {
    const faults = new FaultInjector(
      { ...NO_FAULTS, delayedBatchShare: 0.1 },
      createSeededRandom(3),
      START_MS,
    );
    let delayed = 0;
    for (let upload = 0; upload < 5000; upload++) if (faults.delaysOlderPart()) delayed++;
    expect(delayed / 5000).toBeGreaterThan(0.085);
    expect(delayed / 5000).toBeLessThan(0.115);
  });

  it('makes the phone silent about `dropoutsPerHour` times an hour, for 30 s to 4 min each', () => {
    const faults = new FaultInjector(
      { ...NO_FAULTS, dropoutsPerHour: 2 },
      createSeededRandom(4),
      START_MS,
    );
    const hours = 200;
    const stepMs = 5000;
    let silentMs = 0;
    let badEnds = 0;
    for (let nowMs = START_MS; nowMs < START_MS + hours * HOUR_MS; nowMs += stepMs) {
      const until = faults.silentUntil(nowMs);
      if (until === null) continue;
      if (until <= nowMs || until - nowMs > DROPOUT_DURATION_MS.max) badEnds++;
      silentMs += stepMs;
    }
    expect(badEnds).toBe(0);
    expect(faults.counts.dropouts / hours).toBeGreaterThan(1.7);
    expect(faults.counts.dropouts / hours).toBeLessThan(2.3);
    const meanDurationMs = silentMs / faults.counts.dropouts;
    expect(meanDurationMs).toBeGreaterThan(DROPOUT_DURATION_MS.min);
    expect(meanDurationMs).toBeLessThan(DROPOUT_DURATION_MS.max);
  });

  it('asks for about `reconnectsPerHour` reconnects an hour, and SOS only when asked for', () => {
    const faults = new FaultInjector(
      { ...NO_FAULTS, reconnectsPerHour: 3 },
      createSeededRandom(5),
      START_MS,
    );
    let reconnects = 0;
    let sos = 0;
    for (let nowMs = START_MS; nowMs < START_MS + 100 * HOUR_MS; nowMs += 1000) {
      if (faults.reconnectDue(nowMs)) reconnects++;
      if (faults.sosChange(nowMs) !== null) sos++;
    }
    expect(reconnects / 100).toBeGreaterThan(2.5);
    expect(reconnects / 100).toBeLessThan(3.5);
    expect(sos).toBe(0);
    expect(DEFAULT_FAULT_RATES.sosPerHour).toBe(0);

    const pressing = new FaultInjector(
      { ...NO_FAULTS, sosPerHour: 1 },
      createSeededRandom(6),
      START_MS,
    );
    const changes: boolean[] = [];
    for (let nowMs = START_MS; nowMs < START_MS + 20 * HOUR_MS; nowMs += 1000) {
      const change = pressing.sosChange(nowMs);
      if (change !== null) changes.push(change);
    }
    expect(changes.length).toBeGreaterThan(20);
    // Presses and clears alternate.
    changes.forEach((change, index) => expect(change).toBe(index % 2 === 0));
  });

  it('rejects rates that are not shares or frequencies', () => {
    expect(() => resolveFaultRates({ duplicateShare: 1.5 })).toThrow(RangeError);
    expect(() => resolveFaultRates({ dropoutsPerHour: -1 })).toThrow(RangeError);
    expect(() => resolveFaultRates({ reconnectsPerHour: Number.NaN })).toThrow(RangeError);
    expect(resolveFaultRates({ dropoutsPerHour: 5 }).dropoutsPerHour).toBe(5);
  });
});
