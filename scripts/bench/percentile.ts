/** Nearest-rank percentile of ascending samples, shared by the benchmarks' latency figures. */
export function percentile(sortedMs: readonly number[], fraction: number): number {
  const index = Math.min(sortedMs.length - 1, Math.ceil(fraction * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

/**
 * Latency histograms of the socket benchmarks: 1 ms buckets, the last one collects everything
 * slower. (Here, not in a child's module: importing a child's module would install its IPC
 * handler in the importing process.)
 */
export const LATENCY_BUCKETS = 60_000;
