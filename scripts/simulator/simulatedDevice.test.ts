import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSeededRandom } from '../../src/domain/seededRandom';
import {
  MAX_FIXES_PER_BATCH,
  type DeviceFix,
  type FixBatchAck,
} from '../../src/shared/trackingEvents';
import { FaultInjector, NO_FAULTS, type FaultRates } from './faultInjector';
import {
  RESEND_DELAY_MS,
  SimulatedDevice,
  type DeviceTransport,
  type DeviceTransportEvents,
} from './simulatedDevice';

const START_MS = Date.UTC(2026, 10, 27, 1, 0, 0);

function fixesFrom(firstMs: number, count: number): DeviceFix[] {
  return Array.from({ length: count }, (_, index) => ({
    fixTimeMs: firstMs + index * 1000,
    lon: 119.3,
    lat: 26.08,
    accuracyM: 5,
    speedMps: 1.2,
    headingDeg: 90,
  }));
}

/** A server stand-in: answers each batch as `answer` decides, records what it received. */
class FakeTransport implements DeviceTransport {
  connected = false;
  closed = false;
  readonly batches: DeviceFix[][] = [];
  readonly stored = new Set<number>();
  readonly sentAtMs: number[] = [];
  answer: (batch: DeviceFix[]) => FixBatchAck | 'no-answer' = (batch) => this.storeAll(batch);

  constructor(readonly events: DeviceTransportEvents) {}

  storeAll(batch: DeviceFix[], retryAfterMs: number | null = null): FixBatchAck {
    let storedCount = 0;
    let duplicateCount = 0;
    for (const fix of batch) {
      if (this.stored.has(fix.fixTimeMs)) duplicateCount++;
      else storedCount++;
      this.stored.add(fix.fixTimeMs);
    }
    return {
      acknowledgedFixTimesMs: batch.map((fix) => fix.fixTimeMs),
      storedCount,
      duplicateCount,
      rejected: [],
      retryAfterMs,
    };
  }

  connect(): void {
    this.connected = true;
    queueMicrotask(() => this.events.onConnect());
  }
  disconnect(): void {
    this.connected = false;
    this.events.onDisconnect('io client disconnect');
  }
  isConnected(): boolean {
    return this.connected;
  }
  sendFixes(batch: DeviceFix[]): Promise<FixBatchAck> {
    this.batches.push(batch);
    this.sentAtMs.push(Date.now());
    const answer = this.answer(batch);
    // An unanswered batch fails the way an ack timeout does, some time later.
    if (answer === 'no-answer') {
      return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000));
    }
    return Promise.resolve(answer);
  }
  sendSos(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
    this.connected = false;
  }
}

function makeDevice(rates: FaultRates = NO_FAULTS) {
  let transport: FakeTransport | null = null;
  const log: string[] = [];
  const device = new SimulatedDevice({
    workerId: 7,
    faults: new FaultInjector(rates, createSeededRandom(9), START_MS),
    createTransport: (events) => (transport = new FakeTransport(events)),
    log: (line) => log.push(line),
  });
  return { device, transport: transport! as FakeTransport, log };
}

