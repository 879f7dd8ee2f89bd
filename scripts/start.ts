/**
 * `npm start`: brings up the whole command center on the embedded defaults — generates the demo
 * district if there is none, builds its tileset and the web app when their sources changed,
 * starts the server, prints the URL and the demo logins, and starts the simulated GPS feed of the
 * demo workers against it (SIM_WORKERS sets how many, SIMULATOR=off turns it off), then the
 * simulated incidents: 30 days of history on first start, and a live loop of reports, a
 * simulated dispatcher and the workers' phones taking tasks (INCIDENT_SIMULATOR=off turns it off,
 * INCIDENT_RATE sets reports per minute). With DISTRICT_CONFIG=path/to/district.config.json it
 * runs the configured district on its imported data instead: no generator, no simulators.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { addDemoWorkersIfMissing } from './district/demoWorkerRows';
import { addDemoCareTagsIfMissing } from './district/demoCareTagRows';
import { backfillIncidentHistory } from './simulator/incidents/incidentBackfill';
import { connectIncidentHttpApi } from './simulator/incidents/incidentHttpApi';
import { DEMO_TASK_TIMING } from './simulator/incidents/simulatedTaskWorker';
import {
  DEFAULT_INCIDENT_RATE_PER_MINUTE,
  loadIncidentPlaces,
  startIncidentSimulator,
  type RunningIncidentSimulator,
} from './simulator/incidents/startIncidentSimulator';
import { generateDistrict } from './district/generateDistrict';
import {
  loadSimulationNetworkFromDb,
  startSimulator,
  type RunningSimulator,
} from './simulator/startSimulator';
import { buildTileset } from './tiles/buildTileset';
import { buildClientIfStale } from './start/buildClient';
import { openInBrowser } from './start/openInBrowser';
import { localAddresses } from './tls/localCertificate';
import { createProgressPrinter } from './start/progressPrinter';
import {
  DistrictConfigError,
  loadDistrictConfig,
  type DistrictConfig,
} from '../src/server/config/districtConfig';
import { createServer } from '../src/server/createServer';
import { databaseConfigFromEnv } from '../src/server/store/databaseConfig';
import { TlsConfigError, tlsFromEnv, type TlsListener } from '../src/server/config/tlsConfig';
import { applyDistrictMeta } from '../src/server/store/districtMetaRows';
import { ensureDemoDevices } from '../src/server/demoDevices';
import { ensureDemoUsers } from '../src/server/demoUsers';
import { ensureDemoEmergencyRecords } from '../src/server/emergency/records/ensureDemoEmergencyRecords';
import { ensureDemoSensorTokens } from '../src/server/emergency/records/demoSensorTokens';
import { ensureDemoRegisterMovements } from '../src/server/registry/ensureDemoRegisterMovements';
import { startSensorSimulator } from './simulator/sensors/startSensorSimulator';
import { DEMO_TILESET_NAME } from '../src/shared/tileset';

const DEFAULT_PORT = 8080;
const DEMO_PASSWORD_BYTES = 12;

/** SIM_WORKERS: how many demo workers carry a simulated phone (default: all of them). */
function simulatedWorkerCount(available: number): number {
  const text = process.env.SIM_WORKERS;
  if (text === undefined || text === '') return available;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`SIM_WORKERS must be a whole number ≥ 0, got ${text}`);
  }
  return Math.min(count, available);
}

type DemoDevices = Array<{ workerId: number; token: string }>;

/** The simulated feed (demo data) against the embedded server, unless SIMULATOR=off. */
async function startDemoFeed(
  dbPath: string,
  serverUrl: string,
): Promise<{ simulator: RunningSimulator; devices: DemoDevices } | null> {
  if (process.env.SIMULATOR === 'off') {
    console.log('模拟设备 Simulated feed: off (SIMULATOR=off)');
    return null;
  }
  const network = loadSimulationNetworkFromDb(dbPath);
  const workers = network.workers.slice(0, simulatedWorkerCount(network.workers.length));
  // Fresh tokens at every start; the previous run's demo tokens are revoked.
  const devices = ensureDemoDevices(dbPath, {
    workerIds: workers.map((worker) => worker.workerId),
  });
  const simulator = await startSimulator({
    serverUrl,
    devices,
    network,
    log: (line) => console.log(`   ${line}`),
  });
  console.log(`模拟设备 Simulated feed (demo data): ${devices.length} workers`);
  return { simulator, devices };
}

