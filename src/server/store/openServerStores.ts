/**
 * The stores of the engine the server is configured for (docs/decisions/0040): the SQLite file
 * at `dbPath` without DATABASE_URL, else PostgreSQL.
 */
import { databaseConfigFromEnv, type DatabaseConfig } from './databaseConfig';
import { postgresServerStores } from './pg/postgresServerStores';
import { sqliteServerStores, type ServerStores } from './serverStores';

export async function openServerStores(options: {
  /** The SQLite file (required without a PostgreSQL configuration). */
  dbPath?: string;
  /** Default: DATABASE_URL. */
  database?: DatabaseConfig;
  /** Where the data key lives on PostgreSQL ($DATA_DIR; on SQLite, the file's folder). */
  dataDir?: string;
}): Promise<ServerStores> {
  const database = options.database ?? databaseConfigFromEnv(process.env);
  if (database.engine === 'postgres') {
    if (options.dataDir === undefined) {
      throw new Error(
        'a server on PostgreSQL needs its data folder (DATA_DIR): the data key, uploads',
      );
    }
    return postgresServerStores({ url: database.url, dataDir: options.dataDir });
  }
  if (options.dbPath === undefined) {
    throw new Error('no database: set DATABASE_URL or give the SQLite file (DATA_DIR)');
  }
  return sqliteServerStores(options.dbPath);
}
