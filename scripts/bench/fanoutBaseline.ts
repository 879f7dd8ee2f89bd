/**
 * The baseline of bench:fanout — what the fan-out replaces: every committed fix goes to every
 * screen that sees it as its own JSON emit — and the latency histogram's percentiles.
 */
import { LIVE_NAMESPACE } from '../../src/shared/trackingEvents';
import type { Server } from 'socket.io';
import { isWorkerVisible } from '../../src/server/tracking/liveSubscriptions';
import type { TrackingBus } from '../../src/server/tracking/trackingBus';
import type { WorkerRecord } from '../../src/server/tracking/trackingRepository';
import { LATENCY_BUCKETS } from './percentile';

/** Same visibility rule as the hub, so both runs deliver the same updates. */
export function attachJsonBaseline(
  io: Server,
  bus: TrackingBus,
  workers: readonly WorkerRecord[],
): void {
  const visibleBySocket = new Map<string, Set<number>>();
  const live = io.of(LIVE_NAMESPACE);
  live.on('connection', (socket) => {
    socket.on('subscribe', (request: { gridCodes: string[] }, ack: (result: unknown) => void) => {
      visibleBySocket.set(
        socket.id,
        new Set(
          workers
            .filter((worker) => isWorkerVisible(worker, request.gridCodes))
            .map((worker) => worker.workerId),
        ),
      );
      ack({ ok: true, gridCodes: request.gridCodes, workers: [] });
    });
    socket.on('disconnect', () => visibleBySocket.delete(socket.id));
  });
  bus.on('positionsCommitted', (positions) => {
    for (const position of positions) {
      for (const socket of live.sockets.values()) {
        if (visibleBySocket.get(socket.id)?.has(position.workerId) !== true) continue;
        socket.emit('position', {
          workerId: position.workerId,
          fixTimeMs: position.fixTimeMs,
          lon: position.lon,
          lat: position.lat,
          headingDeg: position.headingDeg,
          speedMps: position.speedMps,
          accuracyM: position.accuracyM,
          status: 'online',
        });
      }
    }
  });
}

export function percentileOfHistogram(histogram: readonly number[], fraction: number): number {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket]!;
    if (seen >= rank) return bucket;
  }
  return LATENCY_BUCKETS;
}

export function maxOfHistogram(histogram: readonly number[]): number {
  for (let bucket = histogram.length - 1; bucket >= 0; bucket--) {
    if (histogram[bucket]! > 0) return bucket;
  }
  return 0;
}
