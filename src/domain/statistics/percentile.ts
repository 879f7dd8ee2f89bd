/** Order statistics of durations and the like. */

/** The 1-based rank of the nearest-rank percentile (0 < fraction ≤ 1) among `count` values. */
export function nearestRank(count: number, fraction: number): number {
  return Math.max(1, Math.ceil(fraction * count));
}

/**
 * The nearest-rank percentile (0 < fraction ≤ 1) of the values: the smallest value with at least
 * `fraction` of them at or below it. Null for no values. Does not change its input.
 */
export function nearestRankPercentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[nearestRank(sorted.length, fraction) - 1]!;
}