/** INCIDENT_RATE: mean new reports per minute (default DEFAULT_INCIDENT_RATE_PER_MINUTE). */
function incidentRatePerMinute(): number {
  const text = process.env.INCIDENT_RATE;
  if (text === undefined || text === '') return DEFAULT_INCIDENT_RATE_PER_MINUTE;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0) throw new Error(`INCIDENT_RATE must be ≥ 0, got ${text}`);
  return rate;
}

/**
 * Simulated incidents (demo data), unless INCIDENT_SIMULATOR=off: the history backfill through
 * the server's use cases on the district file, then the live loop over the server's interfaces
 * as the demo admin (dispatcher and, for evaluations, leader) and the workers' phones.
 */
async function startDemoIncidents(
  dbPath: string,
  serverUrl: string,
  password: string,
  feed: { simulator: RunningSimulator; devices: DemoDevices } | null,
): Promise<RunningIncidentSimulator | null> {
  const devices = feed?.devices ?? [];
  if (process.env.INCIDENT_SIMULATOR === 'off') {
    console.log('模拟事件 Simulated incidents: off (INCIDENT_SIMULATOR=off)');
    return null;
  }
  const username = 'admin';
  const places = await loadIncidentPlaces(
    await connectIncidentHttpApi(serverUrl, username, password),
  );
  const startedMs = Date.now();
  const history = await backfillIncidentHistory({
    dbPath,
    places,
    workers: loadSimulationNetworkFromDb(dbPath).workers,
    nowMs: startedMs,
    seed: 1,
    onProgress: (done, total) => console.log(`   history ${done}/${total} steps`),
  });
  const simulator = await startIncidentSimulator({
    serverUrl,
    username,
    password,
    devices,
    places,
    ratePerMinute: incidentRatePerMinute(),
    // The phone's worker walks to the site along the streets and stays while handling it.
    timing: {
      handlingMs: DEMO_TASK_TIMING.handlingMs,
      travelMs: (task, workerId) =>
        feed?.simulator.sendWorkerTo(workerId, task, DEMO_TASK_TIMING.handlingMs(task)) ??
        DEMO_TASK_TIMING.travelMs(task, workerId),
    },
    log: (line) => console.log(`   ${line}`),
  });
  const backfill = history.skipped
    ? 'history already present'
    : `${history.incidents} incidents of the last 30 days in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`;
  console.log(
    `模拟事件 Simulated incidents (demo data): ${places.length} places, ${backfill}, ` +
      `${incidentRatePerMinute()} new per minute, ${devices.length} worker phones`,
  );
  return simulator;
}

/**
 * DISTRICT_CONFIG: a district configuration file; without it the generated demo district runs.
 * A bad file stops the start with every problem listed (zh and en).
 */
function configuredDistrict(): DistrictConfig | null {
  const configPath = process.env.DISTRICT_CONFIG;
  if (configPath === undefined || configPath === '') return null;
  try {
    return loadDistrictConfig(configPath);
  } catch (error) {
    if (!(error instanceof DistrictConfigError)) throw error;
    console.error(`辖区配置有误 The district configuration ${configPath} has problems:`);
    console.error(error.describe());
    process.exit(1);
  }
}

/** TLS_CERT_FILE/TLS_KEY_FILE: an HTTPS listener for phones; a bad setting stops the start. */
function configuredTls(): TlsListener | null {
  try {
    return tlsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof TlsConfigError)) throw error;
    console.error(`HTTPS 配置有误 HTTPS setting: ${error.message}`);
    process.exit(1);
  }
}

/** The phone app's addresses: a wildcard listener is reached at each of the machine's addresses. */
function phoneUrls(secureUrl: string): string[] {
  const url = new URL(secureUrl);
  const hosts = url.hostname === '0.0.0.0' ? localAddresses().ips : [url.hostname];
  return hosts.map((host) => `https://${host}:${url.port}/m/`);
}