describe('SimulatedDevice', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START_MS);
  });
  afterEach(() => vi.useRealTimers());

  it('uploads a backlog in batches of at most MAX_FIXES_PER_BATCH, one in flight at a time', async () => {
    const { device, transport } = makeDevice();
    let inFlight = 0;
    let maxInFlight = 0;
    transport.answer = (batch) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      queueMicrotask(() => inFlight--);
      return transport.storeAll(batch);
    };
    device.record(fixesFrom(START_MS - 3_600_000, 1200));
    expect(transport.batches).toHaveLength(0); // not connected yet
    device.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(transport.batches.map((batch) => batch.length)).toEqual([MAX_FIXES_PER_BATCH, 500, 200]);
    // Oldest first.
    expect(transport.batches[0]![0]!.fixTimeMs).toBe(START_MS - 3_600_000);
    expect(maxInFlight).toBe(1);
    expect(device.outbox.size).toBe(0);
    expect(device.counts.storedFixes).toBe(1200);
  });

  it('resends whatever was not acknowledged until it is', async () => {
    const { device, transport } = makeDevice();
    let answers = 0;
    transport.answer = (batch) => {
      answers++;
      if (answers === 1) return 'no-answer';
      // The second answer acknowledges only the first half.
      if (answers === 2) return transport.storeAll(batch.slice(0, batch.length / 2));
      return transport.storeAll(batch);
    };
    device.start();
    device.record(fixesFrom(START_MS, 10));
    await vi.advanceTimersByTimeAsync(2000 + RESEND_DELAY_MS + 10);
    expect(device.counts.unansweredBatches).toBe(1);
    expect(transport.batches[1]).toEqual(transport.batches[0]);
    await vi.advanceTimersByTimeAsync(RESEND_DELAY_MS);
    expect(transport.batches[2]!.map((fix) => fix.fixTimeMs)).toEqual(
      fixesFrom(START_MS + 5000, 5).map((fix) => fix.fixTimeMs),
    );
    expect(device.outbox.size).toBe(0);
    expect(transport.stored.size).toBe(10);
  });

  it('waits retryAfterMs when the server throttles it', async () => {
    const { device, transport } = makeDevice();
    let answers = 0;
    transport.answer = (batch) => {
      answers++;
      if (answers === 1) {
        return { ...transport.storeAll([]), retryAfterMs: 3000 };
      }
      return transport.storeAll(batch);
    };
    device.start();
    device.record(fixesFrom(START_MS, 3));
    await vi.advanceTimersByTimeAsync(2999);
    device.record(fixesFrom(START_MS + 3000, 1));
    expect(transport.batches).toHaveLength(1);
    expect(device.counts.throttledBatches).toBe(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(transport.batches).toHaveLength(2);
    expect(transport.sentAtMs[1]! - transport.sentAtMs[0]!).toBeGreaterThanOrEqual(3000);
    expect(device.outbox.size).toBe(0);
  });

  it('keeps fixes while disconnected and sends them after reconnecting', async () => {
    const { device, transport } = makeDevice();
    device.start();
    await vi.advanceTimersByTimeAsync(1);
    transport.disconnect();
    device.record(fixesFrom(START_MS, 30));
    await vi.advanceTimersByTimeAsync(5000);
    expect(transport.batches).toHaveLength(0);
    transport.connect();
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.stored.size).toBe(30);
  });

  it('stops for good when its token is revoked', async () => {
    const { device, transport, log } = makeDevice();
    device.start();
    await vi.advanceTimersByTimeAsync(1);
    transport.events.onTokenRevoked();
    device.record(fixesFrom(START_MS, 5));
    await vi.advanceTimersByTimeAsync(5000);
    expect(device.state).toBe('revoked');
    expect(transport.closed).toBe(true);
    expect(transport.batches).toHaveLength(0);
    expect(log.join('\n')).toContain('worker 7: token revoked');
  });

  it('with faults on, the server still ends up with every fix once', async () => {
    const { device, transport } = makeDevice({
      ...NO_FAULTS,
      duplicateShare: 0.2,
      shuffledBatchShare: 0.3,
      delayedBatchShare: 0.3,
      dropoutsPerHour: 20,
      reconnectsPerHour: 30,
    });
    device.start();
    const total = 1800;
    for (let second = 0; second < total; second++) {
      device.record(fixesFrom(START_MS + second * 1000, 1));
      device.tick(Date.now());
      await vi.advanceTimersByTimeAsync(1000);
    }
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(transport.stored.size).toBe(total);
    expect(device.outbox.size).toBe(0);
    const sent = transport.batches.flat();
    expect(sent.length).toBeGreaterThan(total);
    const arrivedOutOfOrder = sent.filter(
      (fix, index) => index > 0 && fix.fixTimeMs < sent[index - 1]!.fixTimeMs,
    ).length;
    expect(arrivedOutOfOrder).toBeGreaterThan(0);
    expect(device.faultCounts.dropouts).toBeGreaterThan(0);
    expect(device.faultCounts.reconnects).toBeGreaterThan(0);
    expect(device.counts.duplicateFixes).toBeGreaterThan(0);
  });
});
