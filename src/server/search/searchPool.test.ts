/**
 * Searches in worker threads: same answers as in-process, the event loop free while they run
 * (health keeps answering, where in-process searches hold it up), and 503 when the queue is
 * full or a search times out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../registry/searchResidents';
import { SEARCH_TOTAL_CAP } from '../registry/registryRecords';
import { InProcessSearcher, SearchUnavailableError } from '../registry/residentSearcher';
import { openDatabase } from '../store/openDatabase';
import { sqliteRegistryRepository } from '../store/sqliteRegistry';
import { writeSyntheticDistrict, type SyntheticDistrictSize } from '../testing/syntheticDistrict';
import { createServer, type RunningServer } from '../createServer';
import { ensureDemoUsers } from '../demoUsers';
import { startTestServer, TEST_DISTRICT_SIZE } from '../testing/testServer';
import { SearchWorkerPool } from './searchPool';

/** Every building's address holds 幸福路: that query finds all ~38,000 residents. */
const BUSY_DISTRICT: SyntheticDistrictSize = {
  ...TEST_DISTRICT_SIZE,
  communitiesPerStreet: 2,
  gridsPerCommunity: 4,
  buildingsPerGrid: 20,
  floors: 10,
  unitsPerFloor: 4,
};
const HEAVY_QUERY = encodeURIComponent('幸福路');
const CONCURRENT_SEARCHES = 20;
const HEALTH_INTERVAL_MS = 10;
/** The in-process run must hold health up at least this long, or the load proves nothing. */
/**
 * In-process heavy searches hold health up at least this long (about 0.5–1 s here, less on a
 * quiet machine): enough to show the block, which the pooled run must cut by 3×.
 */
const HEAVY_BLOCK_MS = 200;
const PASSWORD = 'search-pool-test';
const SLOW_START_TIMEOUT_MS = 60_000;

let rootDir: string;
let dbPath: string;
let busyPath: string;

beforeAll(() => {
  rootDir = mkdtempSync(join(tmpdir(), 'gcc-search-pool-'));
  dbPath = join(rootDir, 'district.sqlite');
  busyPath = join(rootDir, 'busy.sqlite');
  writeSyntheticDistrict(dbPath, TEST_DISTRICT_SIZE);
});

