/**
 * SQLite adapter of CockpitStatsRepository: GROUP BY over the raw tables, limited to the area
 * by grid-code ranges (index-friendly). Only counts and durations leave these queries. The
 * server reads the rollups instead (sqliteRollupStatsStore.ts); this adapter is the reference
 * they are tested and benchmarked against (decision 0027).
 */
import { DAY_MS, DISTRICT_UTC_OFFSET_MS } from '../../domain/districtTime';
import { CLOCK_STOPPED_STATES } from '../../domain/incidents/incidentDeadlines';
import type { BirthYearCount } from '../../domain/statistics/ageBands';
import type { MovementCount, MovementKind } from '../../domain/statistics/movementMonths';
import { summariseWaitsByState } from '../../domain/statistics/stepDurations';
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
import { incidentFilterSql } from './incidentFilterSql';
import { districtMonthSql } from './statsRollupSchema';
import type { SqliteDatabase } from './openDatabase';
import { subtreeInScopeFilter, type SqlFragment } from './scopeSql';
import { promisedMethods } from './promisedMethods';
import { StatementCache } from './statementCache';

type Row = Record<string, unknown>;

/** Shared with the PostgreSQL adapter (pg/postgresCockpitStats.ts). */
export const PERSONS_IN_BUILDINGS =
  'FROM persons p JOIN households h ON h.id = p.household_id ' +
  'JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id';
/**
 * The stored category where the register import wrote one; generated people have none, and
 * count as floating when their household is, else as registered.
 */
export const PERSON_CATEGORY =
  "COALESCE(d.category, CASE h.type WHEN 'floating' THEN 'floating' ELSE 'registered' END)";
export const STATS_COLUMNS = {
  category: 'category_code',
  state: 'state',
  source: 'source',
} as const;
/** States after the worker's feedback: the handling clock has stopped. */
export const CLOCK_STOPPED_SQL = `(${CLOCK_STOPPED_STATES.map((state) => `'${state}'`).join(', ')})`;

function codeCounts(rows: Row[]): CodeCount[] {
  return rows.map((row) => ({ code: String(row.code), count: Number(row.count) }));
}

/** The GROUP BY adapter as the asynchronous repository (promisedMethods.ts). */
export function sqliteCockpitStats(db: SqliteDatabase): CockpitStatsRepository {
  return promisedMethods(new SqliteCockpitStatsStore(db), COCKPIT_STATS_METHODS);
}

export const COCKPIT_STATS_METHODS = [
  'countPersonsByCategory',
  'countPersonsByBirthYear',
  'countPersonsByTag',
  'countUnitsByBuildingKind',
  'countMovementsPerMonth',
  'countIncidentsSince',
  'countIncidentsBy',
  'countClosures',
  'countOverdue',
  'countEscalations',
  'summariseStepWaits',
  'countIncidentsPerDay',
  'hottestGrids',
] as const;

export class SqliteCockpitStatsStore {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  private all(sql: string, params: ReadonlyArray<string | number>): Row[] {
    return this.statements.get(sql).all(...params) as Row[];
  }

  private buildingsIn(area: StatsArea): SqlFragment {
    return subtreeInScopeFilter('b.grid_code', area.gridCode, area.scopes);
  }

  /** The incident list's own filter: one definition of "in the area" and of "overdue". */
  private incidentsIn(area: StatsArea, extra: { reportedFromMs?: number; nowMs?: number } = {}) {
    return incidentFilterSql({
      scopes: area.scopes,
      ...(area.gridCode === null ? {} : { gridCode: area.gridCode }),
      ...(extra.reportedFromMs === undefined ? {} : { reportedFromMs: extra.reportedFromMs }),
      ...(extra.nowMs === undefined ? {} : { deadlinePhase: 'overdue', nowMs: extra.nowMs }),
    });
  }

  countPersonsByCategory(area: StatsArea): CodeCount[] {
    const filter = this.buildingsIn(area);
    const sql =
      `SELECT ${PERSON_CATEGORY} AS code, COUNT(*) AS count ${PERSONS_IN_BUILDINGS} ` +
      `LEFT JOIN person_details d ON d.person_id = p.id WHERE ${filter.sql} ` +
      'GROUP BY code ORDER BY count DESC, code';
    return codeCounts(this.all(sql, filter.params));
  }

