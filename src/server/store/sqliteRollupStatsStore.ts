/**
 * SQLite adapter of CockpitStatsRepository that reads the rollups (statsRollupSchema.ts) instead
 * of the raw tables: an area is the fewest disjoint subtree roots of the selection inside the
 * scope, each a level code the rollups are kept for, so a street's refresh reads a few hundred
 * rows whatever the size of the register. Answers equal the GROUP BY adapter's
 * (sqliteCockpitStatsStore.ts); windows must start on district days, as the cockpit's do.
 */
import { DISTRICT_CODE_DIGITS } from '../../domain/gridCode';
import type { BirthYearCount } from '../../domain/statistics/ageBands';
import type { MovementCount, MovementKind } from '../../domain/statistics/movementMonths';
import type {
  BuildingKindStats,
  CodeCount,
  HotGrid,
  StepDuration,
} from '../../shared/cockpitStats';
import type {
  ClosureCounts,
  CockpitStatsRepository,
  StatsArea,
} from '../cockpit/cockpitStatsRepository';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import {
  birthYearCounts,
  bucketOfRank,
  buildingKindStats,
  codeCounts,
  countsSince,
  HOUSE_DIMS,
  requireDayStart,
  requireMonthStart,
  districtRoots,
  rootsOf,
  tagCounts,
  waitBucketsByState,
  waitSummaryOf,
  type RollupRow as Row,
  type WaitBucket,
} from './rollupStatsRows';
import { COCKPIT_STATS_METHODS } from './sqliteCockpitStatsStore';
import { StatementCache } from './statementCache';

type Param = string | number;

/**
 * The grids under the roots (a JSON list), in code order. Codes are digits, so `root || ':'`
 * bounds a root's subtree.
 */
const GRIDS_UNDER_ROOTS_SQL =
  'SELECT g.code FROM json_each(?) r ' +
  "JOIN grids g ON g.code >= r.value AND g.code < r.value || ':' ORDER BY g.code";

/** Which waits an area's p90 reads: `codeSql` in a JSON list of codes. */
interface WaitsWhere {
  codeSql: string;
  codes: string;
}

/** The rollups as the asynchronous repository the server reads (promisedMethods.ts). */
export function sqliteRollupStats(db: SqliteDatabase): CockpitStatsRepository {
  return promisedMethods(new SqliteRollupStatsStore(db), COCKPIT_STATS_METHODS);
}

