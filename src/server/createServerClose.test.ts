/**
 * Closing the server while a background job's pass runs: close() waits for the pass to end
 * before it closes the database, so the pass is not cut half-way and logs nothing (before, the
 * retention pass run at start went on against a closed pool: "Cannot use a pool after calling
 * end"). The engine's retention rows are wrapped so that the pass holds in its first delete
 * until the test lets it go.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RetentionRows } from './dataRetention';
import { startTestServer, type TestServer } from './testing/testServer';

/** How long the pass is held once close() has begun. */
const HOLD_AFTER_CLOSE_MS = 500;

const hold = vi.hoisted(() => {
  let release: () => void = () => {};
  let markReached: () => void = () => {};
  const state = {
    events: [] as string[],
    reached: new Promise<void>((resolve) => (markReached = resolve)),
    released: new Promise<void>((resolve) => (release = resolve)),
    release: () => {
      if (!state.events.includes('pass released')) state.events.push('pass released');
      release();
    },
  };
  /** The first delete of the first pass waits for release; the last records the pass's end. */
  function holdFirstPass<T extends RetentionRows>(rows: T): T {
    const firstDelete = rows.purgeIncidentEventsBefore.bind(rows);
    const lastDelete = rows.purgeDoorKnockTasksBefore.bind(rows);
    rows.purgeIncidentEventsBefore = async (cutoffMs) => {
      markReached();
      await state.released;
      return firstDelete(cutoffMs);
    };
    rows.purgeDoorKnockTasksBefore = async (cutoffMs) => {
      const deleted = await lastDelete(cutoffMs);
      state.events.push('pass ended');
      return deleted;
    };
    return rows;
  }
  return { state, holdFirstPass };
});

vi.mock('./store/retentionRows', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./store/retentionRows')>();
  return {
    ...actual,
    sqliteRetentionRows: (...args: Parameters<typeof actual.sqliteRetentionRows>) =>
      hold.holdFirstPass(actual.sqliteRetentionRows(...args)),
  };
});

vi.mock('./store/pg/postgresRetentionRows', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./store/pg/postgresRetentionRows')>();
  class HeldPostgresRetentionRows extends actual.PostgresRetentionRows {
    constructor(...args: ConstructorParameters<typeof actual.PostgresRetentionRows>) {
      super(...args);
      hold.holdFirstPass(this);
    }
  }
  return { ...actual, PostgresRetentionRows: HeldPostgresRetentionRows };
});

let server: TestServer | undefined;

afterEach(async () => {
  hold.state.release();
  await server?.close();
});

describe('closing the server', () => {
  it('waits for the retention pass in flight, then closes the database, logging no error', async () => {
    server = await startTestServer();
    // The pass run at start is held in its first delete.
    await hold.state.reached;
    const stores = server.server.stores;
    const closeStores = stores.close.bind(stores);
    vi.spyOn(stores, 'close').mockImplementation(() => {
      hold.state.events.push('stores closed');
      // Without the wait the pass would hang for ever: let it go on, against a closed database.
      hold.state.release();
      return closeStores();
    });
    const errors = vi.spyOn(console, 'error');

    const closing = server.close();
    const timer = setTimeout(() => hold.state.release(), HOLD_AFTER_CLOSE_MS);
    await closing;
    clearTimeout(timer);

    expect(hold.state.events).toEqual(['pass released', 'pass ended', 'stores closed']);
    expect(errors).not.toHaveBeenCalled();
  });
});
