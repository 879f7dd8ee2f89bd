/**
 * The PostgreSQL CockpitStatsRepository the server reads: the rollups of migration 0008 (kept by
 * its triggers), read as sqliteRollupStatsStore.ts reads SQLite's. An area is the fewest disjoint
 * subtree roots of the selection inside the scope, each a level code the rollups are kept for, so
 * a street's refresh reads a few hundred rows whatever the size of the register. Answers equal
 * the GROUP BY over the raw tables (PostgresCockpitStats, checked on both engines by
 * cockpit/cockpitRollups.contract.test.ts); windows must start on district days, as the
 * cockpit's do. Each figure is one query: a write may land between two figures of one refresh.
 */
import { DISTRICT_CODE_DIGITS } from '../../../domain/gridCode';
import type { BirthYearCount } from '../../../domain/statistics/ageBands';
import type { MovementCount, MovementKind } from '../../../domain/statistics/movementMonths';
import type {
  BuildingKindStats,
  CodeCount,
  HotGrid,
  StepDuration,
} from '../../../shared/cockpitStats';
import type {
  ClosureCounts,
  CockpitStatsRepository,
  StatsArea,
} from '../../cockpit/cockpitStatsRepository';
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
} from '../rollupStatsRows';
import type { PostgresPool } from './postgresPool';

/**
 * The grids under the area's roots, in code order: where its incidents' waits are (an incident
 * lies in a grid `locate` found, and such a grid cannot be deleted: migration 0015). Read from
 * the grid table, not from the incident rollup's `grid` dimension: at a district's level a month
 * of that is ~15,000 rows from all over the rollup's heap (~27 ms at a million incidents), the
 * grid table's range a few hundred index entries. Codes are digits, so `root || ':'` bounds a root's subtree.
 */
const GRIDS_UNDER_ROOTS_SQL =
  'SELECT g.code FROM unnest($1::text[]) AS r(root) ' +
  "JOIN grids g ON g.code >= r.root AND g.code < r.root || ':' ORDER BY g.code";

/**
 * Which waits an area's p90 reads: those of whole districts by their code's first digits (the
 * index of migration 0014: one range a district), or those of the grids under smaller roots
 * (one range a grid; a street has a few dozen).
 */
interface WaitsWhere {
  codeSql: string;
  codes: string[];
}

/** Statement names by SQL text, the same on every connection of the process. */
const STATEMENT_NAMES = new Map<string, string>();

export class PostgresRollupStats implements CockpitStatsRepository {
  constructor(private readonly pool: PostgresPool) {}

  /** Rows of `sql`, whose $1 is the area's roots (text[]); `params` are $2, $3, … */
  private async all(area: StatsArea, sql: string, params: readonly unknown[]): Promise<Row[]> {
    const roots = rootsOf(area);
    if (roots.length === 0) return [];
    return this.query(sql, [roots, ...params]);
  }

  /**
   * Runs `sql` as a named (prepared) statement: a refresh sends about twenty small queries whose
   * plans cost PostgreSQL more than reading their rows, so each connection plans each text once.
   */
  private async query(sql: string, values: readonly unknown[]): Promise<Row[]> {
    let name = STATEMENT_NAMES.get(sql);
    if (name === undefined) {
      name = `cockpit.rollups.${STATEMENT_NAMES.size + 1}`;
      STATEMENT_NAMES.set(sql, name);
    }
    return (await this.pool.query({ name, text: sql, values: [...values] })).rows as Row[];
  }

  private register(area: StatsArea, dim: string): Promise<Row[]> {
    return this.all(
      area,
      'SELECT code, SUM(count) AS total FROM stats_register_rollup ' +
        'WHERE area = ANY($1) AND dim = $2 GROUP BY code HAVING SUM(count) > 0 ' +
        'ORDER BY total DESC, code',
      [dim],
    );
  }

  private incidentsBy(area: StatsArea, dim: string, fromMs: number): Promise<Row[]> {
    return this.all(
      area,
      'SELECT code, SUM(count) AS total FROM stats_incident_rollup ' +
        'WHERE area = ANY($1) AND dim = $2 AND day_ms >= $3 GROUP BY code ' +
        'HAVING SUM(count) > 0 ORDER BY total DESC, code',
      [dim, requireDayStart(fromMs)],
    );
  }

  async countPersonsByCategory(area: StatsArea): Promise<CodeCount[]> {
    return codeCounts(await this.register(area, 'category'));
  }

  async countPersonsByBirthYear(area: StatsArea): Promise<BirthYearCount[]> {
    return birthYearCounts(await this.register(area, 'birth'));
  }

  async countPersonsByTag(area: StatsArea, tags: readonly string[]): Promise<CodeCount[]> {
    if (tags.length === 0) return [];
    return tagCounts(await this.register(area, 'tag'), tags);
  }

  async countMovementsPerMonth(
    area: StatsArea,
    fromMs: number,
    toMs: number,
  ): Promise<MovementCount[]> {
    const rows = await this.all(
      area,
      'SELECT month_ms, kind, SUM(count) AS total FROM stats_movement_rollup ' +
        'WHERE area = ANY($1) AND month_ms >= $2 AND month_ms < $3 GROUP BY month_ms, kind ' +
        'HAVING SUM(count) > 0 ORDER BY month_ms, kind',
      [requireMonthStart(fromMs), requireMonthStart(toMs)],
    );
    return rows.map((row) => ({
      startMs: Number(row.month_ms),
      kind: String(row.kind) as MovementKind,
      count: Number(row.total),
    }));
  }

