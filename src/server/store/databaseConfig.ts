/**
 * Which engine holds the data (docs/decisions/0040-postgresql.md). Without DATABASE_URL: the
 * embedded SQLite file, exactly as before. A `postgres://` URL names a PostgreSQL + PostGIS
 * database, which every repository of the server has an adapter for.
 */

export const DATABASE_URL_ENV = 'DATABASE_URL';

export type DatabaseConfig =
  | { engine: 'sqlite' }
  | {
      engine: 'postgres';
      url: string;
      host: string;
      port: number;
      database: string;
      user: string;
    };

const POSTGRES_DEFAULT_PORT = 5432;

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv): DatabaseConfig {
  const value = env[DATABASE_URL_ENV];
  if (value === undefined || value === '') return { engine: 'sqlite' };
  return parseDatabaseUrl(value);
}

export function parseDatabaseUrl(value: string): DatabaseConfig {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${DATABASE_URL_ENV} is not a URL (postgres://user@host:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(
      `${DATABASE_URL_ENV} must be a postgres:// or postgresql:// URL (unset: the embedded SQLite file), got ${url.protocol}//…`,
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new Error(
      `${DATABASE_URL_ENV} must name one database: postgres://user@host:port/database`,
    );
  }
  return {
    engine: 'postgres',
    url: value,
    host: url.hostname === '' ? 'localhost' : url.hostname,
    port: url.port === '' ? POSTGRES_DEFAULT_PORT : Number(url.port),
    database,
    user: decodeURIComponent(url.username) || 'postgres',
  };
}
