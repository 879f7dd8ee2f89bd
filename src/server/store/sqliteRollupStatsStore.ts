/**
 * SQLite adapter of CockpitStatsRepository that reads the rollups (statsRollupSchema.ts) instead
 * of the raw tables: an area is the fewest disjoint subtree roots of the selection inside the
 * scope, each a level code the rollups are kept for, so a street's refresh reads a few hundred
 * rows whatever the size of the register. Answers equal the GROUP BY adapter's
 * (sqliteCockpitStatsStore.ts); windows must start on district days, as the cockpit's do.
 */
import { districtDayStartMs, districtMonthStartMs } from '../../domain/districtTime';
import { isGridCode, subtreesInScope } from '../../domain/gridCode';
import type { BirthYearCount } from '../../domain/statistics/ageBands';
import type { MovementCount, MovementKind } from '../../domain/statistics/movementMonths';
import { nearestRank } from '../../domain/statistics/percentile';
import { meanWaitMs, STEP_DURATION_PERCENTILE } from '../../domain/statistics/stepDurations';
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
import { COCKPIT_STATS_METHODS } from './sqliteCockpitStatsStore';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;
type Param = string | number;

const HOUSE_DIMS = ['buildings', 'units', 'occupied', 'rental', 'vacant'] as const;
const HOUSE_FIELDS = {
  buildings: 'buildings',
  units: 'units',
  occupied: 'occupiedUnits',
  rental: 'rentalUnits',
  vacant: 'vacantUnits',
} as const;

function codeCounts(rows: Row[]): CodeCount[] {
  return rows.map((row) => ({ code: String(row.code), count: Number(row.total) }));
}

/** The movement rollup counts whole district months: its windows start and end at one. */
function requireMonthStart(timeMs: number): number {
  if (districtMonthStartMs(timeMs) !== timeMs) {
    throw new RangeError(`movement windows start at a district month, got ${timeMs}`);
  }
  return timeMs;
}

/** The rollups count whole district days: a window must start at one. */
function requireDayStart(fromMs: number): number {
  if (districtDayStartMs(fromMs) !== fromMs) {
    throw new RangeError(`rollup windows start at a district day, got ${fromMs}`);
  }
  return fromMs;
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
    const roots = subtreesInScope(area.gridCode, area.scopes);
    for (const root of roots) {
      // Scopes come from the users table, codes from validated input: refuse anything else.
      if (!isGridCode(root)) throw new Error(`not a grid code: ${JSON.stringify(root)}`);
    }
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
    return this.register(area, 'birth').map((row) => {
      const [birthYear, sex] = String(row.code).split(':');
      return {
        birthYear: Number(birthYear),
        sex: sex === 'F' ? 'F' : 'M',
        count: Number(row.total),
      };
    });
  }

  countPersonsByTag(area: StatsArea, tags: readonly string[]): CodeCount[] {
    if (tags.length === 0) return [];
    const counts = new Map(
      codeCounts(this.register(area, 'tag')).map((entry) => [entry.code, entry.count]),
    );
    return tags.map((code) => ({ code, count: counts.get(code) ?? 0 }));
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
    const byKind = new Map<string, BuildingKindStats>();
    for (const row of this.all(area, sql, [...HOUSE_DIMS])) {
      const kind = String(row.code);
      const entry = byKind.get(kind) ?? {
        kind,
        buildings: 0,
        units: 0,
        occupiedUnits: 0,
        rentalUnits: 0,
        vacantUnits: 0,
      };
      entry[HOUSE_FIELDS[row.dim as (typeof HOUSE_DIMS)[number]]] += Number(row.total);
      byKind.set(kind, entry);
    }
    // A kind is listed while a building of it is in the area, as the GROUP BY over buildings does.
    return [...byKind.values()]
      .filter((entry) => entry.buildings > 0)
      .sort((left, right) => right.units - left.units || compareCodes(left.kind, right.kind));
  }

  countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): number[] {
    if (sinceMs.length === 0) return [];
    const days = this.reportsPerDay(area, Math.min(...sinceMs.map(requireDayStart)));
    return sinceMs.map((fromMs) =>
      days.reduce((sum, day) => (day.dayStartMs >= fromMs ? sum + day.count : sum), 0),
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
    const buckets = new Map<string, Array<{ bucket: number; samples: number; totalMs: number }>>();
    for (const row of this.all(area, sql, [requireDayStart(fromMs)])) {
      const state = String(row.state);
      const entries = buckets.get(state) ?? [];
      entries.push({
        bucket: Number(row.bucket),
        samples: Number(row.samples),
        totalMs: Number(row.total_ms),
      });
      buckets.set(state, entries);
    }
    const summaries: StepDuration[] = [];
    // The grids with reports in the window: where the waits of the window's incidents are.
    const gridCodes = JSON.stringify(
      this.incidentsBy(area, 'grid', fromMs, 'ORDER BY code').map((row) => String(row.code)),
    );
    for (const [state, entries] of buckets) {
      const samples = entries.reduce((sum, entry) => sum + entry.samples, 0);
      if (samples === 0) continue;
      const totalMs = entries.reduce((sum, entry) => sum + entry.totalMs, 0);
      const rank = nearestRank(samples, STEP_DURATION_PERCENTILE);
      summaries.push({
        state,
        samples,
        meanMs: meanWaitMs(totalMs, samples),
        p90Ms: this.waitAtRank({ state, fromMs, gridCodes }, entries, rank),
      });
    }
    return summaries;
  }

  /** The exact wait of 1-based `rank`: its bucket from the counts, then that bucket's waits in order. */
  private waitAtRank(
    of: { state: string; fromMs: number; gridCodes: string },
    entries: ReadonlyArray<{ bucket: number; samples: number }>,
    rank: number,
  ): number {
    let before = 0;
    const entry = entries.find((candidate) => {
      if (before + candidate.samples >= rank) return true;
      before += candidate.samples;
      return false;
    });
    if (entry === undefined) return 0;
    const row = this.statements
      .get(
        'SELECT duration_ms FROM stats_wait_facts WHERE state = ? AND bucket = ? ' +
          'AND grid_code IN (SELECT value FROM json_each(?)) AND report_day_ms >= ? ' +
          'ORDER BY duration_ms LIMIT 1 OFFSET ?',
      )
      .get(of.state, entry.bucket, of.gridCodes, of.fromMs, rank - before - 1) as Row | undefined;
    return Number(row?.duration_ms ?? 0);
  }
}

/** SQLite's BINARY order for the ASCII codes the register uses. */
function compareCodes(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
