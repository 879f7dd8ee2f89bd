import { describe, expect, it, vi } from 'vitest';
import { TrackingBus } from './trackingBus';

describe('TrackingBus', () => {
  it('delivers to every listener, isolates a throwing one, and unsubscribes', () => {
    const errors: unknown[] = [];
    const bus = new TrackingBus((error) => errors.push(error));
    const first = vi.fn(() => {
      throw new Error('boom');
    });
    const second = vi.fn();
    const off = bus.on('sosChanged', first);
    bus.on('sosChanged', second);
    bus.emit('sosChanged', { workerId: 7, active: true, atMs: 1 });
    expect(second).toHaveBeenCalledWith({ workerId: 7, active: true, atMs: 1 });
    expect(errors).toHaveLength(1);
    off();
    bus.emit('sosChanged', { workerId: 7, active: false, atMs: 2 });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });
});
