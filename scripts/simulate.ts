/**
 * CLI: the GPS feed simulator (demo data) against any running server.
 *   npm run simulate -- --url http://host:port --username admin --password ... \
 *     [--workers N] [--seed S] [--interval ms] [--backfill minutes] [--no-faults]
 * Logs in, issues one device token per simulated worker (admin only), loads streets, grids and
 * workers through the API, and runs until Ctrl-C, printing statistics every 10 s. On exit it
 * revokes the tokens it issued. The password may come from DEMO_PASSWORD instead of the command
 * line; tokens are never printed.
 */
import { parseArgs } from 'node:util';
import { API_PREFIX, type LoginResponse } from '../src/shared/api';
import {
  DEVICES_API_PATH,
  type IssueDeviceTokenRequest,
  type IssuedDeviceToken,
} from '../src/shared/tracking';
import {
  NO_FAULTS,
  loadSimulationNetworkFromApi,
  startSimulator,
} from './simulator/startSimulator';
import { formatSimulatorStats } from './simulator/formatSimulatorStats';

const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_USERNAME = 'admin';
const STATS_EVERY_MS = 10_000;
const DEVICE_LABEL = 'npm run simulate (demo)';

function optionalNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} must be a number ≥ 0, got ${text}`);
  return value;
}

async function call<T>(
  method: string,
  url: URL,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) {
    throw new Error(
      `${method} ${url.pathname} failed: ${response.status} ${await response.text()}`,
    );
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: DEFAULT_URL },
      username: { type: 'string', default: DEFAULT_USERNAME },
      password: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      interval: { type: 'string' },
      backfill: { type: 'string' },
      'no-faults': { type: 'boolean', default: false },
    },
  });
  const password = values.password ?? process.env.DEMO_PASSWORD;
  if (password === undefined || password === '') {
    throw new Error('give --password (or set DEMO_PASSWORD) for --username');
  }
  const serverUrl = values.url;
  const login = await call<LoginResponse>('POST', new URL(`${API_PREFIX}/auth/login`, serverUrl), {
    body: { username: values.username, password },
  });
  const network = await loadSimulationNetworkFromApi(serverUrl, login.token);
  const workerLimit = optionalNumber('workers', values.workers) ?? network.workers.length;
  const workers = network.workers.slice(0, workerLimit);
  if (workers.length === 0)
    throw new Error(`no workers visible to ${values.username} at ${serverUrl}`);

  const issued: IssuedDeviceToken[] = [];
  const revokeIssued = async () => {
    for (const device of issued.splice(0)) {
      await call('DELETE', new URL(`${DEVICES_API_PATH}/${device.deviceId}`, serverUrl), {
        token: login.token,
      }).catch((error: unknown) =>
        console.error(`could not revoke device ${device.deviceId}:`, error),
      );
    }
  };
  try {
    for (const worker of workers) {
      const body: IssueDeviceTokenRequest = { workerId: worker.workerId, label: DEVICE_LABEL };
      issued.push(
        await call<IssuedDeviceToken>('POST', new URL(DEVICES_API_PATH, serverUrl), {
          token: login.token,
          body,
        }),
      );
    }
  } catch (error) {
    await revokeIssued();
    throw error;
  }

  const simulator = await startSimulator({
    serverUrl,
    devices: issued.map((device) => ({ workerId: device.workerId, token: device.token })),
    network,
    seed: optionalNumber('seed', values.seed),
    fixIntervalMs: optionalNumber('interval', values.interval),
    backfillMinutes: optionalNumber('backfill', values.backfill),
    faults: values['no-faults'] ? NO_FAULTS : undefined,
    log: (line) => console.log(line),
  });
  console.log(`模拟设备 Simulated feed (demo data): ${issued.length} workers → ${serverUrl}`);
  const statsTimer = setInterval(
    () => console.log(formatSimulatorStats(simulator.stats())),
    STATS_EVERY_MS,
  );

  let stopping = false;
  const shutdown = () => {
    // Idempotent, and `on` rather than `once`: a second Ctrl-C (tsx relays signals to its child)
    // must not kill the process before the tokens are revoked.
    if (stopping) return;
    stopping = true;
    clearInterval(statsTimer);
    void simulator
      .stop()
      .then(revokeIssued)
      .then(() => {
        console.log(formatSimulatorStats(simulator.stats()));
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
