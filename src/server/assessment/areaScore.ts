/**
 * The leader wall's score (考核得分) of one area: the selected street, community or grid for a
 * month (by default the last whole one), its rank among its siblings inside the caller's scope,
 * and the scores of the level below. Aggregates only — no worker or department is scored here,
 * no name other than the area's own is read, and deductions are counts without incident
 * numbers — so public wall modes may ask for it (docs/decisions/0033).
 */
import { rankByScore, type SubjectAssessment } from '../../domain/assessment/scoreAssessment';
import { districtDayOf } from '../../domain/assessment/assessmentPeriod';
import { districtMonthStartMs } from '../../domain/districtTime';
import { gridLevelOf, parentGridCode, touchesScope } from '../../domain/gridCode';
import { GRID_LEVELS } from '../../domain/registry';
import type { AreaLevel, AreaScore, AreaScoreResponse } from '../../shared/assessment';
import { requireVisible } from '../registry/accessErrors';
import { runAssessment, type AssessmentCaller, type AssessmentContext } from './assessmentQueries';

const AREA_LEVEL_OF: Readonly<Record<number, AreaLevel>> = {
  [GRID_LEVELS.street]: 'street',
  [GRID_LEVELS.community]: 'community',
  [GRID_LEVELS.grid]: 'grid',
};

/** `YYYY-MM` of the district month before the one `nowMs` falls in. */
export function lastMonthOf(nowMs: number): string {
  return districtDayOf(districtMonthStartMs(nowMs) - 1).slice(0, 7);
}

type AreaResult = SubjectAssessment & { level: AreaLevel };

function isAreaResult(result: SubjectAssessment): result is AreaResult {
  return result.level === 'street' || result.level === 'community' || result.level === 'grid';
}

/** Ranked among `peers` (the result itself included). */
function toAreaScore(result: AreaResult, peers: readonly AreaResult[]): AreaScore {
  const ranked = rankByScore(peers);
  return {
    gridCode: result.key,
    level: result.level,
    score: result.score,
    baseScore: result.baseScore,
    deductionPoints: result.deductionPoints,
    rank: ranked.find((entry) => entry.key === result.key)?.rank ?? null,
    siblings: peers.length,
    indicators: result.indicators,
    deductions: result.deductions
      .filter((deduction) => deduction.count > 0)
      .map(({ kind, count, points }) => ({ kind, count, points }))
      .sort((a, b) => b.points - a.points || b.count - a.count),
  };
}

/**
 * The score of `gridCode` (null: the caller's whole scope) for `month` (null: the last one). A
 * grid the scope does not touch answers the same 404 as a missing one; levels above the scope
 * are not scored (as in the full assessment), only the areas inside it.
 */
export async function readAreaScore(
  context: AssessmentContext,
  caller: AssessmentCaller,
  gridCode: string | null,
  month: string | null,
): Promise<AreaScoreResponse> {
  if (gridCode !== null) {
    requireVisible(
      context.listGrids().find((grid) => grid.code === gridCode) ?? null,
      () => touchesScope(gridCode, caller.scopes),
      'grid',
    );
  }
  const run = await runAssessment(
    context,
    caller,
    { kind: 'month', month: month ?? lastMonthOf(context.nowMs) },
    'areas',
  );
  const areas = run.results.filter(isAreaResult);
  const selectedLevel = gridCode === null ? null : gridLevelOf(gridCode);
  const selected = areas.find((result) => result.key === gridCode) ?? null;
  const siblingsOf = (result: AreaResult) =>
    areas.filter(
      (other) =>
        other.level === result.level && parentGridCode(other.key) === parentGridCode(result.key),
    );
  const childLevel: AreaLevel | null =
    selectedLevel === null || selectedLevel < GRID_LEVELS.street
      ? 'street'
      : (AREA_LEVEL_OF[selectedLevel + 1] ?? null);
  const children = areas.filter(
    (result) =>
      result.level === childLevel && (gridCode === null || result.key.startsWith(gridCode)),
  );
  return {
    gridCode,
    period: {
      label: run.period.label,
      firstDay: run.period.firstDay,
      lastDay: run.period.lastDay,
    },
    complete: run.asOfMs === run.period.endMs,
    scheme: { version: run.scheme.version },
    area: selected === null ? null : toAreaScore(selected, siblingsOf(selected)),
    children: children
      .map((child) => toAreaScore(child, children))
      .sort(
        (a, b) =>
          (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
          a.gridCode.localeCompare(b.gridCode),
      ),
  };
}
