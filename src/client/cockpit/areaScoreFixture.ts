/** An area score answer for component tests: an area and two children, one not scored. */
import type { AreaScore, AreaScoreResponse } from '../../shared/assessment';

const INDICATORS: AreaScore['indicators'] = {
  reported: 12,
  deadlinesJudged: 10,
  deadlinesMet: 8,
  onTimeRate: 0.8,
  overdueCount: 2,
  feedbacksJudged: 10,
  reworkedIncidents: 1,
  reworkRate: 0.1,
  evaluations: 4,
  satisfaction: 4.5,
  foundByWorkers: 6,
  foundShare: 0.5,
  patrolCoverage: 0.625,
  responses: 5,
  responseMeanMs: 600_000,
  responseOnTimeShare: 1,
};

function score(gridCode: string, level: AreaScore['level'], value: number | null): AreaScore {
  return {
    gridCode,
    level,
    score: value,
    baseScore: value === null ? null : value + 5,
    deductionPoints: value === null ? 0 : 5,
    rank: value === null ? null : 2,
    siblings: 3,
    indicators: INDICATORS,
    deductions:
      value === null
        ? []
        : [
            { kind: 'overdue', count: 2, points: 4 },
            { kind: 'rework', count: 1, points: 1 },
          ],
  };
}

function levelOf(code: string): AreaScore['level'] {
  return code.length <= 9 ? 'street' : code.length <= 12 ? 'community' : 'grid';
}

/** The selected code scores 87.5, ranked 2nd of 3; its children 91 and unscored. */
export function areaScoreFor(gridCode: string | null): AreaScoreResponse {
  const parent = gridCode ?? '350102';
  return {
    gridCode,
    period: { label: '2026-11', firstDay: '2026-11-01', lastDay: '2026-11-30' },
    complete: true,
    scheme: { version: 1 },
    area: gridCode === null ? null : score(gridCode, levelOf(gridCode), 87.5),
    children:
      gridCode !== null && gridCode.length >= 15
        ? []
        : [
            { ...score(`${parent}001`, levelOf(`${parent}001`), 91), rank: 1 },
            score(`${parent}002`, levelOf(`${parent}002`), null),
          ],
  };
}
