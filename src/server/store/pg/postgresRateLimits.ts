/**
 * The PostgreSQL RateLimitFactory (migration 0004_limits.sql), checked with the SQLite one by
 * incidents/rateLimits.contract.test.ts. A take is one upsert that reads the window, starts a new
 * one or counts, and answers whether it counted: INSERT … ON CONFLICT DO UPDATE locks the row
 * (a key's first take inserts it; a second one at the same time waits for it), so two nodes'
 * takes at once both count and neither overshoots the limit. Passed windows are deleted now and
 * then, not kept.
 */
import {
  secondsLeftInWindow,
  type RateLimit,
  type RateLimitFactory,
} from '../../incidents/fixedWindowRateLimit';
import type { PostgresPool } from './postgresPool';

/** How often passed windows are deleted: often enough that the table stays small. */
const FORGET_EVERY_MS = 60_000;

/** $1 name, $2 key, $3 now, $4 window length, $5 limit; a row back when the take counted. */
const TAKE =
  'INSERT INTO rate_limit_windows AS w (name, key, window_start_ms, count) ' +
  'VALUES ($1, $2, $3, 1) ON CONFLICT (name, key) DO UPDATE SET ' +
  'window_start_ms = CASE WHEN $3 - w.window_start_ms >= $4 THEN $3 ELSE w.window_start_ms END, ' +
  'count = CASE WHEN $3 - w.window_start_ms >= $4 THEN 1 ELSE w.count + 1 END ' +
  'WHERE $3 - w.window_start_ms >= $4 OR w.count < $5 RETURNING 1';

export function postgresRateLimits(pool: PostgresPool, nowMs: () => number): RateLimitFactory {
  return (name, limit, windowMs) => {
    let forgottenAtMs = 0;
    const forgetPassed = async (atMs: number) => {
      if (atMs - forgottenAtMs < FORGET_EVERY_MS) return;
      forgottenAtMs = atMs;
      await pool.query('DELETE FROM rate_limit_windows WHERE name = $1 AND window_start_ms <= $2', [
        name,
        atMs - windowMs,
      ]);
    };
    const rateLimit: RateLimit = {
      async tryTake(key) {
        const atMs = nowMs();
        await forgetPassed(atMs);
        const { rowCount } = await pool.query(TAKE, [name, key, atMs, windowMs, limit]);
        return rowCount === 1;
      },
      async retryAfterS(key) {
        const { rows } = await pool.query(
          'SELECT window_start_ms FROM rate_limit_windows WHERE name = $1 AND key = $2',
          [name, key],
        );
        const row = (rows as Array<{ window_start_ms: number }>)[0];
        return row === undefined ? 0 : secondsLeftInWindow(row.window_start_ms, windowMs, nowMs());
      },
    };
    return rateLimit;
  };
}