async function main(): Promise<void> {
  // `npm start` builds and runs the demo in the SQLite file; a PostgreSQL district is moved there
  // with db:copy and served with `npm run serve` or `npm run cluster` (README).
  if (databaseConfigFromEnv(process.env).engine === 'postgres') {
    throw new Error(
      'npm start runs the demo on the embedded SQLite file: unset DATABASE_URL, or move the ' +
        'district with `npm run db:copy` and start it with `npm run serve` (README, PostgreSQL)',
    );
  }
  const district = configuredDistrict();
  const tls = configuredTls();
  const dataDir = district?.dataDir ?? path.resolve(process.env.DATA_DIR ?? 'data');
  const tilesetsDir = district?.tilesetsDir ?? path.resolve(process.env.TILESETS_DIR ?? 'tilesets');
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  const host = process.env.HOST ?? '127.0.0.1';
  const dbPath = district?.dbPath ?? path.join(dataDir, 'district.sqlite');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(path.dirname(dbPath), { recursive: true });
  const progress = createProgressPrinter('   ');
  let buildingCount: number | null = null;

  if (district !== null) {
    // A configured district runs on its imported data only: no generator, no simulators.
    const counts = applyDistrictMeta(dbPath, {
      code: district.code,
      nameZh: district.name.zh,
      nameEn: district.name.en,
      timeZone: district.timeZone,
    });
    buildingCount = counts.buildings;
    console.log(
      `[1/4] 辖区配置 District ${district.name.zh} / ${district.name.en} (${district.source}) → ${dbPath}: ` +
        `${counts.grids} grids, ${counts.buildings} buildings`,
    );
    if (counts.grids === 0) {
      console.log('   尚无网格，请先导入 No grids yet: npm run import -- grids <file> [--crs …]');
    }
  } else if (!existsSync(dbPath)) {
    console.log(`[1/4] 生成演示辖区 Generating the demo district (demo data) → ${dbPath}`);
    const summary = generateDistrict(dbPath, { onProgress: progress.report });
    console.log('  ', summary);
  } else {
    console.log(`[1/4] 使用现有数据 Using existing data ${dbPath}`);
    const added = addDemoWorkersIfMissing(dbPath);
    if (added > 0) console.log(`   added ${added} demo grid workers (the data predates them)`);
    const tagged = addDemoCareTagsIfMissing(dbPath);
    if (tagged > 0)
      console.log(`   tagged ${tagged} demo residents 低保 / 卧床 (the data predates them)`);
  }

  console.log('[2/4] 三维瓦片 Building the 3D Tiles (skipped when unchanged)');
  if (buildingCount === 0) {
    console.log('   尚无建筑，跳过 No buildings imported yet, skipped');
  } else {
    const tiles = await buildTileset({
      dbPath,
      outDir: path.join(tilesetsDir, DEMO_TILESET_NAME),
      onProgress: progress.forStage('tiles'),
    });
    console.log(
      tiles.skipped
        ? '   unchanged, skipped'
        : `   ${tiles.tileCount} tiles, ${tiles.featureCount} units`,
    );
  }

  console.log('[3/4] 前端 Building the web app (skipped when unchanged)');
  const staticDir = await buildClientIfStale();

  console.log('[4/4] 启动服务 Starting the server');
  const server = await createServer({
    dbPath,
    staticDir,
    tilesetsDir,
    ...(district === null ? {} : { imagery: district.imagery }),
    tls,
  });
  const password =
    process.env.DEMO_PASSWORD || randomBytes(DEMO_PASSWORD_BYTES).toString('base64url');
  const demoUsers = await ensureDemoUsers(dbPath, password);
  if (district === null) {
    const records = ensureDemoEmergencyRecords(dbPath);
    console.log(`应急资源 Emergency records (demo data): ${records} generated`);
    const movements = ensureDemoRegisterMovements(dbPath);
    console.log(
      `登记与注销 Registrations and departures (demo data): ${movements} over the last year generated`,
    );
  }
  const url = await server.listen(port, host);

  console.log('');
  console.log(`网格化治理指挥中心 Grid command center: ${url}`);
  const secureUrl = server.secureUrl();
  if (secureUrl !== null) {
    console.log(`手机 Grid workers' phones (HTTPS): ${phoneUrls(secureUrl).join('  ')}`);
  }
  console.log('演示账号 Demo logins (demo data only):');
  for (const user of demoUsers) {
    console.log(`  ${user.username.padEnd(12)} ${password}   (${user.role})`);
  }
  if (!process.env.DEMO_PASSWORD) {
    console.log('  (random password for this run; set DEMO_PASSWORD to choose one)');
  }
  if (district !== null) {
    console.log('模拟器 Simulators: off (a configured district runs on its own data)');
  }
  const feed = district === null ? await startDemoFeed(dbPath, url) : null;
  const simulator = feed?.simulator ?? null;
  // The demo sensors report with the simulated phones (SIMULATOR=off stops both).
  const sensorSimulator =
    feed === null
      ? null
      : startSensorSimulator({ serverUrl: url, sensors: ensureDemoSensorTokens(dbPath) });
  const incidents =
    district === null ? await startDemoIncidents(dbPath, url, password, feed) : null;
  openInBrowser(url);

  let stopping = false;
  const shutdown = () => {
    // Idempotent: tsx relays a Ctrl-C to this process too, and a second signal must not cut the
    // shutdown short.
    if (stopping) return;
    stopping = true;
    void (incidents?.stop() ?? Promise.resolve())
      .then(() => simulator?.stop())
      .then(() => sensorSimulator?.stop())
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
