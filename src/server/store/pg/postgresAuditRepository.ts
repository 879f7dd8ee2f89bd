/**
 * The PostgreSQL AuditRepository (migration 0007's audit section), checked with the SQLite one by
 * audit/auditRepository.contract.test.ts. An append locks the anchor's row (FOR UPDATE) before it
 * reads the chain's head, in the transaction that inserts the row: appends from every node take
 * turns, each extending the head the one before it committed (without the lock two appends read
 * the same head and all but one fail on its id). A capped append (AuditRowLimit) counts under the
 * same lock, so the per-user reveal limit holds across nodes. The table's trigger refuses a row
 * that does not extend the chain, whoever writes it.
 */
import {
  AuditLimitReachedError,
  type AuditRecord,
  type AuditRepository,
  type AuditRowLimit,
  type NewAuditRecord,
  type RevealedIdentifiers,
} from '../../audit/auditRepository';
import type { PageRequest, PageResult } from '../../registry/registryRecords';
import { AUDIT_COLUMNS, CHAIN_COLUMNS, chainedRowValues, toAuditRecord } from '../auditChain';
import type { IdentifierSealer } from '../sealedIdentifiers';
import { inTransaction, type PostgresClient, type PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

/** Takes the chain's head for this transaction: held until COMMIT or ROLLBACK. */
async function lockChainHead(client: PostgresClient): Promise<void> {
  await client.query('SELECT 1 FROM audit_anchor WHERE one = 1 FOR UPDATE');
}

async function checkLimit(
  client: PostgresClient,
  username: string,
  limit: AuditRowLimit,
): Promise<void> {
  const { rows } = await client.query(
    'SELECT COUNT(*) AS n FROM audit_log WHERE username = $1 AND at >= $2 ' +
      'AND action = ANY($3::text[])',
    [username, limit.sinceIso, limit.actions],
  );
  const count = Number((rows as Row[])[0]!.n);
  if (count >= limit.limit) throw new AuditLimitReachedError(count);
}

/** Appends one row after the head; call with the head locked (lockChainHead). */
async function appendRow(client: PostgresClient, audit: NewAuditRecord): Promise<number> {
  const { rows } = await client.query(
    'SELECT COALESCE((SELECT id FROM audit_log ORDER BY id DESC LIMIT 1), last_deleted_id) AS id, ' +
      'COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), last_deleted_hash) AS hash ' +
      'FROM audit_anchor WHERE one = 1',
  );
  const head = (rows as Row[])[0]!;
  const id = Number(head.id) + 1;
  await client.query(
    `INSERT INTO audit_log (${CHAIN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    chainedRowValues(id, String(head.hash), audit),
  );
  return id;
}

/**
 * One audit row in a caller's own transaction (another repository's change that is audited with
 * it, as SQLite's callers do with SqliteAuditStore inside their transaction).
 */
export async function appendPostgresAuditRow(
  client: PostgresClient,
  audit: NewAuditRecord,
): Promise<number> {
  await lockChainHead(client);
  return appendRow(client, audit);
}

export class PostgresAuditRepository implements AuditRepository {
  constructor(
    private readonly pool: PostgresPool,
    private readonly sealer: IdentifierSealer,
  ) {}

  revealPersonIdentifiers(
    personId: number,
    audit: NewAuditRecord,
    limit: AuditRowLimit,
  ): Promise<RevealedIdentifiers | null> {
    return inTransaction(this.pool, async (client) => {
      await lockChainHead(client);
      await checkLimit(client, audit.username, limit);
      const { rows } = await client.query(
        'SELECT id_number_sealed, phone_sealed FROM persons WHERE id = $1',
        [personId],
      );
      const person = (rows as Row[])[0];
      if (person === undefined) return null;
      const revealed = this.sealer.openPerson({
        idNumberSealed: person.id_number_sealed as Buffer,
        phoneSealed: (person.phone_sealed ?? null) as Buffer | null,
      });
      return { ...revealed, auditId: await appendRow(client, audit) };
    });
  }

  recordAudit(audit: NewAuditRecord, limit?: AuditRowLimit): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await lockChainHead(client);
      if (limit !== undefined) await checkLimit(client, audit.username, limit);
      return appendRow(client, audit);
    });
  }

  async listAudit(page: PageRequest): Promise<PageResult<AuditRecord>> {
    const [total, items] = await Promise.all([
      this.pool.query('SELECT COUNT(*) AS n FROM audit_log'),
      this.pool.query(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2`,
        [page.pageSize, (page.page - 1) * page.pageSize],
      ),
    ]);
    return {
      total: Number((total.rows as Row[])[0]!.n),
      items: (items.rows as Row[]).map(toAuditRecord),
    };
  }
}
