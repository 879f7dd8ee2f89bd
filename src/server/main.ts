/**
 * `npm run serve`: the service on PORT (default 8080), host HOST (default 127.0.0.1), reading
 * $DATA_DIR/district.sqlite (default ./data), or the PostgreSQL database DATABASE_URL names (its
 * data key still in $DATA_DIR unless DATA_KEY or DATA_KEY_FILE), and tilesets from TILESETS_DIR
 * (default ./tilesets).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { revealLimitFromEnv } from './audit/revealGuard';
import { createServer } from './createServer';
import { trustProxyFromEnv } from './http/trustProxy';
import { tlsFromEnv } from './config/tlsConfig';
import { databaseConfigFromEnv } from './store/databaseConfig';

const DEFAULT_PORT = 8080;
const DEFAULT_DATA_DIR = './data';
export const DB_FILE_NAME = 'district.sqlite';

/** SEARCH_WORKERS: search worker threads; 0 runs searches on the event loop. */
function parseSearchWorkers(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`SEARCH_WORKERS must be a whole number, got ${text}`);
  return count;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = process.env.DATA_DIR ?? DEFAULT_DATA_DIR;
  const dbPath = join(dataDir, DB_FILE_NAME);
  const database = databaseConfigFromEnv(process.env);
  if (database.engine === 'sqlite' && !existsSync(dbPath)) {
    throw new Error(`no database at ${dbPath}: run \`npm start\` (or \`npm run generate\`) first`);
  }
  const server = await createServer({
    dbPath,
    database,
    dataDir,
    staticDir: process.env.STATIC_DIR,
    tilesetsDir: process.env.TILESETS_DIR,
    logger: true,
    trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY),
    revealLimitPerHour: revealLimitFromEnv(process.env.REVEAL_LIMIT_PER_HOUR),
    tls: tlsFromEnv(process.env),
    ...(process.env.SEARCH_WORKERS === undefined
      ? {}
      : { searchWorkers: parseSearchWorkers(process.env.SEARCH_WORKERS) }),
    ...(process.env.IMPORT_MAX_BYTES === undefined
      ? {}
      : { importMaxBytes: Number(process.env.IMPORT_MAX_BYTES) }),
  });
  const url = await server.listen(port, process.env.HOST);
  console.log(`grid command center listening on ${url}`);
  const secureUrl = server.secureUrl();
  if (secureUrl !== null) console.log(`HTTPS for phones on ${secureUrl}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
