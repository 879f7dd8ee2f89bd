/**
 * The PostgreSQL RevealCounter, checked with the SQLite one by audit/revealCounter.contract.test.ts:
 * a user's reveals in a time window, read straight from the audit log (`at` as ISO text, as
 * schema.sql keeps it, indexed by user and time; migration 0007). What decides a reveal is the
 * count its own audit append takes under the chain's lock (postgresAuditRepository.ts): this one
 * refuses early and says when the next reveal is allowed.
 */
import type { RevealCounter } from '../../audit/revealGuard';
import type { PostgresPool } from './postgresPool';

const IN_WINDOW = 'FROM audit_log WHERE username = $1 AND at >= $2 AND action = ANY($3::text[])';

export class PostgresRevealCounter implements RevealCounter {
  constructor(private readonly pool: PostgresPool) {}

  async countSince(
    username: string,
    actions: readonly string[],
    sinceIso: string,
  ): Promise<number> {
    const { rows } = await this.pool.query(`SELECT COUNT(*) AS n ${IN_WINDOW}`, [
      username,
      sinceIso,
      actions,
    ]);
    return Number((rows as Array<{ n: number }>)[0]?.n ?? 0);
  }

  /** Oldest counted reveal in the window (ISO), to say when the next one is allowed. */
  async oldestSince(
    username: string,
    actions: readonly string[],
    sinceIso: string,
  ): Promise<string | null> {
    const { rows } = await this.pool.query(`SELECT MIN(at) AS at ${IN_WINDOW}`, [
      username,
      sinceIso,
      actions,
    ]);
    return (rows as Array<{ at: string | null }>)[0]?.at ?? null;
  }
}
