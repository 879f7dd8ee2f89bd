/**
 * The PostgreSQL CockpitStatsRepository: the GROUP BY of sqliteCockpitStatsStore.ts in SQL over
 * the raw tables (register, incidents), limited to the area by the same grid-code ranges
 * (COLLATE "C" columns: index ranges) and the incident list's own filter (incidentFilterSql, its
 * placeholders numbered here). Checked with both SQLite adapters (GROUP BY and rollups) by
 * cockpit/cockpitStatsRepository.contract.test.ts. The server reads PostgresRollupStats (the
 * rollups of migration 0008); this adapter is the reference the rollups are checked against
 * (cockpit/cockpitRollups.contract.test.ts) and the baseline of bench:stats-postgres.
 */
import { DAY_MS, DISTRICT_UTC_OFFSET_MS } from '../../../domain/districtTime';
import type { BirthYearCount } from '../../../domain/statistics/ageBands';
import type { MovementCount, MovementKind } from '../../../domain/statistics/movementMonths';
import { summariseWaitsByState } from '../../../domain/statistics/stepDurations';
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
import { incidentFilterSql } from '../incidentFilterSql';
import { subtreeInScopeFilter, type SqlFragment } from '../scopeSql';
import {
  CLOCK_STOPPED_SQL,
  PERSON_CATEGORY,
  PERSONS_IN_BUILDINGS,
  STATS_COLUMNS,
} from '../sqliteCockpitStatsStore';
import type { PostgresPool } from './postgresPool';

type Row = Record<string, unknown>;

/** districtMonthStartMs of a time in ms, in SQL. */
const monthStartSql = (expression: string) =>
  `(extract(epoch FROM date_trunc('month', to_timestamp((${expression} + ` +
  `${DISTRICT_UTC_OFFSET_MS}) / 1000.0) AT TIME ZONE 'UTC'))::bigint * 1000 - ` +
  `${DISTRICT_UTC_OFFSET_MS})`;

/** SQLite's false for an empty scope list (scopeSql.ts), as a clause of its own. */
const SQLITE_FALSE_CLAUSE = /(^|AND )0(?= AND|$)/g;

/**
 * Appends `fragment`'s parameters to `params` and answers its SQL for PostgreSQL: `$n` for each
 * `?` (the shared fragments hold no literal question mark), `false` for SQLite's integer false.
 */
function numbered(fragment: SqlFragment, params: unknown[]): string {
  let next = 0;
  return fragment.sql.replace(SQLITE_FALSE_CLAUSE, '$1false').replace(/\?/g, () => {
    params.push(fragment.params[next++]);
    return `$${params.length}`;
  });
}

function parameter(value: unknown, params: unknown[]): string {
  params.push(value);
  return `$${params.length}`;
}

function codeCounts(rows: Row[]): CodeCount[] {
  return rows.map((row) => ({ code: String(row.code), count: Number(row.count) }));
}

export class PostgresCockpitStats implements CockpitStatsRepository {
  constructor(private readonly pool: PostgresPool) {}