  countPersonsByBirthYear(area: StatsArea): BirthYearCount[] {
    const filter = this.buildingsIn(area);
    const sql =
      'SELECT CAST(substr(p.birth_date, 1, 4) AS INTEGER) AS birth_year, p.sex, COUNT(*) AS count ' +
      `${PERSONS_IN_BUILDINGS} WHERE ${filter.sql} GROUP BY birth_year, p.sex`;
    return this.all(sql, filter.params).map((row) => ({
      birthYear: Number(row.birth_year),
      sex: row.sex === 'F' ? 'F' : 'M',
      count: Number(row.count),
    }));
  }

  countPersonsByTag(area: StatsArea, tags: readonly string[]): CodeCount[] {
    if (tags.length === 0) return [];
    const filter = this.buildingsIn(area);
    const columns = tags.map(
      (_, index) => `COALESCE(SUM(instr(',' || p.tags || ',', ?) > 0), 0) AS tag${index}`,
    );
    const sql = `SELECT ${columns.join(', ')} ${PERSONS_IN_BUILDINGS} WHERE ${filter.sql}`;
    const params = [...tags.map((tag) => `,${tag},`), ...filter.params];
    const row = this.all(sql, params)[0] ?? {};
    return tags.map((code, index) => ({ code, count: Number(row[`tag${index}`] ?? 0) }));
  }

  countMovementsPerMonth(area: StatsArea, fromMs: number, toMs: number): MovementCount[] {
    const filter = subtreeInScopeFilter('m.grid_code', area.gridCode, area.scopes);
    const sql =
      `SELECT ${districtMonthSql('m.day_ms')} AS month_ms, kind, SUM(count) AS count ` +
      `FROM register_movements m WHERE ${filter.sql} AND day_ms >= ? AND day_ms < ? ` +
      'GROUP BY month_ms, kind HAVING count > 0 ORDER BY month_ms, kind';
    return this.all(sql, [...filter.params, fromMs, toMs]).map((row) => ({
      startMs: Number(row.month_ms),
      kind: String(row.kind) as MovementKind,
      count: Number(row.count),
    }));
  }

  countUnitsByBuildingKind(area: StatsArea): BuildingKindStats[] {
    const filter = this.buildingsIn(area);
    // Same rules as the unit theme on the globe: rental by use or by a renting household.
    const sql =
      'SELECT b.kind, COUNT(DISTINCT b.id) AS buildings, COUNT(u.id) AS units, ' +
      'COALESCE(SUM(EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id)), 0) AS occupied, ' +
      "COALESCE(SUM(u.use = 'rental' OR EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id " +
      "AND h.type IN ('rental', 'floating'))), 0) AS rental, " +
      "COALESCE(SUM(u.use = 'vacant'), 0) AS vacant " +
      `FROM buildings b LEFT JOIN units u ON u.building_id = b.id WHERE ${filter.sql} ` +
      'GROUP BY b.kind ORDER BY units DESC, b.kind';
    return this.all(sql, filter.params).map((row) => ({
      kind: String(row.kind),
      buildings: Number(row.buildings),
      units: Number(row.units),
      occupiedUnits: Number(row.occupied),
      rentalUnits: Number(row.rental),
      vacantUnits: Number(row.vacant),
    }));
  }

  countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): number[] {
    if (sinceMs.length === 0) return [];
    const earliestMs = Math.min(...sinceMs);
    const filter = this.incidentsIn(area, { reportedFromMs: earliestMs });
    const columns = sinceMs.map(
      (_, index) => `COALESCE(SUM(reported_at_ms >= ?), 0) AS since${index}`,
    );
    const sql = `SELECT ${columns.join(', ')} FROM incidents WHERE ${filter.sql}`;
    const row = this.all(sql, [...sinceMs, ...filter.params])[0] ?? {};
    return sinceMs.map((_, index) => Number(row[`since${index}`] ?? 0));
  }

  countIncidentsBy(area: StatsArea, column: keyof typeof STATS_COLUMNS, fromMs: number) {
    const filter = this.incidentsIn(area, { reportedFromMs: fromMs });
    const sql =
      `SELECT ${STATS_COLUMNS[column]} AS code, COUNT(*) AS count FROM incidents ` +
      `WHERE ${filter.sql} GROUP BY code ORDER BY count DESC, code`;
    return codeCounts(this.all(sql, filter.params));
  }

  countClosures(area: StatsArea, fromMs: number): ClosureCounts {
    const filter = this.incidentsIn(area, { reportedFromMs: fromMs });
    // The clock stops at the last feedback (a rework runs it again against the same due time).
    const sql =
      'SELECT COALESCE(SUM(fed_back_at_ms < due_at_ms), 0) AS on_time, ' +
      'COALESCE(SUM(fed_back_at_ms >= due_at_ms), 0) AS late FROM (' +
      'SELECT due_at_ms, (SELECT MAX(t.at_ms) FROM incident_transitions t ' +
      "WHERE t.incident_id = incidents.id AND t.action = 'feed_back') AS fed_back_at_ms " +
      `FROM incidents WHERE ${filter.sql} AND state IN ${CLOCK_STOPPED_SQL} ` +
      'AND due_at_ms IS NOT NULL) WHERE fed_back_at_ms IS NOT NULL';
    const row = this.all(sql, filter.params)[0] ?? {};
    return { onTime: Number(row.on_time ?? 0), late: Number(row.late ?? 0) };
  }

  countOverdue(area: StatsArea, nowMs: number): number {
    const filter = this.incidentsIn(area, { nowMs });
    const row = this.all(
      `SELECT COUNT(*) AS count FROM incidents WHERE ${filter.sql}`,
      filter.params,
    )[0];
    return Number(row?.count ?? 0);
  }

  countEscalations(area: StatsArea, fromMs: number): number {
    const filter = this.incidentsIn(area);
    const sql =
      'SELECT COUNT(*) AS count FROM incident_escalations e JOIN incidents ON incidents.id = e.incident_id ' +
      `WHERE e.at_ms >= ? AND ${filter.sql}`;
    return Number(this.all(sql, [fromMs, ...filter.params])[0]?.count ?? 0);
  }

  summariseStepWaits(area: StatsArea, fromMs: number): StepDuration[] {
    const filter = this.incidentsIn(area, { reportedFromMs: fromMs });
    // A wait in a state ends with the transition that leaves it: its time minus the one before.
    const sql =
      'SELECT from_state AS state, at_ms - previous_at_ms AS duration_ms FROM (' +
      'SELECT t.from_state, t.at_ms, LAG(t.at_ms) OVER (PARTITION BY t.incident_id ORDER BY t.step) ' +
      'AS previous_at_ms FROM incident_transitions t JOIN incidents ON incidents.id = t.incident_id ' +
      `WHERE ${filter.sql}) WHERE from_state IS NOT NULL AND previous_at_ms IS NOT NULL`;
    return summariseWaitsByState(
      this.all(sql, filter.params).map((row) => ({
        state: String(row.state),
        durationMs: Number(row.duration_ms),
      })),
    );
  }

  countIncidentsPerDay(area: StatsArea, fromMs: number) {
    const filter = this.incidentsIn(area, { reportedFromMs: fromMs });
    const sql =
      // Bound numbers are REAL in SQLite: the day index is truncated explicitly.
      'SELECT CAST((reported_at_ms + ?) / ? AS INTEGER) * ? - ? AS day_start_ms, COUNT(*) AS count ' +
      `FROM incidents WHERE ${filter.sql} GROUP BY day_start_ms ORDER BY day_start_ms`;
    const params = [
      DISTRICT_UTC_OFFSET_MS,
      DAY_MS,
      DAY_MS,
      DISTRICT_UTC_OFFSET_MS,
      ...filter.params,
    ];
    return this.all(sql, params).map((row) => ({
      dayStartMs: Number(row.day_start_ms),
      count: Number(row.count),
    }));
  }

  hottestGrids(area: StatsArea, fromMs: number, limit: number): HotGrid[] {
    const filter = this.incidentsIn(area, { reportedFromMs: fromMs });
    const sql =
      'SELECT i.grid_code, COALESCE(g.name, i.grid_code) AS name, COALESCE(g.name_en, i.grid_code) AS name_en, ' +
      'i.count FROM (SELECT grid_code, COUNT(*) AS count FROM incidents ' +
      `WHERE ${filter.sql} GROUP BY grid_code) i LEFT JOIN grids g ON g.code = i.grid_code ` +
      'ORDER BY i.count DESC, i.grid_code LIMIT ?';
    return this.all(sql, [...filter.params, limit]).map((row) => ({
      gridCode: String(row.grid_code),
      name: String(row.name),
      nameEn: String(row.name_en),
      count: Number(row.count),
    }));
  }
}
