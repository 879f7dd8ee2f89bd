/**
 * The PostgreSQL UsedProofs (migration 0004_limits.sql), checked with the SQLite one by
 * incidents/usedProofs.contract.test.ts. Taking is one INSERT … ON CONFLICT DO NOTHING: of two
 * nodes racing with the same proof, one inserts and the other waits on the key, then is refused.
 */
import type { UsedProofs } from '../../incidents/residentReportGuard';
import type { PostgresPool } from './postgresPool';

export class PostgresUsedProofs implements UsedProofs {
  constructor(private readonly pool: PostgresPool) {}

  async isUsed(stamp: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM used_resident_proofs WHERE stamp = $1',
      [stamp],
    );
    return rowCount === 1;
  }

  async take(stamp: string, forgetAtMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO used_resident_proofs (stamp, forget_at_ms) VALUES ($1, $2) ' +
        'ON CONFLICT (stamp) DO NOTHING',
      [stamp, forgetAtMs],
    );
    return rowCount === 1;
  }

  async forgetBefore(nowMs: number): Promise<void> {
    await this.pool.query('DELETE FROM used_resident_proofs WHERE forget_at_ms < $1', [nowMs]);
  }
}
