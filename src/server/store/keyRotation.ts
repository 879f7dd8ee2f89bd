/**
 * `npm run keys:rotate`: re-encrypts every sealed value and recomputes every lookup index with a
 * new data key, then makes it the current key. Stop the server first (it holds the old key).
 *
 * Crash safety: the new key is written to `<key>.next` (0600) before anything is re-encrypted;
 * the re-encryption is one transaction; only then is `<key>.next` renamed over the key and the
 * old key kept as `<key>.retired-<time>` (delete it once no backup needs it). Until the rename,
 * loading the key also loads `<key>.next`, and running the command again finishes the job.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from './openDatabase';
import {
  DataKeyError,
  IdentifierSealer,
  NEXT_KEY_SUFFIX,
  type SealedField,
} from './sealedIdentifiers';
import {
  keySourceOf,
  loadIdentifierSealer,
  newDataKeyText,
  parseDataKey,
  useIdentifierSealer,
  writeKeyFile,
} from './dataKeyFiles';

export interface RotationReport {
  keyPath: string;
  retiredKeyPath: string;
  newKeyId: string;
  persons: number;
  workers: number;
  reporters: number;
}

type Row = Record<string, unknown>;

export function rotateDataKey(
  dbPath: string,
  env: NodeJS.ProcessEnv = process.env,
): RotationReport {
  const dataDir = dirname(dbPath);
  const source = keySourceOf(dataDir, env);
  if (source.kind === 'env')
    throw new DataKeyError(
      '密钥来自环境变量 DATA_KEY，无法轮换；请改用 DATA_KEY_FILE / the key comes from DATA_KEY: set DATA_KEY_FILE to rotate',
    );
  const keyPath = source.path!;
  if (!existsSync(keyPath)) throw new DataKeyError(`找不到数据密钥 / no data key at ${keyPath}`);
  const nextPath = keyPath + NEXT_KEY_SUFFIX;
  if (!existsSync(nextPath)) writeKeyFile(nextPath, newDataKeyText());
  const oldSealer = loadIdentifierSealer(dataDir, { create: false, env });
  const oldKey = parseDataKey(readFileSync(keyPath, 'utf8'));
  const newKey = parseDataKey(readFileSync(nextPath, 'utf8'));
  const newSealer = new IdentifierSealer(newKey, [oldKey]);

  const db = openDatabase(dbPath);
  useIdentifierSealer(db, newSealer);
  let persons = 0;
  let reporters = 0;
  let workers = 0;
  try {
    db.transaction(() => {
      const update = db.prepare(
        'UPDATE persons SET id_number_sealed = ?, id_number_index = ?, id_number_masked = ?, ' +
          'phone_sealed = ?, phone_index = ?, phone_masked = ? WHERE id = ?',
      );
      const rows = db
        .prepare('SELECT id, id_number_sealed, phone_sealed FROM persons')
        .all() as Row[];
      for (const row of rows) {
        const clear = oldSealer.openPerson({
          idNumberSealed: row.id_number_sealed as Buffer,
          phoneSealed: (row.phone_sealed ?? null) as Buffer | null,
        });
        const sealed = newSealer.sealPerson(clear);
        update.run(
          sealed.idNumberSealed,
          sealed.idNumberIndex,
          sealed.idNumberMasked,
          sealed.phoneSealed,
          sealed.phoneIndex,
          sealed.phoneMasked,
          row.id,
        );
        persons++;
      }
      const updateWorker = db.prepare(
        'UPDATE workers SET phone_sealed = ?, phone_index = ?, phone_masked = ? WHERE id = ?',
      );
      const workerRows = db.prepare('SELECT id, phone_sealed FROM workers').all() as Row[];
      for (const row of workerRows) {
        const phone = oldSealer.open('worker_phone', row.phone_sealed as Buffer);
        updateWorker.run(...newSealer.sealWorkerPhone(phone), row.id);
        workers++;
      }
      const reseal = (field: SealedField, blob: unknown) =>
        newSealer.seal(field, oldSealer.open(field, blob as Buffer));
      const updateReporter = db.prepare(
        'UPDATE incident_reporters SET name_sealed = ?, phone_sealed = ?, email_sealed = ? ' +
          'WHERE incident_id = ?',
      );
      const reporterRows = db
        .prepare(
          'SELECT incident_id, name_sealed, phone_sealed, email_sealed FROM incident_reporters',
        )
        .all() as Row[];
      for (const row of reporterRows) {
        updateReporter.run(
          reseal('reporter_name', row.name_sealed),
          reseal('reporter_phone', row.phone_sealed),
          reseal('reporter_email', row.email_sealed),
          row.incident_id,
        );
        reporters++;
      }
      // Phones and ID numbers carried by the phones' change requests (docs/decisions/0025).
      const requestRows = db
        .prepare('SELECT id, phone_sealed, id_number_sealed FROM register_requests')
        .all() as Row[];
      const updateRequest = db.prepare(
        'UPDATE register_requests SET phone_sealed = ?, id_number_sealed = ? WHERE id = ?',
      );
      for (const row of requestRows) {
        updateRequest.run(
          row.phone_sealed === null ? null : reseal('phone', row.phone_sealed),
          row.id_number_sealed === null ? null : reseal('id_number', row.id_number_sealed),
          row.id,
        );
      }
      // Contact phones of emergency resources and hazard sources (docs/decisions/0034).
      const updateContact = db.prepare(
        'UPDATE emergency_records SET contact_sealed = ? WHERE id = ?',
      );
      const contactRows = db
        .prepare(
          'SELECT id, contact_sealed FROM emergency_records WHERE contact_sealed IS NOT NULL',
        )
        .all() as Row[];
      for (const row of contactRows) {
        updateContact.run(reseal('emergency_contact', row.contact_sealed), row.id);
      }
      // Numbers waiting in the emergency message outbox (docs/decisions/0037).
      const updateOutbox = db.prepare(
        'UPDATE message_outbox SET phone_sealed = ?, phone_index = ? WHERE id = ?',
      );
      const outboxRows = db.prepare('SELECT id, phone_sealed FROM message_outbox').all() as Row[];
      for (const row of outboxRows) {
        const phone = oldSealer.open('phone', row.phone_sealed as Buffer);
        updateOutbox.run(newSealer.seal('phone', phone), newSealer.index('phone', phone), row.id);
      }
    })();
    // Values sealed with the old key stay in free pages and the WAL until both are rewritten.
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const retiredKeyPath = `${keyPath}.retired-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(keyPath, retiredKeyPath);
  renameSync(nextPath, keyPath);
  return { keyPath, retiredKeyPath, newKeyId: newSealer.keyId, persons, workers, reporters };
}
