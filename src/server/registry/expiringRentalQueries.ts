/**
 * Leases (出租房屋) and residence permits (居住证) that end within a range of calendar days
 * (YYYY-MM-DD, compared as text), per base grid and inside the caller's scope: the lists a grid
 * worker follows up. The adapters are store/expiringQueries.ts and
 * store/pg/postgresExpiringRentalQueries.ts, checked by expiringRentalQueries.contract.test.ts.
 */
export interface ExpiringLease {
  leaseId: number;
  gridCode: string;
  address: string;
  roomLabel: string;
  landlordName: string;
  tenants: string;
  startDate: string;
  endDate: string;
}

export interface ExpiringPermit {
  personId: number;
  gridCode: string;
  name: string;
  address: string;
  roomLabel: string;
  permitExpires: string;
}

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
