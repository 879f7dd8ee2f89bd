/**
 * Fixed-window rate limits in the shared database, so that several server processes count one
 * client together (one process's memory would give it N times the limit behind a round-robin
 * proxy). A take is one immediate transaction: read the window, start a new one or count. Rows
 * of passed windows are deleted now and then, not kept. Each method runs to its end before it
 * answers its Promise (promisedMethods.ts).
 */
import {
  secondsLeftInWindow,
  type RateLimit,
  type RateLimitFactory,
} from '../incidents/fixedWindowRateLimit';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

/** How often passed windows are deleted: often enough that the table stays small. */
const FORGET_EVERY_MS = 60_000;

export function sqliteRateLimits(db: SqliteDatabase, nowMs: () => number): RateLimitFactory {
  const statements = new StatementCache(db);
  return (name, limit, windowMs) => {
    let forgottenAtMs = 0;
    const windowOf = (key: string) =>
      statements
        .get(
          'SELECT window_start_ms AS startMs, count FROM rate_limit_windows WHERE name = ? AND key = ?',
        )
        .get(name, key) as { startMs: number; count: number } | undefined;
    const take = db.transaction((key: string, atMs: number): boolean => {
      if (atMs - forgottenAtMs >= FORGET_EVERY_MS) {
        statements
          .get('DELETE FROM rate_limit_windows WHERE name = ? AND window_start_ms <= ?')
          .run(name, atMs - windowMs);
        forgottenAtMs = atMs;
      }
      const window = windowOf(key);
      if (window === undefined || atMs - window.startMs >= windowMs) {
        statements
          .get(
            'INSERT INTO rate_limit_windows (name, key, window_start_ms, count) VALUES (?, ?, ?, 1) ' +
              'ON CONFLICT (name, key) DO UPDATE SET window_start_ms = excluded.window_start_ms, count = 1',
          )
          .run(name, key, atMs);
        return true;
      }
      if (window.count >= limit) return false;
      statements
        .get('UPDATE rate_limit_windows SET count = count + 1 WHERE name = ? AND key = ?')
        .run(name, key);
      return true;
    });
    const rateLimit = {
      tryTake: (key: string) => take(key, nowMs()),
      retryAfterS: (key: string) => {
        const window = windowOf(key);
        if (window === undefined) return 0;
        return secondsLeftInWindow(window.startMs, windowMs, nowMs());
      },
    };
    return promisedMethods(rateLimit, ['tryTake', 'retryAfterS']) satisfies RateLimit;
  };
}