  private async all(sql: string, params: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query(sql, [...params])).rows as Row[];
  }

  private buildingsIn(area: StatsArea, params: unknown[]): string {
    return numbered(subtreeInScopeFilter('b.grid_code', area.gridCode, area.scopes), params);
  }

  private incidentsIn(
    area: StatsArea,
    params: unknown[],
    extra: { reportedFromMs?: number; nowMs?: number } = {},
  ): string {
    const fragment = incidentFilterSql({
      scopes: area.scopes,
      ...(area.gridCode === null ? {} : { gridCode: area.gridCode }),
      ...(extra.reportedFromMs === undefined ? {} : { reportedFromMs: extra.reportedFromMs }),
      ...(extra.nowMs === undefined ? {} : { deadlinePhase: 'overdue', nowMs: extra.nowMs }),
    });
    return numbered(fragment, params);
  }

  async countPersonsByCategory(area: StatsArea): Promise<CodeCount[]> {
    const params: unknown[] = [];
    const sql =
      `SELECT ${PERSON_CATEGORY} COLLATE "C" AS code, COUNT(*) AS count ${PERSONS_IN_BUILDINGS} ` +
      `LEFT JOIN person_details d ON d.person_id = p.id WHERE ${this.buildingsIn(area, params)} ` +
      'GROUP BY 1 ORDER BY count DESC, code';
    return codeCounts(await this.all(sql, params));
  }

  async countPersonsByBirthYear(area: StatsArea): Promise<BirthYearCount[]> {
    const params: unknown[] = [];
    const sql =
      'SELECT CAST(substr(p.birth_date, 1, 4) AS integer) AS birth_year, p.sex, COUNT(*) AS count ' +
      `${PERSONS_IN_BUILDINGS} WHERE ${this.buildingsIn(area, params)} GROUP BY 1, 2`;
    return (await this.all(sql, params)).map((row) => ({
      birthYear: Number(row.birth_year),
      sex: row.sex === 'F' ? 'F' : 'M',
      count: Number(row.count),
    }));
  }

  async countPersonsByTag(area: StatsArea, tags: readonly string[]): Promise<CodeCount[]> {
    if (tags.length === 0) return [];
    const params: unknown[] = [];
    const columns = tags.map(
      (tag, index) =>
        `COUNT(*) FILTER (WHERE strpos(',' || p.tags || ',', ${parameter(`,${tag},`, params)}) > 0) AS tag${index}`,
    );
    const where = this.buildingsIn(area, params);
    const row = (
      await this.all(`SELECT ${columns.join(', ')} ${PERSONS_IN_BUILDINGS} WHERE ${where}`, params)
    )[0];
    return tags.map((code, index) => ({ code, count: Number(row?.[`tag${index}`] ?? 0) }));
  }

  async countMovementsPerMonth(
    area: StatsArea,
    fromMs: number,
    toMs: number,
  ): Promise<MovementCount[]> {
    const params: unknown[] = [];
    const filter = numbered(
      subtreeInScopeFilter('m.grid_code', area.gridCode, area.scopes),
      params,
    );
    const sql =
      `SELECT ${monthStartSql('m.day_ms')} AS month_ms, kind, SUM(count) AS count ` +
      `FROM register_movements m WHERE ${filter} AND day_ms >= ${parameter(fromMs, params)} ` +
      `AND day_ms < ${parameter(toMs, params)} ` +
      'GROUP BY 1, 2 HAVING SUM(count) > 0 ORDER BY 1, kind COLLATE "C"';
    return (await this.all(sql, params)).map((row) => ({
      startMs: Number(row.month_ms),
      kind: String(row.kind) as MovementKind,
      count: Number(row.count),
    }));
  }

  async countUnitsByBuildingKind(area: StatsArea): Promise<BuildingKindStats[]> {
    const params: unknown[] = [];
    // Same rules as the unit theme on the globe: rental by use or by a renting household.
    const sql =
      'SELECT b.kind, COUNT(DISTINCT b.id) AS buildings, COUNT(u.id) AS units, ' +
      'COUNT(u.id) FILTER (WHERE EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id)) AS occupied, ' +
      "COUNT(u.id) FILTER (WHERE u.use = 'rental' OR EXISTS (SELECT 1 FROM households h " +
      "WHERE h.unit_id = u.id AND h.type IN ('rental', 'floating'))) AS rental, " +
      "COUNT(u.id) FILTER (WHERE u.use = 'vacant') AS vacant " +
      `FROM buildings b LEFT JOIN units u ON u.building_id = b.id WHERE ${this.buildingsIn(area, params)} ` +
      'GROUP BY b.kind ORDER BY units DESC, b.kind COLLATE "C"';
    return (await this.all(sql, params)).map((row) => ({
      kind: String(row.kind),
      buildings: Number(row.buildings),
      units: Number(row.units),
      occupiedUnits: Number(row.occupied),
      rentalUnits: Number(row.rental),
      vacantUnits: Number(row.vacant),
    }));
  }

  async countIncidentsSince(area: StatsArea, sinceMs: readonly number[]): Promise<number[]> {
    if (sinceMs.length === 0) return [];
    const params: unknown[] = [];
    const columns = sinceMs.map(
      (since, index) =>
        `COUNT(*) FILTER (WHERE reported_at_ms >= ${parameter(since, params)}) AS since${index}`,
    );
    const where = this.incidentsIn(area, params, { reportedFromMs: Math.min(...sinceMs) });
    const row = (
      await this.all(`SELECT ${columns.join(', ')} FROM incidents WHERE ${where}`, params)
    )[0];
    return sinceMs.map((_, index) => Number(row?.[`since${index}`] ?? 0));
  }

  async countIncidentsBy(
    area: StatsArea,
    column: keyof typeof STATS_COLUMNS,
    fromMs: number,
  ): Promise<CodeCount[]> {
    const params: unknown[] = [];
    const where = this.incidentsIn(area, params, { reportedFromMs: fromMs });
    const sql =
      `SELECT ${STATS_COLUMNS[column]} COLLATE "C" AS code, COUNT(*) AS count FROM incidents ` +
      `WHERE ${where} GROUP BY 1 ORDER BY count DESC, code`;
    return codeCounts(await this.all(sql, params));
  }

  async countClosures(area: StatsArea, fromMs: number): Promise<ClosureCounts> {
    const params: unknown[] = [];
    const where = this.incidentsIn(area, params, { reportedFromMs: fromMs });
    // The clock stops at the last feedback (a rework runs it again against the same due time).
    const sql =
      'SELECT COUNT(*) FILTER (WHERE fed_back_at_ms < due_at_ms) AS on_time, ' +
      'COUNT(*) FILTER (WHERE fed_back_at_ms >= due_at_ms) AS late FROM (' +
      'SELECT due_at_ms, (SELECT MAX(t.at_ms) FROM incident_transitions t ' +
      "WHERE t.incident_id = incidents.id AND t.action = 'feed_back') AS fed_back_at_ms " +
      `FROM incidents WHERE ${where} AND state IN ${CLOCK_STOPPED_SQL} ` +
      'AND due_at_ms IS NOT NULL) stopped WHERE fed_back_at_ms IS NOT NULL';
    const row = (await this.all(sql, params))[0];
    return { onTime: Number(row?.on_time ?? 0), late: Number(row?.late ?? 0) };
  }

  async countOverdue(area: StatsArea, nowMs: number): Promise<number> {
    const params: unknown[] = [];
    const where = this.incidentsIn(area, params, { nowMs });
    const row = (
      await this.all(`SELECT COUNT(*) AS count FROM incidents WHERE ${where}`, params)
    )[0];
    return Number(row?.count ?? 0);
  }

  async countEscalations(area: StatsArea, fromMs: number): Promise<number> {
    const params: unknown[] = [fromMs];
    const where = this.incidentsIn(area, params);
    const sql =
      'SELECT COUNT(*) AS count FROM incident_escalations e JOIN incidents ON incidents.id = e.incident_id ' +
      `WHERE e.at_ms >= $1 AND ${where}`;
    return Number((await this.all(sql, params))[0]?.count ?? 0);
  }

  async summariseStepWaits(area: StatsArea, fromMs: number): Promise<StepDuration[]> {
    const params: unknown[] = [];
    const where = this.incidentsIn(area, params, { reportedFromMs: fromMs });
    // A wait in a state ends with the transition that leaves it: its time minus the one before.
    const sql =
      'SELECT from_state AS state, at_ms - previous_at_ms AS duration_ms FROM (' +
      'SELECT t.from_state, t.at_ms, LAG(t.at_ms) OVER (PARTITION BY t.incident_id ORDER BY t.step) ' +
      'AS previous_at_ms FROM incident_transitions t JOIN incidents ON incidents.id = t.incident_id ' +
      `WHERE ${where}) waits WHERE from_state IS NOT NULL AND previous_at_ms IS NOT NULL`;
    return summariseWaitsByState(
      (await this.all(sql, params)).map((row) => ({
        state: String(row.state),
        durationMs: Number(row.duration_ms),
      })),
    );
  }

  async countIncidentsPerDay(
    area: StatsArea,
    fromMs: number,
  ): Promise<Array<{ dayStartMs: number; count: number }>> {
    const params: unknown[] = [];
    const where = this.incidentsIn(area, params, { reportedFromMs: fromMs });
    // Integer division of positive times: the floor, as districtDayStartMs.
    const sql =
      `SELECT (reported_at_ms + ${DISTRICT_UTC_OFFSET_MS}) / ${DAY_MS} * ${DAY_MS} - ` +
      `${DISTRICT_UTC_OFFSET_MS} AS day_start_ms, COUNT(*) AS count FROM incidents ` +
      `WHERE ${where} GROUP BY 1 ORDER BY 1`;
    return (await this.all(sql, params)).map((row) => ({
      dayStartMs: Number(row.day_start_ms),
      count: Number(row.count),
    }));
  }

  async hottestGrids(area: StatsArea, fromMs: number, limit: number): Promise<HotGrid[]> {
    const params: unknown[] = [];
    const where = this.incidentsIn(area, params, { reportedFromMs: fromMs });
    const sql =
      'SELECT i.grid_code, COALESCE(g.name, i.grid_code) AS name, ' +
      'COALESCE(g.name_en, i.grid_code) AS name_en, i.count FROM (SELECT grid_code, ' +
      `COUNT(*) AS count FROM incidents WHERE ${where} GROUP BY grid_code) i ` +
      `LEFT JOIN grids g ON g.code = i.grid_code ORDER BY i.count DESC, i.grid_code ` +
      `LIMIT ${parameter(limit, params)}`;
    return (await this.all(sql, params)).map((row) => ({
      gridCode: String(row.grid_code),
      name: String(row.name),
      nameEn: String(row.name_en),
      count: Number(row.count),
    }));
  }
}
