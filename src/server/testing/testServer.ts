/**
 * Starts the real server on a free port with a real SQLite file in a temp dir, with the demo
 * users and a tiny built app and tileset, and talks to it over HTTP. Test support only.
 *
 * With TEST_ENGINE=postgres the same district (written to the SQLite file first, as `npm run
 * db:copy` would take it) is copied into a PostgreSQL database of the test's own, and the server
 * runs on it; the database is dropped on close. `npm test` runs the server's suites both ways.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type RunningServer, type ServerOptions } from '../createServer';
import { ensureDemoUsers } from '../demoUsers';
import { parseDatabaseUrl, type DatabaseConfig } from '../store/databaseConfig';
import { openDatabase } from '../store/openDatabase';
import { copyFromSqlite } from '../store/pg/copyFromSqlite';
import { createPostgresPool } from '../store/pg/postgresPool';
import { createMigratedTestPostgres, type TestPostgres } from './testPostgres';
import {
  writeSyntheticDistrict,
  type SyntheticDistrictSize,
  type SyntheticDistrictSummary,
} from './syntheticDistrict';

export const TEST_DISTRICT_SIZE: SyntheticDistrictSize = {
  streetCount: 2,
  communitiesPerStreet: 1,
  gridsPerCommunity: 2,
  buildingsPerGrid: 2,
  floors: 3,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 4,
  householdsPerUnit: 1,
  personsPerHousehold: 3,
};

/** Big enough to be worth compressing. */
const GLB_FIXTURE_BYTES = 4096;

export const TEST_APP_HTML = '<!doctype html><title>grid command center test shell</title>';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

/** The engine the server-level suites run on: TEST_ENGINE=postgres, else SQLite. */
export const TEST_ENGINE: 'sqlite' | 'postgres' =
  process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A migrated PostgreSQL database of the test's own holding every row of the SQLite file at
 * `dbPath` (the district, users, everything a test wrote before).
 */
export async function copyToTestPostgres(dbPath: string): Promise<TestPostgres> {
  const database = await createMigratedTestPostgres();
  try {
    const db = openDatabase(dbPath, { readonly: true });
    const pool = createPostgresPool(database.url, 1);
    try {
      await copyFromSqlite(db, pool);
    } finally {
      db.close();
      await pool.end();
    }
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}

export interface TestServer {
  baseUrl: string;
  /**
   * The SQLite file the district was written to; on PostgreSQL (TEST_ENGINE) the server does not
   * read it after the copy.
   */
  dbPath: string;
  /** The engine the server runs on, and its database on PostgreSQL. */
  engine: 'sqlite' | 'postgres';
  database: DatabaseConfig;
  password: string;
  district: SyntheticDistrictSummary;
  server: RunningServer;
  login(username: string): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpAnswer>;
  /**
   * Closes the server and starts a new one on the same database (file or PostgreSQL) and data
   * directory, with `options` (those of the start unless given); `server` and `baseUrl` change.
   */
  restart(options?: TestServerOptions): Promise<void>;
  /**
   * Another server on the same database and data directory (a second node: give both a
   * `cluster`), not listening yet; the test closes it before `close()`.
   */
  startAnother(options: TestServerOptions): Promise<RunningServer>;
  close(): Promise<void>;
}

function writeStaticFixtures(rootDir: string): { staticDir: string; tilesetsDir: string } {
  const staticDir = join(rootDir, 'dist');
  const tilesetDir = join(rootDir, 'tilesets', 'district');
  mkdirSync(staticDir, { recursive: true });
  mkdirSync(tilesetDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), TEST_APP_HTML);
  writeFileSync(
    join(tilesetDir, 'tileset.json'),
    JSON.stringify({ asset: { version: '1.1' }, geometricError: 0 }),
  );
  writeFileSync(
    join(tilesetDir, 'tile.glb'),
    Buffer.concat([Buffer.from('glTF'), Buffer.alloc(GLB_FIXTURE_BYTES)]),
  );
  return { staticDir, tilesetsDir: join(rootDir, 'tilesets') };
}

/**
 * Server options a test may set: a controlled clock, a faster escalation job, socket origins,
 * proxy trust, the reveal limit, Open311 partner keys and proofs, an HTTPS listener, the search pool (searches run in-process unless a test asks for
 * workers: starting threads costs seconds), base imagery, the import size limit.
 */
export type TestServerOptions = Pick<
  ServerOptions,
  | 'now'
  | 'escalationCheckMs'
  | 'partnerCallbackCheckMs'
  | 'allowedOrigins'
  | 'trustProxy'
  | 'revealLimitPerHour'
  | 'searchWorkers'
  | 'searchTimeoutMs'
  | 'searchQueueLimit'
  | 'imagery'
  | 'importMaxBytes'
  | 'open311Partners'
  | 'open311RequireApiKey'
  | 'open311RequireProof'
  | 'tls'
  | 'open311CallbackUrls'
  | 'messageGateway'
  | 'cluster'
>;

/**
 * A test may close the server itself (to restart one on the same database): closing it again
 * (close(), restart()) then waits for that close instead of closing the pool a second time.
 */
function closeOnce(running: RunningServer): RunningServer {
  const closeServer = running.close.bind(running);
  let closed: Promise<void> | undefined;
  running.close = () => (closed ??= closeServer());
  return running;
}

export async function startTestServer(
  size: SyntheticDistrictSize = TEST_DISTRICT_SIZE,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const rootDir = mkdtempSync(join(tmpdir(), 'gcc-server-'));
  const dbPath = join(rootDir, 'district.sqlite');
  const district = writeSyntheticDistrict(dbPath, size);
  const password = randomBytes(12).toString('base64url');
  await ensureDemoUsers(dbPath, password);
  const postgres = TEST_ENGINE === 'postgres' ? await copyToTestPostgres(dbPath) : null;
  const database: DatabaseConfig =
    postgres === null ? { engine: 'sqlite' } : parseDatabaseUrl(postgres.url);
  const fixtures = writeStaticFixtures(rootDir);
  const start = (startOptions: TestServerOptions) =>
    createServer({
      dbPath,
      database,
      dataDir: rootDir,
      ...fixtures,
      searchWorkers: 0,
      ...startOptions,
    });
  let server = await start(options).catch(async (error: unknown) => {
    await postgres?.drop();
    throw error;
  });
  let baseUrl = await server.listen(0);
  closeOnce(server);

  async function request(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  const testServer: TestServer = {
    baseUrl,
    dbPath,
    engine: database.engine,
    database,
    password,
    district,
    server,
    request,
    async login(username) {
      const answer = await request('POST', '/api/auth/login', { body: { username, password } });
      if (answer.status !== 200)
        throw new Error(`login ${username} failed: ${answer.status} ${answer.text}`);
      return (answer.json as { token: string }).token;
    },
    async restart(restartOptions = options) {
      await server.close();
      server = closeOnce(await start(restartOptions));
      baseUrl = await server.listen(0);
      testServer.server = server;
      testServer.baseUrl = baseUrl;
    },
    startAnother: (anotherOptions) => start(anotherOptions),
    async close() {
      await server.close();
      await postgres?.drop();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
  return testServer;
}
