import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceTask, DeviceTaskCommand } from '../../../src/shared/incidents';
import { isLeftToRunLate } from './incidentLifecycle';
import { LATE_TASK_WAIT_MS, SimulatedTaskWorker, type TaskDeviceLink } from './simulatedTaskWorker';

const TRAVEL_MS = 1_000;
const HANDLING_MS = 5_000;

function task(incidentId: string): DeviceTask {
  return {
    incidentId,
    categoryCode: 'street_order',
    lon: 119.3,
    lat: 26.08,
    gridCode: '350102001001001',
    description: '摊贩占道经营',
    dueAtMs: null,
    dispatchedAtMs: 0,
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
const onTimeId = ids.find((id) => !isLeftToRunLate(id))!;
const lateId = ids.find((id) => isLeftToRunLate(id))!;

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
    // Looks again for a rework: refused (closed meanwhile) three times, then stops.
    fake.refuseAll();
    await vi.advanceTimersByTimeAsync(10 * HANDLING_MS);
    expect(fake.commands).toHaveLength(5);
    worker.close();
  });

  it('takes a task left to run late up only after the late wait', async () => {
    const fake = fakeLink();
    const worker = new SimulatedTaskWorker(3, fake.link, {
      travelMs: () => TRAVEL_MS,
      handlingMs: () => HANDLING_MS,
    });
    fake.deliver(task(lateId));
    await vi.advanceTimersByTimeAsync(LATE_TASK_WAIT_MS);
    expect(fake.commands).toEqual([]);
    await vi.advanceTimersByTimeAsync(TRAVEL_MS);
    expect(fake.commands.map((command) => command.action)).toEqual(['handle']);
    worker.close();
  });
});
