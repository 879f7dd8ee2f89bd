/**
 * Brings up a small, complete command center for the browser tests: a generated district in a
 * temporary DATA_DIR, its tileset, the built app, the real server on a free port and the feed
 * simulator walking a few demo workers (with an hour of backfilled track for replay). Tests get
 * the base URL, the demo password and the simulated workers through `inject`.
 *
 * On PostgreSQL (the `e2e-postgres` project, e2e/globalSetupPostgres.ts) everything is written to the SQLite file
 * first, as `npm run db:copy` takes it, then copied into a PostgreSQL database of the run's own,
 * which the server runs on; the database is dropped at the end.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { generateDistrict } from '../scripts/district/generateDistrict';
import {
  NO_FAULTS,
  loadSimulationNetworkFromDb,
  startSimulator,
} from '../scripts/simulator/startSimulator';
import { buildTileset } from '../scripts/tiles/buildTileset';
import { createServer } from '../src/server/createServer';
import { parseDatabaseUrl, type DatabaseConfig } from '../src/server/store/databaseConfig';
import { copyToTestPostgres } from '../src/server/testing/testServer';
import { ensureDemoDevices } from '../src/server/demoDevices';
import { DEMO_WORKER_ACCOUNT, ensureDemoUsers } from '../src/server/demoUsers';
import { ensureDemoEmergencyRecords } from '../src/server/emergency/records/ensureDemoEmergencyRecords';
import { openDatabase } from '../src/server/store/openDatabase';
import { SqliteTrackingStore } from '../src/server/store/sqliteTrackingStore';
import { DEMO_TILESET_NAME } from '../src/shared/tileset';
import { makeLocalCertificate } from '../scripts/tls/localCertificate';
import { buildAppForTests } from './buildAppForTests';
import { PHONE_HALL_HOST } from './browser';

/** Small on purpose: WebGL runs on the CPU (SwiftShader) in these tests. */
const E2E_DISTRICT = { seed: 20240607, buildingCount: 60, residentCount: 3000 };
const PASSWORD_BYTES = 12;
/** Port 0: the system picks a free one, so parallel runs never collide. */
const ANY_FREE_PORT = 0;
/** Walking workers on the wall: few, since SwiftShader draws every dot and trail on the CPU. */
const E2E_SIMULATED_WORKERS = 10;

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
    /** Workers whose simulated phones send fixes during the tests. */
    simulatedWorkerIds: number[];
    /** The HTTPS listener for phones, its port on 127.0.0.1, certified for PHONE_HALL_HOST. */
    securePort: number;
    /** base64 SHA-256 of the server certificate's public key, for Chromium's SPKI trust list. */
    secureSpki: string;
  }
}

function spkiHash(certificatePem: Buffer): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({
    type: 'spki',
    format: 'der',
  });
  return createHash('sha256').update(spki).digest('base64');
}

function workerIdOfAccount(dbPath: string, username: string): number | null {
  const db = openDatabase(dbPath);
  try {
    return new SqliteTrackingStore(db).workerIdOfAccount(username);
  } finally {
    db.close();
  }
}

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startCommandCenter(project, 'sqlite');
}

export async function startCommandCenter(
  project: TestProject,
  engine: 'sqlite' | 'postgres',
): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gcc-e2e-'));
  const dbPath = path.join(dataDir, 'district.sqlite');
  const tilesetsDir = path.join(dataDir, 'tilesets');
  mkdirSync(tilesetsDir, { recursive: true });

  generateDistrict(dbPath, E2E_DISTRICT);
  await buildTileset({ dbPath, outDir: path.join(tilesetsDir, DEMO_TILESET_NAME) });
  const staticDir = await buildAppForTests();

  const password = randomBytes(PASSWORD_BYTES).toString('base64url');
  await ensureDemoUsers(dbPath, password);
  // The demo hazard sources, shelters and resources, as npm start writes them (emergency test).
  ensureDemoEmergencyRecords(dbPath);
  // Searches in-process: the global setup runs in Vite's module runner, where worker threads
  // cannot resolve their loader.
  // The phones' HTTPS listener, certified for a name that is not localhost, as on a hall's LAN.
  const certificate = makeLocalCertificate(path.join(dataDir, 'tls'), [PHONE_HALL_HOST]);
  const tls = {
    cert: readFileSync(certificate.files.serverCert),
    key: readFileSync(certificate.files.serverKey),
    port: ANY_FREE_PORT,
    host: '127.0.0.1',
  };
  // Faults off: the browser tests check what the wall shows, not how ingest copes with bad fixes.
  const network = loadSimulationNetworkFromDb(dbPath);
  // The phone test pairs a real (emulated) phone as worker01's worker: not one of the simulated.
  const phoneWorkerId = workerIdOfAccount(dbPath, DEMO_WORKER_ACCOUNT);
  const workerIds = network.workers
    .filter((worker) => worker.workerId !== phoneWorkerId)
    .slice(0, E2E_SIMULATED_WORKERS)
    .map((worker) => worker.workerId);
  const devices = ensureDemoDevices(dbPath, { workerIds });

  const postgres = engine === 'postgres' ? await copyToTestPostgres(dbPath) : null;
  const database: DatabaseConfig =
    postgres === null ? { engine: 'sqlite' } : parseDatabaseUrl(postgres.url);
  const server = await createServer({
    dbPath,
    database,
    dataDir,
    staticDir,
    tilesetsDir,
    searchWorkers: 0,
    tls,
  }).catch(async (error: unknown) => {
    await postgres?.drop();
    throw error;
  });
  const baseUrl = await server.listen(ANY_FREE_PORT);
  const securePort = Number(new URL(server.secureUrl() ?? '').port);

  const simulator = await startSimulator({
    serverUrl: baseUrl,
    devices,
    network,
    faults: NO_FAULTS,
  });

  project.provide('baseUrl', baseUrl);
  project.provide('password', password);
  project.provide('simulatedWorkerIds', workerIds);
  project.provide('securePort', securePort);
  project.provide('secureSpki', spkiHash(readFileSync(certificate.files.serverCert)));

  return async () => {
    await simulator.stop();
    await server.close();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
