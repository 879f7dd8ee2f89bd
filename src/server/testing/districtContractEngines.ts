/**
 * Contract engines over one synthetic district (docs/decisions/0040-postgresql.md): the district
 * is written once per test file with the SQLite tools (plus what the suite seeds), and every case
 * opens a fresh copy of it: SQLite a copy of the file, PostgreSQL the same rows copied into its
 * emptied tables (testing/copySqliteToPostgres.ts). Both engines answer over the same rows, and a
 * case that writes leaves nothing for the next. Test support only.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import type { PostgresPool } from '../store/pg/postgresPool';
import {
  postgresContractEngine,
  sqliteContractEngine,
  type ContractEngine,
} from './contractEngines';
import { copySqliteToPostgres, DISTRICT_TABLES } from './copySqliteToPostgres';
import {
  writeSyntheticDistrict,
  type SyntheticDistrictSize,
  type SyntheticDistrictSummary,
} from './syntheticDistrict';

export interface DistrictEngineOptions<Opened> {
  label: string;
  size: SyntheticDistrictSize;
  /** Writes the suite's own rows into the district (once, before any case). */
  seed?(db: SqliteDatabase, district: SyntheticDistrictSummary): void;
  /** Tables the suite's own rows live in, besides the district's (parents first). */
  tables?: readonly string[];
  /** Pools and clients per pool on PostgreSQL (as postgresContractEngine). */
  pools?: number;
  poolSize?: number;
  sqlite(db: SqliteDatabase): Opened;
  postgres(pools: readonly PostgresPool[]): Opened;
}

export interface DistrictEngines<Opened> {
  engines: ContractEngine<Opened>[];
  /** The district as written (valid once an engine is prepared). */
  district(): SyntheticDistrictSummary;
}

export function districtContractEngines<Opened>(
  options: DistrictEngineOptions<Opened>,
): DistrictEngines<Opened> {
  const dir = mkdtempSync(join(tmpdir(), `gcc-${options.label}-district-`));
  const template = join(dir, 'district.sqlite');
  let summary: SyntheticDistrictSummary | null = null;
  const tables = [...new Set([...DISTRICT_TABLES, ...(options.tables ?? [])])];

  let preparedEngines = 0;
  const writeTemplate = (): void => {
    preparedEngines++;
    if (summary !== null) return;
    mkdirSync(dir, { recursive: true });
    summary = writeSyntheticDistrict(template, options.size);
    const db = openDatabase(template);
    try {
      options.seed?.(db, summary);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  };

  const sqlite = sqliteContractEngine<Opened>(options.label, (path) => {
    copyFileSync(template, path);
    return options.sqlite(openDatabase(path));
  });
  const postgres = postgresContractEngine<readonly PostgresPool[]>({
    tables,
    pools: options.pools ?? 1,
    poolSize: options.poolSize ?? 2,
    open: (pools) => pools,
  });

  /** The last engine disposed removes the template (a later prepare writes it again). */
  const releaseTemplate = (): void => {
    if (--preparedEngines > 0) return;
    rmSync(dir, { recursive: true, force: true });
    summary = null;
  };

  const engines: ContractEngine<Opened>[] = [
    {
      name: sqlite.name,
      prepare: async () => writeTemplate(),
      open: () => sqlite.open(),
      async dispose() {
        await sqlite.dispose();
        releaseTemplate();
      },
    },
    {
      name: postgres.name,
      async prepare() {
        writeTemplate();
        await postgres.prepare();
      },
      async open() {
        const pools = await postgres.open();
        const db = openDatabase(template);
        try {
          await copySqliteToPostgres(db, pools[0]!, tables);
        } finally {
          db.close();
        }
        return options.postgres(pools);
      },
      async dispose() {
        await postgres.dispose();
        releaseTemplate();
      },
    },
  ];
  return {
    engines,
    district: () => {
      if (summary === null) throw new Error('no engine prepared yet');
      return summary;
    },
  };
}