afterAll(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

interface Probe {
  baseUrl: string;
  token: string;
}

async function startBusyServer(workers: number): Promise<{ server: RunningServer; probe: Probe }> {
  const server = await createServer({
    dbPath: busyPath,
    staticDir: rootDir,
    tilesetsDir: rootDir,
    searchWorkers: workers,
    searchTimeoutMs: SLOW_START_TIMEOUT_MS,
  });
  const baseUrl = await server.listen(0);
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  return { server, probe: { baseUrl, token } };
}

async function searchTotal(probe: Probe): Promise<number> {
  const answer = await fetch(`${probe.baseUrl}/api/search?q=${HEAVY_QUERY}&pageSize=5`, {
    headers: { authorization: `Bearer ${probe.token}` },
  });
  expect(answer.status).toBe(200);
  const page = (await answer.json()) as { total: number; totalCapped: boolean };
  // Everyone matches: counted up to the cap, said to be more (SQLite still finds them all).
  expect(page.totalCapped).toBe(true);
  return page.total;
}

/** Fires the searches at once and polls health until they are all answered. */
async function searchUnderWatch(probe: Probe) {
  const healthMs: number[] = [];
  let searching = true;
  const watch = (async () => {
    while (searching) {
      const startedMs = performance.now();
      const answer = await fetch(`${probe.baseUrl}/api/health`);
      expect(answer.status).toBe(200);
      await answer.text();
      healthMs.push(performance.now() - startedMs);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
    }
  })();
  // Let the watcher take its first sample before the load lands.
  await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
  const totals = await Promise.all(
    Array.from({ length: CONCURRENT_SEARCHES }, () => searchTotal(probe)),
  );
  searching = false;
  await watch;
  return { totals, healthMaxMs: Math.max(...healthMs) };
}

/**
 * A text search counts up to the cap and pages from the first matches (decision 0015), so the
 * heavy query (on every building's address) no longer reads its matches. Names holding it too in
 * the first building make the count meet the same person twice before the cap; the search then
 * reads every match, the heaviest a search still does and what the pool is for.
 */
function makeHeavyQueryReadEveryMatch(path: string): void {
  const db = openDatabase(path);
  try {
    db.prepare(
      'UPDATE persons SET name = ? || name WHERE building_id = (SELECT min(id) FROM buildings)',
    ).run(decodeURIComponent(HEAVY_QUERY));
  } finally {
    db.close();
  }
}

describe('search worker pool', () => {
  it('answers exactly as the in-process search', async () => {
    const pool = new SearchWorkerPool({
      dbPath,
      size: 2,
      timeoutMs: SLOW_START_TIMEOUT_MS,
      maxQueued: 64,
    });
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const inProcess = new InProcessSearcher(sqliteRegistryRepository(db));
      for (const query of ['幸福路', '王伟', '伟', 'Building', '0018', '不存在']) {
        const criteria = parseSearchQuery(query);
        for (const page of [
          { page: 1, pageSize: 5 },
          { page: 2, pageSize: 5 },
        ]) {
          expect(await pool.search(criteria, ['350102'], page)).toEqual(
            await inProcess.search(criteria, ['350102'], page),
          );
        }
      }
      expect(pool.completed).toBe(12);
    } finally {
      db.close();
      await pool.close();
    }
  });

  it('keeps health answering while many heavy searches run, where in-process searches hold it up', async () => {
    const everyone = writeSyntheticDistrict(busyPath, BUSY_DISTRICT).personCount;
    expect(everyone).toBeGreaterThan(SEARCH_TOTAL_CAP);
    makeHeavyQueryReadEveryMatch(busyPath);
    const expected = SEARCH_TOTAL_CAP;
    await ensureDemoUsers(busyPath, PASSWORD);
    const healthMaxMs = new Map<number, number>();
    for (const workers of [2, 0]) {
      const { server, probe } = await startBusyServer(workers);
      try {
        // The first search waits for the workers to start; that is not what is measured.
        expect(await searchTotal(probe)).toBe(expected);
        const run = await searchUnderWatch(probe);
        expect(run.totals).toEqual(run.totals.map(() => expected));
        healthMaxMs.set(workers, run.healthMaxMs);
      } finally {
        await server.close();
      }
    }
    // Absolute times depend on the machine's load; the same load with searches on the event
    // loop shows what the workers spare it.
    const pooled = healthMaxMs.get(2)!;
    const inProcess = healthMaxMs.get(0)!;
    expect(inProcess).toBeGreaterThan(HEAVY_BLOCK_MS);
    expect(pooled * 3).toBeLessThan(inProcess);
  }, 180_000);

  it('queues searches up to its limit and refuses the rest at once', async () => {
    const pool = new SearchWorkerPool({
      dbPath,
      size: 1,
      timeoutMs: SLOW_START_TIMEOUT_MS,
      maxQueued: 1,
    });
    try {
      // Asked before the worker is up: nothing leaves the queue yet, so one waits and the rest
      // are refused without waiting.
      const answers = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          pool.search(parseSearchQuery('0018'), ['350102'], { page: 1, pageSize: 5 }),
        ),
      );
      const refused = answers.filter((answer) => answer.status === 'rejected');
      expect(refused).toHaveLength(5);
      for (const answer of refused)
        expect((answer as PromiseRejectedResult).reason).toBeInstanceOf(SearchUnavailableError);
      expect(answers[0]!.status).toBe('fulfilled');
    } finally {
      await pool.close();
    }
  });

  it('answers a refused search with 503 and a message in both languages', async () => {
    // A queue of none refuses every search: the HTTP answer is what is checked here.
    const server = await startTestServer(TEST_DISTRICT_SIZE, {
      searchWorkers: 1,
      searchQueueLimit: 0,
      searchTimeoutMs: SLOW_START_TIMEOUT_MS,
    });
    try {
      const token = await server.login('admin');
      const answer = await server.request('GET', '/api/search?q=0018', { token });
      expect(answer.status).toBe(503);
      expect((answer.json as { message: string }).message).toMatch(/搜索繁忙.*search is busy/);
    } finally {
      await server.close();
    }
  });

  it('gives up on a search past its timeout with 503', async () => {
    const pool = new SearchWorkerPool({ dbPath, size: 1, timeoutMs: 1, maxQueued: 4 });
    try {
      await expect(
        pool.search(parseSearchQuery('幸福路'), ['350102'], { page: 1, pageSize: 5 }),
      ).rejects.toBeInstanceOf(SearchUnavailableError);
      await pool.whenReady();
    } finally {
      await pool.close();
    }
  });
});
