/**
 * Leases (出租房屋) and residence permits (居住证) that end within a range of calendar days
 * (YYYY-MM-DD, compared as text), per base grid and inside the caller's scope: the lists a grid
 * worker follows up. The adapters are store/expiringQueries.ts and
 * store/pg/postgresExpiringRentalQueries.ts, checked by expiringRentalQueries.contract.test.ts.
 */
import type { ExpiringListsWire } from '../../shared/imports';

/** A lease as the expiring list shows it (the wire's own shape). */
export type ExpiringLease = ExpiringListsWire['leases'][number];
/** A residence permit as the expiring list shows it. */
export type ExpiringPermit = ExpiringListsWire['permits'][number];

/** Most rows of each list. */
export const MAX_EXPIRING_ROWS = 1_000;

export interface ExpiringRentalQueries {
  /**
   * Both lists as of one snapshot, each by end date, then grid code, then id; `grid`, when
   * given, keeps to that grid's subtree.
   */
  listExpiring(
    range: { from: string; to: string },
    grid: string | null,
    scopes: readonly string[],
  ): Promise<{ leases: ExpiringLease[]; permits: ExpiringPermit[] }>;
}
