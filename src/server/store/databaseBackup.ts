/**
 * Backup and restore of the district database while the server runs (`npm run backup`,
 * `npm run restore`), through SQLite's online backup API: the copy is one consistent snapshot
 * (a write by another connection during the copy restarts it), taken without stopping writers.
 * A backup is checked before it is trusted: integrity, the audit chain, and that the data key
 * opens its sealed identifiers. The key is not copied into the backup: keep it apart from it.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { verifyAuditChain, type AuditChainReport } from './auditChain';
import { DATA_FILE_MODE, restrictDatabaseFiles, restrictNewFileModes } from './fileModes';
import { openDatabase } from './openDatabase';
import { type IdentifierSealer } from './sealedIdentifiers';
import { loadIdentifierSealer } from './dataKeyFiles';

/** After the first step, copy everything left in one step: a restart then costs one pass. */
const PAGES_PER_STEP = 1 << 30;

export interface BackupCheck {
  path: string;
  integrity: string;
  auditChain: AuditChainReport;
  /** Sealed person identifiers the key opened (a sample; 0 when the register is empty). */
  sealedOpened: number;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const SEALED_SAMPLE = 100;

/** Checks a database file (a backup, or a restored copy) with the data key `sealer`. */
export function checkDatabaseFile(path: string, sealer: IdentifierSealer): BackupCheck {
  const db = new Database(path, { readonly: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const auditChain = verifyAuditChain(db);
    const sample = db
      .prepare(
        `SELECT id_number_sealed, phone_sealed FROM persons ORDER BY id LIMIT ${SEALED_SAMPLE}`,
      )
      .all() as { id_number_sealed: Buffer; phone_sealed: Buffer | null }[];
    let sealedOpened = 0;
    for (const row of sample) {
      try {
        sealer.openPerson({ idNumberSealed: row.id_number_sealed, phoneSealed: row.phone_sealed });
        sealedOpened++;
      } catch {
        throw new BackupError(
          `${path}：数据密钥无法解密身份信息 / the data key does not open the identifiers in ${path}`,
        );
      }
    }
    return { path, integrity, auditChain, sealedOpened };
  } finally {
    db.close();
  }
}

/** Copies the live database at `dbPath` to `destPath` (0600) and checks the copy. */
export async function backupDatabase(dbPath: string, destPath: string): Promise<BackupCheck> {
  restrictNewFileModes();
  if (!existsSync(dbPath)) throw new BackupError(`没有数据库 / no database at ${dbPath}`);
  if (existsSync(destPath)) throw new BackupError(`备份已存在 / ${destPath} already exists`);
  mkdirSync(dirname(destPath), { recursive: true });
  const source = openDatabase(dbPath);
  try {
    await source.backup(destPath, { progress: () => PAGES_PER_STEP });
  } finally {
    source.close();
  }
  chmodSync(destPath, DATA_FILE_MODE);
  const check = checkDatabaseFile(
    destPath,
    loadIdentifierSealer(dirname(dbPath), { create: false }),
  );
  if (check.integrity !== 'ok' || !check.auditChain.ok)
    throw new BackupError(`备份校验失败 / the backup failed its check: ${JSON.stringify(check)}`);
  return check;
}

/**
 * Replaces the database at `dbPath` with the backup at `backupPath`, after checking the backup
 * with the data key of `dbPath`'s folder. Stop the server first: it keeps state in memory.
 */
export async function restoreDatabase(backupPath: string, dbPath: string): Promise<BackupCheck> {
  restrictNewFileModes();
  if (!existsSync(backupPath)) throw new BackupError(`没有备份文件 / no backup at ${backupPath}`);
  const sealer = loadIdentifierSealer(dirname(dbPath), { create: false });
  const check = checkDatabaseFile(backupPath, sealer);
  if (check.integrity !== 'ok' || !check.auditChain.ok)
    throw new BackupError(`备份校验失败 / the backup failed its check: ${JSON.stringify(check)}`);
  mkdirSync(dirname(dbPath), { recursive: true });
  const backup = new Database(backupPath, { readonly: true });
  try {
    // Written through SQLite's pager, so a WAL beside the old file is taken care of.
    await backup.backup(dbPath, { progress: () => PAGES_PER_STEP });
  } finally {
    backup.close();
  }
  openDatabase(dbPath).close();
  restrictDatabaseFiles(dbPath);
  return check;
}