export class SqliteRollupStatsStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  /**
   * Rows of `sql`, whose `{areas}` (the first parameters) becomes a placeholder list of the
   * area's roots; `params` follow them.
   */
  private all(area: StatsArea, sql: string, params: Param[]): Row[] {
    const roots = rootsOf(area);
    if (roots.length === 0) return [];
    const list = roots.map(() => '?').join(', ');
    return this.statements
      .get(sql.replaceAll('{areas}', `(${list})`))
      .all(...roots, ...params) as Row[];
  }

  private register(area: StatsArea, dim: string, extra = '', extraParams: Param[] = []): Row[] {
    const sql =
      'SELECT code, SUM(count) AS total FROM stats_register_rollup ' +
      `WHERE area IN {areas} AND dim = ? ${extra} GROUP BY code HAVING total > 0 ` +
      'ORDER BY total DESC, code';
    return this.all(area, sql, [dim, ...extraParams]);
  }

  private incidentsBy(area: StatsArea, dim: string, fromMs: number, orderAndLimit = ''): Row[] {
    const sql =
      'SELECT code, SUM(count) AS total FROM stats_incident_rollup ' +
      'WHERE area IN {areas} AND dim = ? AND day_ms >= ? GROUP BY code HAVING total > 0 ' +
      (orderAndLimit || 'ORDER BY total DESC, code');
    return this.all(area, sql, [dim, requireDayStart(fromMs)]);
  }

  private reportsPerDay(
    area: StatsArea,
    fromMs: number,
  ): Array<{ dayStartMs: number; count: number }> {
    const sql =
      'SELECT day_ms, SUM(count) AS total FROM stats_incident_rollup ' +
      "WHERE area IN {areas} AND dim = 'reported' AND day_ms >= ? GROUP BY day_ms " +
      'HAVING total > 0 ORDER BY day_ms';
    return this.all(area, sql, [requireDayStart(fromMs)]).map((row) => ({
      dayStartMs: Number(row.day_ms),
      count: Number(row.total),
    }));
  }

  countPersonsByCategory(area: StatsArea): CodeCount[] {
    return codeCounts(this.register(area, 'category'));
  }

  countPersonsByBirthYear(area: StatsArea): BirthYearCount[] {
    return birthYearCounts(this.register(area, 'birth'));
  }

  countPersonsByTag(area: StatsArea, tags: readonly string[]): CodeCount[] {
    if (tags.length === 0) return [];
    return tagCounts(this.register(area, 'tag'), tags);
  }

  countMovementsPerMonth(area: StatsArea, fromMs: number, toMs: number): MovementCount[] {
    const sql =
      'SELECT month_ms, kind, SUM(count) AS total FROM stats_movement_rollup ' +
      'WHERE area IN {areas} AND month_ms >= ? AND month_ms < ? GROUP BY month_ms, kind ' +
      'HAVING total > 0 ORDER BY month_ms, kind';
    const window = [requireMonthStart(fromMs), requireMonthStart(toMs)];
    return this.all(area, sql, window).map((row) => ({
      startMs: Number(row.month_ms),
      kind: String(row.kind) as MovementKind,
      count: Number(row.total),
    }));
  }

  countUnitsByBuildingKind(area: StatsArea): BuildingKindStats[] {
    const sql =
      'SELECT dim, code, SUM(count) AS total FROM stats_register_rollup ' +
      `WHERE area IN {areas} AND dim IN (${HOUSE_DIMS.map(() => '?').join(', ')}) ` +
      'GROUP BY dim, code';
    return buildingKindStats(this.all(area, sql, [...HOUSE_DIMS]));
  }

  countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): number[] {
    if (sinceMs.length === 0) return [];
    return countsSince(
      this.reportsPerDay(area, Math.min(...sinceMs.map(requireDayStart))),
      sinceMs,
    );
  }

  countIncidentsBy(area: StatsArea, column: 'category' | 'state' | 'source', fromMs: number) {
    return codeCounts(this.incidentsBy(area, column, fromMs));
  }

  countClosures(area: StatsArea, fromMs: number): ClosureCounts {
    const counts = new Map(
      codeCounts(this.incidentsBy(area, 'closure', fromMs)).map((entry) => [
        entry.code,
        entry.count,
      ]),
    );
    return { onTime: counts.get('on_time') ?? 0, late: counts.get('late') ?? 0 };
  }

  countOverdue(area: StatsArea, nowMs: number): number {
    const sql =
      'SELECT COALESCE(SUM(count), 0) AS total FROM stats_due_rollup ' +
      'WHERE area IN {areas} AND due_ms <= ?';
    return Number(this.all(area, sql, [nowMs])[0]?.total ?? 0);
  }

  countEscalations(area: StatsArea, fromMs: number): number {
    return Number(this.incidentsBy(area, 'escalation', fromMs)[0]?.total ?? 0);
  }

  countIncidentsPerDay(area: StatsArea, fromMs: number) {
    return this.reportsPerDay(area, fromMs);
  }

  hottestGrids(area: StatsArea, fromMs: number, limit: number): HotGrid[] {
    const rows = this.incidentsBy(
      area,
      'grid',
      fromMs,
      `ORDER BY total DESC, code LIMIT ${Math.max(0, Math.floor(limit))}`,
    );
    const name = this.statements.get('SELECT name, name_en FROM grids WHERE code = ?');
    return rows.map((row) => {
      const gridCode = String(row.code);
      const grid = name.get(gridCode) as { name: string; name_en: string } | undefined;
      return {
        gridCode,
        name: grid?.name ?? gridCode,
        nameEn: grid?.name_en ?? gridCode,
        count: Number(row.total),
      };
    });
  }

  summariseStepWaits(area: StatsArea, fromMs: number): StepDuration[] {
    const sql =
      'SELECT state, bucket, SUM(count) AS samples, SUM(sum_ms) AS total_ms FROM stats_wait_rollup ' +
      'WHERE area IN {areas} AND day_ms >= ? GROUP BY state, bucket ORDER BY state, bucket';
    const buckets = waitBucketsByState(this.all(area, sql, [requireDayStart(fromMs)]));
    if (buckets.size === 0) return [];
    const summaries: StepDuration[] = [];
    // Whole districts by their code's first digits (index stats_wait_facts_district), smaller
    // roots grid by grid, the grids under them: where their incidents' waits are (as
    // postgresRollupStats.ts reads them).
    const roots = rootsOf(area);
    const districts = districtRoots(roots);
    const where: WaitsWhere =
      districts === null
        ? {
            codeSql: 'grid_code',
            codes: JSON.stringify(
              (this.statements.get(GRIDS_UNDER_ROOTS_SQL).all(JSON.stringify(roots)) as Row[]).map(
                (row) => String(row.code),
              ),
            ),
          }
        : {
            codeSql: `substr(grid_code, 1, ${DISTRICT_CODE_DIGITS})`,
            codes: JSON.stringify(districts),
          };
    for (const [state, entries] of buckets) {
      const summary = waitSummaryOf(state, entries);
      if (summary === null) continue;
      const { rank, ...figures } = summary;
      summaries.push({
        ...figures,
        p90Ms: this.waitAtRank(where, { state, fromMs }, entries, rank),
      });
    }
    return summaries;
  }

  /** The exact wait of 1-based `rank`: its bucket from the counts, then that bucket's waits in order. */
  private waitAtRank(
    where: WaitsWhere,
    of: { state: string; fromMs: number },
    entries: readonly WaitBucket[],
    rank: number,
  ): number {
    const found = bucketOfRank(entries, rank);
    if (found === null) return 0;
    const row = this.statements
      .get(
        'SELECT duration_ms FROM stats_wait_facts WHERE state = ? AND bucket = ? ' +
          `AND ${where.codeSql} IN (SELECT value FROM json_each(?)) AND report_day_ms >= ? ` +
          `ORDER BY duration_ms ${found.descending ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ?`,
      )
      .get(of.state, found.bucket, where.codes, of.fromMs, found.offset) as Row | undefined;
    return Number(row?.duration_ms ?? 0);
  }
}
