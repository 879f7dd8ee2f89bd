/**
 * Answers the phone read once, kept in IndexedDB so the worker can go on offline: the lists that
 * door-to-door collection picks from (buildings, units, households, masked as the server sent
 * them) and the district base map the report map draws. A read goes to the server first and
 * falls back to the kept copy, saying from when it is. Entries are per worker and cleared on
 * sign-out, so the next account on the phone never sees them.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

const DB_NAME = 'gcc-phone-cache';
const DB_VERSION = 1;

interface CacheSchema {
  answers: { key: string; value: { key: string; value: unknown; savedAtMs: number } };
}

export interface CachedAnswer<T> {
  value: T;
  /** When the server gave this answer. */
  savedAtMs: number;
  /** True when the server could not be reached and the kept copy was used. */
  fromCache: boolean;
}

export class PhoneCache {
  private constructor(private readonly db: IDBPDatabase<CacheSchema & DBSchema>) {}

  static async open(name = DB_NAME): Promise<PhoneCache> {
    const db = await openDB<CacheSchema & DBSchema>(name, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('answers', { keyPath: 'key' });
      },
    });
    return new PhoneCache(db);
  }

  /**
   * The server's answer (kept for later), else the kept one; the server's error when there is
   * none kept.
   */
  async read<T>(
    workerId: number,
    path: string,
    fetchAnswer: () => Promise<T>,
    nowMs = Date.now(),
  ): Promise<CachedAnswer<T>> {
    const key = `${workerId}:${path}`;
    try {
      const value = await fetchAnswer();
      await this.db.put('answers', { key, value, savedAtMs: nowMs });
      return { value, savedAtMs: nowMs, fromCache: false };
    } catch (error) {
      const kept = await this.db.get('answers', key);
      if (kept === undefined) throw error;
      return { value: kept.value as T, savedAtMs: kept.savedAtMs, fromCache: true };
    }
  }

  /**
   * The kept answer when there is one, without asking the server (for what rarely changes and is
   * big, the base map; `read` refreshes it); else as `read`.
   */
  async readKept<T>(
    workerId: number,
    path: string,
    fetchAnswer: () => Promise<T>,
    nowMs = Date.now(),
  ): Promise<CachedAnswer<T>> {
    const kept = await this.db.get('answers', `${workerId}:${path}`);
    if (kept !== undefined) {
      return { value: kept.value as T, savedAtMs: kept.savedAtMs, fromCache: true };
    }
    return this.read(workerId, path, fetchAnswer, nowMs);
  }

  async clear(): Promise<void> {
    await this.db.clear('answers');
  }

  close(): void {
    this.db.close();
  }
}
