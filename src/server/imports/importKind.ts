/**
 * The contract every import kind keeps (grids, buildings, registers, rentals, workers), so that the CLI
 * (`npm run import`), the HTTP upload routes and the admin page "数据导入" drive them alike.
 * A kind reads a file it is given a path to, streams it (never the whole file in memory where
 * the format allows), checks every row or feature, and either previews (dry run) or commits in
 * one transaction: nothing is half-written.
 */
import type Database from 'better-sqlite3';
import type { Crs } from '../../domain/geo/crs';
import type { PostgresPool } from '../store/pg/postgresPool';
import type { IdentifierSealer } from '../store/sealedIdentifiers';

export type ImportKindName =
  | 'grids'
  | 'buildings'
  | 'registers'
  | 'rentals'
  | 'workers'
  // emergency records (docs/decisions/0034)
  | 'hazards'
  | 'resources'
  | 'shelters'
  | 'sensors'
  | 'videos'
  | 'plans';

/** One problem found in a file, named so that a person can find and fix it. */
export interface ImportProblem {
  /** 1-based data row (tables) or feature index (GeoJSON/Shapefile); null for the whole file. */
  row: number | null;
  /** The feature's own id or code where it has one. */
  feature?: string;
  /** The column or field, as named in the file. */
  column?: string;
  /** A stable machine code, e.g. `id-check-digit`, `grid-overlap`. */
  code: string;
  messageZh: string;
  messageEn: string;
  /** Refused (the row is not written) or only a warning (written). */
  severity: 'error' | 'warning';
  /** Where a spatial problem lies (WGS84), so a preview can draw it; absent for table rows. */
  where?: ImportProblemPlace;
}

/** The region a spatial problem concerns: its bounds, area (m², 0 for points) and shape. */
export interface ImportProblemPlace {
  bbox: [west: number, south: number, east: number, north: number];
  areaM2: number;
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] }
    | { type: 'MultiPoint'; coordinates: number[][] };
}

/** What would change (dry run) or what changed (commit). */
export interface ImportChanges {
  created: number;
  updated: number;
  moved: number;
  unchanged: number;
}

export interface ImportOptions {
  /** Coordinate system of the file's coordinates (ignored by table kinds without coordinates). */
  crs: Crs;
  dryRun: boolean;
  /** Column mapping: target field → the file's column name; unset fields are auto-detected. */
  mapping?: Readonly<Record<string, string>>;
  /** Username of who imports (audited). */
  actor: string;
  /** Called now and then with rows done and the total when known. */
  onProgress?: (done: number, total: number | null) => void;
  /** A stop signal: the kind stops reading and writes nothing. */
  signal?: AbortSignal;
  /** The file's SHA-256 where the caller has it already (runImport): not read again for it. */
  fileSha256?: string;
}

export interface ImportSummary {
  kind: ImportKindName;
  /** Data rows or features read. */
  rows: number;
  accepted: number;
  rejected: number;
  changes: ImportChanges;
  /** Every problem found (the framework writes them to the error file). */
  problems: ImportProblem[];
  /** Column mapping used (detected or given): target field → file column. */
  mapping: Record<string, string>;
  /** Set when committed and the kind supports rollback (`registers`, `rentals`). */
  batchId: string | null;
  dryRun: boolean;
}

/** A PostgreSQL database an import writes into, with the key its identifiers are sealed with. */
export interface PostgresImportTarget {
  pool: PostgresPool;
  sealer: IdentifierSealer;
}

/** Where an import writes: the SQLite file, or PostgreSQL (docs/decisions/0040). */
export type ImportTarget =
  { engine: 'sqlite'; db: Database.Database } | ({ engine: 'postgres' } & PostgresImportTarget);

export interface ImportKind {
  name: ImportKindName;
  /** File name endings it reads, lower case without the dot: `geojson`, `zip`, `csv`, `xlsx`. */
  accepts: readonly string[];
  /** Target fields a mapping may name, with the Chinese and English label for the preview. */
  fields: ReadonlyArray<{ key: string; zh: string; en: string; required: boolean }>;
  run(db: Database.Database, filePath: string, options: ImportOptions): Promise<ImportSummary>;
  /** The same import into PostgreSQL, where the kind has it (runImport refuses the others). */
  runPostgres?(
    target: PostgresImportTarget,
    filePath: string,
    options: ImportOptions,
  ): Promise<ImportSummary>;
}
