import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceTask, DeviceTaskCommand } from '../../../src/shared/incidents';
import { lateTakeUpAtMs, MAX_LATENESS_MS } from './incidentLifecycle';
import { REWORK_CHECKS, SimulatedTaskWorker, type TaskDeviceLink } from './simulatedTaskWorker';

const TRAVEL_MS = 1_000;
const HANDLING_MS = 5_000;
/** A street-order task of normal priority: 24 hours from dispatch. */
const ALLOWED_MS = 24 * 60 * 60 * 1000;

function task(incidentId: string, dispatchedAtMs = 0): DeviceTask {
  return {
    incidentId,
    categoryCode: 'street_order',
    lon: 119.3,
    lat: 26.08,
    gridCode: '350102001001001',
    description: '摊贩占道经营',
    dueAtMs: dispatchedAtMs + ALLOWED_MS,
    dispatchedAtMs,
  };
}

function fakeLink() {
  let handler: (task: DeviceTask) => void = () => undefined;
  const commands: DeviceTaskCommand[] = [];
  let accept = (_command: DeviceTaskCommand) => true;
  const link: TaskDeviceLink = {
    onTask: (next) => (handler = next),
    sendTaskCommand: async (command) => {
      commands.push(command);
      return accept(command)
        ? { ok: true, incidentId: command.incidentId }
        : { ok: false, error: 'illegal_transition', message: 'no' };
    },
    reportIncident: async (report) => ({ ok: true, incidentId: report.clientRef }),
    isConnected: () => true,
    close: () => undefined,
  };
  return {
    link,
    commands,
    deliver: (next: DeviceTask) => handler(next),
    refuseAll: () => (accept = () => false),
  };
}

const ids = Array.from({ length: 200 }, (_, index) => `INC-${index}`);
const isLate = (id: string) => lateTakeUpAtMs(task(id)) !== null;
const onTimeId = ids.find((id) => !isLate(id))!;
const lateId = ids.find((id) => isLate(id))!;

describe('SimulatedTaskWorker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('handles on arrival and feeds back after handling, once per task', async () => {
    const fake = fakeLink();
    const travelled: number[] = [];
    const worker = new SimulatedTaskWorker(3, fake.link, {
      travelMs: (_task, workerId) => (travelled.push(workerId), TRAVEL_MS),
      handlingMs: () => HANDLING_MS,
    });
    fake.deliver(task(onTimeId));
    fake.deliver(task(onTimeId)); // resent on reconnect
    await vi.advanceTimersByTimeAsync(TRAVEL_MS);
    expect(fake.commands.map((command) => command.action)).toEqual(['handle']);
    await vi.advanceTimersByTimeAsync(HANDLING_MS);
    expect(fake.commands.map((command) => command.action)).toEqual(['handle', 'feedback']);
    expect(travelled).toEqual([3]);
    // Looks again for a rework, less and less often: refused (closed meanwhile), then stops.
    fake.refuseAll();
    await vi.advanceTimersByTimeAsync(10 * HANDLING_MS);
    expect(fake.commands).toHaveLength(2 + 3);
    await vi.advanceTimersByTimeAsync(2 ** REWORK_CHECKS * HANDLING_MS);
    expect(fake.commands).toHaveLength(2 + REWORK_CHECKS);
    await vi.advanceTimersByTimeAsync(2 ** (REWORK_CHECKS + 1) * HANDLING_MS);
    expect(fake.commands).toHaveLength(2 + REWORK_CHECKS);
    worker.close();
  });

  it('takes a late task up at its planned time past the deadline, within the lateness cap', async () => {
    const fake = fakeLink();
    const worker = new SimulatedTaskWorker(3, fake.link, {
      travelMs: () => TRAVEL_MS,
      handlingMs: () => HANDLING_MS,
    });
    const late = task(lateId, Date.now());
    const waitMs = lateTakeUpAtMs(late)! - Date.now();
    expect(waitMs).toBeGreaterThan(ALLOWED_MS);
    expect(waitMs).toBeLessThanOrEqual(ALLOWED_MS + MAX_LATENESS_MS);
    fake.deliver(late);
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    expect(fake.commands).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + TRAVEL_MS);
    expect(fake.commands.map((command) => command.action)).toEqual(['handle']);
    worker.close();
  });

  it('takes a late task resent after a restart up at the same planned time', async () => {
    const late = task(lateId, Date.now());
    const takeUpAtMs = lateTakeUpAtMs(late)!;
    await vi.advanceTimersByTimeAsync(ALLOWED_MS / 2);
    const fake = fakeLink();
    const restarted = new SimulatedTaskWorker(3, fake.link, {
      travelMs: () => TRAVEL_MS,
      handlingMs: () => HANDLING_MS,
    });
    fake.deliver(late);
    await vi.advanceTimersByTimeAsync(takeUpAtMs - Date.now() + TRAVEL_MS);
    expect(fake.commands.map((command) => command.action)).toEqual(['handle']);
    restarted.close();
  });

  it('feeds back again each time the dispatcher returns the work for rework', async () => {
    const fake = fakeLink();
    const worker = new SimulatedTaskWorker(3, fake.link, {
      travelMs: () => TRAVEL_MS,
      handlingMs: () => HANDLING_MS,
    });
    fake.deliver(task(onTimeId));
    await vi.advanceTimersByTimeAsync(TRAVEL_MS + HANDLING_MS);
    // Each look finds it back in handling (returned twice), then it is closed.
    await vi.advanceTimersByTimeAsync(HANDLING_MS);
    await vi.advanceTimersByTimeAsync(HANDLING_MS);
    const feedbacks = fake.commands.filter((command) => command.action === 'feedback');
    expect(feedbacks).toHaveLength(3);
    fake.refuseAll();
    await vi.advanceTimersByTimeAsync(2 ** (REWORK_CHECKS + 1) * HANDLING_MS);
    expect(fake.commands.filter((command) => command.action === 'feedback')).toHaveLength(
      3 + REWORK_CHECKS,
    );
    worker.close();
  });

  it('goes at once to a late task whose planned time has passed (the phone was off)', async () => {
    const fake = fakeLink();
    const worker = new SimulatedTaskWorker(3, fake.link, {
      travelMs: () => TRAVEL_MS,
      handlingMs: () => HANDLING_MS,
    });
    fake.deliver(task(lateId, Date.now() - 2 * (ALLOWED_MS + MAX_LATENESS_MS)));
    await vi.advanceTimersByTimeAsync(TRAVEL_MS);
    expect(fake.commands.map((command) => command.action)).toEqual(['handle']);
    worker.close();
  });
});
