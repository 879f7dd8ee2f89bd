/** The phone's IndexedDB outbox (fake-indexeddb in Node): order, acknowledgement, survival. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DeviceFix } from '../shared/trackingEvents';
import { PhoneOutbox } from './phoneOutbox';

function fix(fixTimeMs: number): DeviceFix {
  return { fixTimeMs, lon: 119.3, lat: 26.08, accuracyM: 5, speedMps: null, headingDeg: null };
}

describe('PhoneOutbox', () => {
  it('gives fixes oldest first, once per fix time, and forgets the acknowledged', async () => {
    const outbox = await PhoneOutbox.open('outbox-fixes');
    for (const time of [3000, 1000, 2000, 1000]) await outbox.addFix(fix(time));
    expect(await outbox.fixCount()).toBe(3);
    expect((await outbox.oldestFixes(2)).map((entry) => entry.fixTimeMs)).toEqual([1000, 2000]);
    await outbox.acknowledgeFixes([1000, 3000, 9999]);
    expect((await outbox.oldestFixes(10)).map((entry) => entry.fixTimeMs)).toEqual([2000]);
    outbox.close();
  });

  it('keeps reports and steps in the order made, across a reopening, until removed', async () => {
    const first = await PhoneOutbox.open('outbox-commands');
    await first.addCommand(
      {
        clientRef: 'INC1:handle',
        kind: 'task',
        command: { incidentId: 'INC1', action: 'handle', note: '', atMs: 2 },
      },
      2,
    );
    await first.addCommand(
      {
        clientRef: 'report-a',
        kind: 'report',
        report: {
          clientRef: 'report-a',
          categoryCode: 'city_appearance',
          lon: 119.3,
          lat: 26.08,
          description: '井盖缺失',
          reportedAtMs: 1,
        },
      },
      1,
    );
    first.close();
    const again = await PhoneOutbox.open('outbox-commands');
    expect((await again.commands()).map((command) => command.clientRef)).toEqual([
      'report-a',
      'INC1:handle',
    ]);
    await again.removeCommand('report-a');
    expect((await again.commands()).map((command) => command.clientRef)).toEqual(['INC1:handle']);
    again.close();
  });
});
