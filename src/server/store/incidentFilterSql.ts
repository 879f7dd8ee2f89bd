/** The WHERE clause of an incident list query, from the repository's filter. */
import {
  CLOCK_RUNNING_STATES,
  NEAR_DEADLINE_FRACTION,
} from '../../domain/incidents/incidentDeadlines';
import type { IncidentFilter } from '../incidents/incidentRepository';
import { placeholders } from './incidentRows';
import { prefixFilter, type SqlFragment } from './scopeSql';

/** The WHERE clause of a list query (always at least the scope filter). */
export function incidentFilterSql(
  filter: IncidentFilter,
  /** PostgreSQL's says `false` for no scope, where SQLite's says 0. */
  scopeFilter: (column: string, prefixes: readonly string[]) => SqlFragment = prefixFilter,
): SqlFragment {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const scope = scopeFilter('grid_code', filter.scopes);
  clauses.push(scope.sql);
  params.push(...scope.params);
  if (filter.gridCode !== undefined) {
    const subtree = scopeFilter('grid_code', [filter.gridCode]);
    clauses.push(subtree.sql);
    params.push(...subtree.params);
  }
  if (filter.states !== undefined) {
    clauses.push(`state IN (${placeholders(filter.states.length)})`);
    params.push(...filter.states);
  }
  const equalities: Array<[string, string | undefined]> = [
    ['category_code', filter.categoryCode],
    ['priority', filter.priority],
    ['source', filter.source],
    ['assignee_username', filter.assigneeUsername],
  ];
  for (const [column, value] of equalities) {
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    params.push(value);
  }
  if (filter.reportedFromMs !== undefined) {
    clauses.push('reported_at_ms >= ?');
    params.push(filter.reportedFromMs);
  }
  if (filter.reportedToMs !== undefined) {
    clauses.push('reported_at_ms < ?');
    params.push(filter.reportedToMs);
  }
  if (filter.deadlinePhase !== undefined && filter.nowMs !== undefined) {
    const phase = deadlinePhaseSql(filter.deadlinePhase, filter.nowMs);
    clauses.push(phase.sql);
    params.push(...phase.params);
  }
  return { sql: clauses.join(' AND '), params: params as string[] };
}

/** The same phases as computeDeadlineState for running clocks (tested against it). */
function deadlinePhaseSql(
  phase: NonNullable<IncidentFilter['deadlinePhase']>,
  nowMs: number,
): { sql: string; params: Array<string | number> } {
  const running =
    `state IN (${placeholders(CLOCK_RUNNING_STATES.length)}) ` +
    'AND due_at_ms IS NOT NULL AND dispatched_at_ms IS NOT NULL';
  const remaining = '(due_at_ms - ?)';
  const nearLimit = `((due_at_ms - dispatched_at_ms) * ${NEAR_DEADLINE_FRACTION})`;
  const condition =
    phase === 'overdue'
      ? `${remaining} <= 0`
      : phase === 'near_deadline'
        ? `${remaining} > 0 AND ${remaining} <= ${nearLimit}`
        : `${remaining} > ${nearLimit}`;
  const nowCount = phase === 'near_deadline' ? 2 : 1;
  return {
    sql: `(${running} AND ${condition})`,
    params: [...CLOCK_RUNNING_STATES, ...new Array<number>(nowCount).fill(nowMs)],
  };
}
