/**
 * The PostgreSQL LeaseStore (migration 0004_limits.sql), checked with the SQLite one by
 * cluster/leaseStore.contract.test.ts. Taking or renewing is one upsert that only overwrites the
 * holder's own row or an expired one: INSERT … ON CONFLICT DO UPDATE … WHERE locks the row and
 * judges it as committed, so of two nodes racing for a free or expired lease exactly one wins,
 * and a live lease is refused to every other node until it expires.
 */
import type { LeaseStore } from '../../cluster/leaderLease';
import type { PostgresPool } from './postgresPool';

export class PostgresLeaseStore implements LeaseStore {
  constructor(private readonly pool: PostgresPool) {}

  async tryAcquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO cluster_leases AS lease (name, holder, expires_at_ms) VALUES ($1, $2, $3) ' +
        'ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, ' +
        'expires_at_ms = excluded.expires_at_ms ' +
        'WHERE lease.holder = excluded.holder OR lease.expires_at_ms <= $4',
      [name, holder, nowMs + ttlMs, nowMs],
    );
    return rowCount === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM cluster_leases WHERE name = $1 AND holder = $2', [
      name,
      holder,
    ]);
  }

  async holderOf(name: string, nowMs: number): Promise<string | null> {
    const { rows } = await this.pool.query(
      'SELECT holder FROM cluster_leases WHERE name = $1 AND expires_at_ms > $2',
      [name, nowMs],
    );
    return (rows as Array<{ holder: string }>)[0]?.holder ?? null;
  }
}
