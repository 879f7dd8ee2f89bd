import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The suites that start the real server (startTestServer, or the cluster's child processes):
 * `npm test` runs them a second time with the server on PostgreSQL (TEST_ENGINE=postgres, see
 * src/server/testing/testServer.ts), so the server's behaviour is checked on both engines.
 */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every node suite's path and text, read once for the filters below. */
const NODE_SUITES = [...testFiles('src'), ...testFiles('scripts')].map((path) => ({
  path,
  text: readFileSync(path, 'utf8'),
}));
const SERVER_SUITES = NODE_SUITES.filter(
  ({ path, text }) => path.startsWith('src') && /startTestServer\(|TEST_ENGINE/.test(text),
).map(({ path }) => path);

/**
 * The node suites run without isolation (`isolate: false`): each of the two workers imports the
 * server's modules once and runs file after file in one process, instead of a fresh process and a
 * fresh import (~1 s a file, 480 s summed) per file: the unit and server-postgres phase went from
 * 919 s to 644 s here. A suite that changes what the process shares — the environment, a module
 * mock, a global, the working directory — would leak into the files after it, so any file whose
 * text does any of that runs isolated, in the `-isolated` projects (found here, not listed by hand).
 * So does a suite that bounds wall-clock latency and says so with `@isolated` in its text: a
 * shared worker's heap grows to 300-450 MB over the files before (measured with --logHeapUsage),
 * and its collections then land inside the measured window (a device's ack bound failed once).
 */
const PROCESS_STATE_CHANGE =
  /process\.env(\.[A-Z_]+|\[[^\]]+\])\s*=[^=]|delete process\.env|Object\.assign\(process\.env|vi\.(mock|doMock|stubGlobal|stubEnv|resetModules)\(|process\.chdir\(|@isolated\b/;
const ISOLATED_SUITES = NODE_SUITES.filter(({ text }) => PROCESS_STATE_CHANGE.test(text)).map(
  ({ path }) => path,
);

/**
 * A node project as two: `name` without isolation over `include`, and `name`-isolated over
 * `isolated` (those of its suites in ISOLATED_SUITES).
 */
function sharedAndIsolated(
  name: string,
  include: string[],
  isolated: string[],
  options: { exclude?: string[]; env?: Record<string, string> } = {},
) {
  const common = {
    environment: 'node' as const,
    globalSetup: [POSTGRES_TEMPLATES],
    env: options.env,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  };
  const exclude = options.exclude ?? [];
  return [
    {
      test: { ...common, name, include, exclude: [...exclude, ...ISOLATED_SUITES], isolate: false },
    },
    {
      test: {
        ...common,
        name: `${name}-isolated`,
        include: isolated,
        exclude,
      },
    },
  ];
}

/** Suites of SQLite's own tools, which have no PostgreSQL counterpart of ours. */
const SQLITE_ONLY_SUITES = [
  // The online backup of the SQLite file (`npm run backup`); PostgreSQL's is pg_dump's.
  'src/server/store/databaseBackup.test.ts',
  // Search worker threads reading the SQLite file; on PostgreSQL searches run in the database.
  'src/server/search/searchPool.test.ts',
];

/**
 * Browser suites run again with the server on PostgreSQL: those whose pages read and write what
 * differs most by engine without drawing the globe (register requests, residents' and workers'
 * reports, the phone's tasks, the hotline's address search). The rest draw the same globe from
 * the same answers, and the server's own suites cover their routes on both engines
 * (server-postgres); all of them again would add about 12 minutes to `npm test` on these two
 * cores. E2E_POSTGRES_ALL=1 takes every browser suite (decision 0040's e2e bullet says which
 * passed there).
 */
const E2E_POSTGRES_SUITES =
  process.env.E2E_POSTGRES_ALL === '1'
    ? ['e2e/**/*.test.ts']
    : [
        'e2e/hotline.test.ts',
        'e2e/phone.test.ts',
        'e2e/phoneReport.test.ts',
        'e2e/registerRequest.test.ts',
        'e2e/resident.test.ts',
      ];

/** Drops the migrated template PostgreSQL test databases are cloned from, at the run's end. */
const POSTGRES_TEMPLATES = 'src/server/testing/postgresTemplates.ts';

export default defineConfig({
  test: {
    reporters: ['default', './scripts/test/summaryReporter.ts'],
    projects: [
      ...sharedAndIsolated('unit', ['src/**/*.test.ts', 'scripts/**/*.test.ts'], ISOLATED_SUITES),
      ...sharedAndIsolated(
        'server-postgres',
        SERVER_SUITES,
        SERVER_SUITES.filter((path) => ISOLATED_SUITES.includes(path)),
        { exclude: SQLITE_ONLY_SUITES, env: { TEST_ENGINE: 'postgres' } },
      ),
      {
        // Panels with logic, rendered in happy-dom (no WebGL: globe code stays out of these).
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['src/**/*.test.tsx'],
          setupFiles: ['src/client/widgets/testing/componentSetup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        // The browser suites again with the server on PostgreSQL (e2e/globalSetup.ts).
        test: {
          name: 'e2e-postgres',
          environment: 'node',
          include: E2E_POSTGRES_SUITES,
          globalSetup: ['e2e/globalSetupPostgres.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