  async countUnitsByBuildingKind(area: StatsArea): Promise<BuildingKindStats[]> {
    const rows = await this.all(
      area,
      'SELECT dim, code, SUM(count) AS total FROM stats_register_rollup ' +
        'WHERE area = ANY($1) AND dim = ANY($2) GROUP BY dim, code',
      [HOUSE_DIMS],
    );
    return buildingKindStats(rows);
  }

  async countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): Promise<number[]> {
    if (sinceMs.length === 0) return [];
    const days = await this.countIncidentsPerDay(area, Math.min(...sinceMs.map(requireDayStart)));
    return countsSince(days, sinceMs);
  }

  async countIncidentsBy(
    area: StatsArea,
    column: 'category' | 'state' | 'source',
    fromMs: number,
  ): Promise<CodeCount[]> {
    return codeCounts(await this.incidentsBy(area, column, fromMs));
  }

  async countClosures(area: StatsArea, fromMs: number): Promise<ClosureCounts> {
    const counts = new Map(
      codeCounts(await this.incidentsBy(area, 'closure', fromMs)).map((entry) => [
        entry.code,
        entry.count,
      ]),
    );
    return { onTime: counts.get('on_time') ?? 0, late: counts.get('late') ?? 0 };
  }

  async countOverdue(area: StatsArea, nowMs: number): Promise<number> {
    const rows = await this.all(
      area,
      'SELECT COALESCE(SUM(count), 0) AS total FROM stats_due_rollup ' +
        'WHERE area = ANY($1) AND due_ms <= $2',
      [nowMs],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async countEscalations(area: StatsArea, fromMs: number): Promise<number> {
    return Number((await this.incidentsBy(area, 'escalation', fromMs))[0]?.total ?? 0);
  }

  async countIncidentsPerDay(
    area: StatsArea,
    fromMs: number,
  ): Promise<Array<{ dayStartMs: number; count: number }>> {
    const rows = await this.all(
      area,
      'SELECT day_ms, SUM(count) AS total FROM stats_incident_rollup ' +
        "WHERE area = ANY($1) AND dim = 'reported' AND day_ms >= $2 GROUP BY day_ms " +
        'HAVING SUM(count) > 0 ORDER BY day_ms',
      [requireDayStart(fromMs)],
    );
    return rows.map((row) => ({ dayStartMs: Number(row.day_ms), count: Number(row.total) }));
  }

  async hottestGrids(area: StatsArea, fromMs: number, limit: number): Promise<HotGrid[]> {
    const rows = await this.all(
      area,
      'SELECT hot.code, hot.total, COALESCE(g.name, hot.code) AS name, ' +
        'COALESCE(g.name_en, hot.code) AS name_en FROM (SELECT code, SUM(count) AS total ' +
        'FROM stats_grid_rollup WHERE area = ANY($1) AND day_ms >= $2 ' +
        'GROUP BY code HAVING SUM(count) > 0 ORDER BY total DESC, code LIMIT $3) hot ' +
        'LEFT JOIN grids g ON g.code = hot.code ORDER BY hot.total DESC, hot.code',
      [requireDayStart(fromMs), Math.max(0, Math.floor(limit))],
    );
    return rows.map((row) => ({
      gridCode: String(row.code),
      name: String(row.name),
      nameEn: String(row.name_en),
      count: Number(row.total),
    }));
  }

  async summariseStepWaits(area: StatsArea, fromMs: number): Promise<StepDuration[]> {
    const rows = await this.all(
      area,
      'SELECT state, bucket, SUM(count) AS samples, SUM(sum_ms) AS total_ms ' +
        'FROM stats_wait_rollup WHERE area = ANY($1) AND day_ms >= $2 ' +
        'GROUP BY state, bucket ORDER BY state, bucket',
      [requireDayStart(fromMs)],
    );
    const buckets = waitBucketsByState(rows);
    if (buckets.size === 0) return [];
    const roots = rootsOf(area);
    const districts = districtRoots(roots);
    const where: WaitsWhere =
      districts === null
        ? {
            codeSql: 'grid_code',
            codes: (await this.query(GRIDS_UNDER_ROOTS_SQL, [roots])).map((row) =>
              String(row.code),
            ),
          }
        : { codeSql: `left(grid_code, ${DISTRICT_CODE_DIGITS})`, codes: districts };
    const summaries = [...buckets].flatMap(([state, entries]) => {
      const summary = waitSummaryOf(state, entries);
      return summary === null ? [] : [{ summary, entries }];
    });
    return Promise.all(
      summaries.map(async ({ summary: { rank, ...figures }, entries }) => ({
        ...figures,
        p90Ms: await this.waitAtRank(where, { state: figures.state, fromMs }, entries, rank),
      })),
    );
  }

  /** The exact wait of 1-based `rank`: its bucket from the counts, then that bucket's waits in order. */
  private async waitAtRank(
    where: WaitsWhere,
    of: { state: string; fromMs: number },
    entries: readonly WaitBucket[],
    rank: number,
  ): Promise<number> {
    const found = bucketOfRank(entries, rank);
    if (found === null) return 0;
    const rows = await this.query(
      'SELECT duration_ms FROM stats_wait_facts WHERE state = $1 AND bucket = $2 ' +
        `AND ${where.codeSql} = ANY($3) AND report_day_ms >= $4 ` +
        `ORDER BY duration_ms ${found.descending ? 'DESC' : 'ASC'} LIMIT 1 OFFSET $5`,
      [of.state, found.bucket, where.codes, of.fromMs, found.offset],
    );
    return Number(rows[0]?.duration_ms ?? 0);
  }
}
