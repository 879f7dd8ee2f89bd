/**
 * The engines a repository's contract suite runs on (docs/decisions/0040-postgresql.md), for
 * `describe.each`: SQLite on a file of its own per case, and PostgreSQL in a database of the test
 * file's own, migrated once, its tables emptied before each case. A suite gives what it opens on
 * each (its repositories over the file, or over the pools). Test support only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresPool, type PostgresPool } from '../store/pg/postgresPool';
import { createMigratedTestPostgres, type TestPostgres } from './testPostgres';

export interface ContractEngine<Opened> {
  name: string;
  /** Once per file (beforeAll). */
  prepare(): Promise<void>;
  /** Once per case (beforeEach): a store as fresh as a new district's. */
  open(): Promise<Opened>;
  /** Once per file (afterAll), after a failed case too. */
  dispose(): Promise<void>;
}

/** An implementation in one process's memory, for a contract it shares with the engines. */
export function memoryContractEngine<Opened>(open: () => Opened): ContractEngine<Opened> {
  return {
    name: 'memory',
    prepare: async () => {},
    open: async () => open(),
    dispose: async () => {},
  };
}

/** `open(path)`: the suite's repositories over a new SQLite file at `path`. */
export function sqliteContractEngine<Opened>(
  label: string,
  open: (path: string) => Opened,
): ContractEngine<Opened> {
  const dir = mkdtempSync(join(tmpdir(), `gcc-${label}-contract-`));
  let opened = 0;
  return {
    name: 'SQLite',
    prepare: async () => {},
    open: async () => open(join(dir, `store-${++opened}.sqlite`)),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface PostgresContractOptions<Opened> {
  /** Emptied before each case (with the tables that refer to them). */
  tables: readonly string[];
  /** Pools of the code under test (two: as two server nodes would hold them). */
  pools?: number;
  /** Clients per pool: calls at once really run at once on as many. */
  poolSize: number;
  /** Once, after the migrations: what the migrations do not make yet. */
  setUp?(database: TestPostgres): Promise<void>;
  /** A Promise where opening writes something first (rows the case starts from). */
  open(pools: readonly PostgresPool[]): Opened | Promise<Opened>;
}

export function postgresContractEngine<Opened>(
  options: PostgresContractOptions<Opened>,
): ContractEngine<Opened> {
  let database: TestPostgres | null = null;
  let pools: PostgresPool[] = [];
  return {
    name: 'PostgreSQL',
    async prepare() {
      database = await createMigratedTestPostgres();
      await options.setUp?.(database);
      const url = database.url;
      pools = Array.from({ length: options.pools ?? 1 }, () =>
        createPostgresPool(url, options.poolSize),
      );
    },
    async open() {
      // A read-only suite names none: its rows stay from setUp.
      if (options.tables.length > 0)
        await pools[0]!.query(`TRUNCATE ${options.tables.join(', ')} RESTART IDENTITY CASCADE`);
      return options.open(pools);
    },
    async dispose() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database?.drop();
    },
  };
}
