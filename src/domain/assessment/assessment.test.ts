import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../districtTime';
import { parseAssessmentPeriod, PeriodError, periodDays } from './assessmentPeriod';
import {
  DEFAULT_ASSESSMENT_SCHEME,
  schemeInForce,
  validateAssessmentScheme,
  type AssessmentScheme,
  type SchemeVersion,
} from './assessmentScheme';
import { deriveIncidentFacts, type AssessedIncident } from './incidentFacts';
import {
  rankByScore,
  scoreAssessment,
  type AssessmentSubject,
  type PatrolLength,
} from './scoreAssessment';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** November 2026 in the district (UTC+8). */
const NOVEMBER = parseAssessmentPeriod({ kind: 'month', month: '2026-11' });
const START = NOVEMBER.startMs;
const WINDOW = { startMs: START, endMs: NOVEMBER.endMs, nowMs: NOVEMBER.endMs + 10 * DAY_MS };
const STREET = '350102001';
const COMMUNITY = '350102001001';
const GRID_A = '350102001001001';
const GRID_B = '350102001001002';

function incident(overrides: Partial<AssessedIncident> & { id: string }): AssessedIncident {
  return {
    gridCode: GRID_A,
    department: null,
    source: 'hotline',
    reporterWorkerId: null,
    assigneeWorkerId: null,
    reportedAtMs: START + DAY_MS,
    dispatchedAtMs: null,
    dueAtMs: null,
    evaluationScore: null,
    transitions: [],
    escalationsAtMs: [],
    arrivals: [],
    ...overrides,
  };
}

/** Reported at day `day` 08:00, dispatched an hour later with 24 h to do it. */
function handled(
  id: string,
  day: number,
  steps: Array<[action: string, hoursAfterReport: number]>,
  extra: Partial<AssessedIncident> = {},
): AssessedIncident {
  const reportedAtMs = START + day * DAY_MS + 8 * HOUR_MS;
  return incident({
    id,
    reportedAtMs,
    dispatchedAtMs: reportedAtMs + HOUR_MS,
    dueAtMs: reportedAtMs + 25 * HOUR_MS,
    transitions: [
      { action: 'report', atMs: reportedAtMs },
      { action: 'dispatch', atMs: reportedAtMs + HOUR_MS },
      ...steps.map(([action, hours]) => ({ action, atMs: reportedAtMs + hours * HOUR_MS })),
    ],
    ...extra,
  });
}

describe('parseAssessmentPeriod', () => {
  it('turns a month, a quarter and a custom run of days into district midnights', () => {
    expect(NOVEMBER).toMatchObject({
      label: '2026-11',
      startMs: Date.UTC(2026, 9, 31, 16),
      endMs: Date.UTC(2026, 10, 30, 16),
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
    });
    const quarter = parseAssessmentPeriod({ kind: 'quarter', quarter: '2026-Q4' });
    expect([quarter.firstDay, quarter.lastDay, periodDays(quarter)]).toEqual([
      '2026-10-01',
      '2026-12-31',
      92,
    ]);
    const custom = parseAssessmentPeriod({ kind: 'custom', from: '2026-11-03', to: '2026-11-03' });
    expect(periodDays(custom)).toBe(1);
  });

  it('refuses malformed months, impossible days, reversed and overlong custom periods', () => {
    expect(() => parseAssessmentPeriod({ kind: 'month', month: '2026-13' })).toThrow(PeriodError);
    expect(() => parseAssessmentPeriod({ kind: 'quarter', quarter: '2026-Q5' })).toThrow(
      PeriodError,
    );
    expect(() =>
      parseAssessmentPeriod({ kind: 'custom', from: '2026-02-30', to: '2026-03-01' }),
    ).toThrow(/real date/);
    expect(() =>
      parseAssessmentPeriod({ kind: 'custom', from: '2026-11-05', to: '2026-11-04' }),
    ).toThrow(/before/);
    expect(() =>
      parseAssessmentPeriod({ kind: 'custom', from: '2025-01-01', to: '2026-06-01' }),
    ).toThrow(/366/);
  });
});

describe('schemes', () => {
  const version = (n: number, effectiveFrom: string): SchemeVersion => ({
    version: n,
    effectiveFrom,
    scheme: DEFAULT_ASSESSMENT_SCHEME,
    createdBy: 'admin',
    createdAtMs: 0,
  });

  it('scores a day with the version of the latest effective day, the newest on a tie', () => {
    const versions = [version(1, '1970-01-01'), version(2, '2026-12-01'), version(3, '2026-12-01')];
    expect(schemeInForce(versions, '2026-11-30')?.version).toBe(1);
    expect(schemeInForce(versions, '2026-12-01')?.version).toBe(3);
    expect(schemeInForce([version(4, '2027-01-01')], '2026-12-31')).toBeNull();
  });

  it('accepts the default scheme and names every bad field', () => {
    expect(validateAssessmentScheme(DEFAULT_ASSESSMENT_SCHEME)).toEqual([]);
    const bad: AssessmentScheme = {
      weights: { ...DEFAULT_ASSESSMENT_SCHEME.weights, on_time: -1 },
      targets: { ...DEFAULT_ASSESSMENT_SCHEME.targets, patrolCoverageShare: 0 },
      deductions: {
        ...DEFAULT_ASSESSMENT_SCHEME.deductions,
        overdue: { pointsEach: 2, maxPoints: 1000 },
      },
    };
    expect(validateAssessmentScheme(bad).map((problem) => problem.field)).toEqual([
      'weights.on_time',
      'targets.patrolCoverageShare',
      'deductions.overdue.maxPoints',
    ]);
    const zero = Object.fromEntries(
      Object.keys(DEFAULT_ASSESSMENT_SCHEME.weights).map((code) => [code, 0]),
    ) as AssessmentScheme['weights'];
    expect(
      validateAssessmentScheme({ ...DEFAULT_ASSESSMENT_SCHEME, weights: zero }).map(
        (problem) => problem.field,
      ),
    ).toEqual(['weights']);
  });
});

describe('deriveIncidentFacts', () => {
  it('meets a deadline fed back in time and misses one returned for rework after it', () => {
    expect(
      deriveIncidentFacts(
        handled('I1', 2, [
          ['feed_back', 5],
          ['verify', 6],
        ]),
        WINDOW,
      ),
    ).toMatchObject({ deadlineMet: true, reworks: 0, feedbackJudged: true });
    // Fed back in time, returned after the due time (25 h), fed back again at 30 h: missed.
    const reworked = handled('I2', 2, [
      ['feed_back', 5],
      ['return_for_rework', 26],
      ['feed_back', 30],
      ['verify', 31],
    ]);
    expect(deriveIncidentFacts(reworked, WINDOW)).toMatchObject({
      deadlineMet: false,
      reworks: 1,
      feedbackJudged: true,
    });
  });

  it('judges a deadline in the period its due time falls in, as the history stood at the end', () => {
    // Due 1 December 09:00 district time: December's, not November's.
    const lastDay = handled('I3', 29, [['feed_back', 2]]);
    expect(deriveIncidentFacts(lastDay, WINDOW).deadlineMet).toBeNull();
    // Due in November, fed back only in December: missed in November whenever it is scored.
    const late = handled('I4', 27, [['feed_back', 24 * 5]]);
    expect(deriveIncidentFacts(late, WINDOW).deadlineMet).toBe(false);
    // A running period judges only what is due by now.
    const running = { ...WINDOW, nowMs: START + 2 * DAY_MS };
    expect(deriveIncidentFacts(handled('I5', 2, []), running).deadlineMet).toBeNull();
  });

  it('counts escalations left unresolved at the end, evaluations and responses of the period', () => {
    const reportedAtMs = START + 3 * DAY_MS;
    const facts = deriveIncidentFacts(
      incident({
        id: 'I6',
        source: 'worker',
        reportedAtMs,
        evaluationScore: 2,
        transitions: [
          { action: 'report', atMs: reportedAtMs },
          { action: 'feed_back', atMs: reportedAtMs + 30 * HOUR_MS },
          { action: 'evaluate', atMs: reportedAtMs + 40 * HOUR_MS },
        ],
        // Resolved by the feedback at 30 h; the one at 31 h is after it and stays unresolved.
        escalationsAtMs: [reportedAtMs + 26 * HOUR_MS, reportedAtMs + 31 * HOUR_MS],
        arrivals: [
          {
            workerId: 7,
            dispatchedAtMs: reportedAtMs + HOUR_MS,
            arrivedAtMs: reportedAtMs + 2 * HOUR_MS,
          },
          { workerId: 7, dispatchedAtMs: START - HOUR_MS, arrivedAtMs: START + HOUR_MS },
        ],
      }),
      WINDOW,
    );
    expect(facts).toMatchObject({
      reported: true,
      foundByWorker: true,
      unresolvedEscalations: 1,
      evaluation: 2,
      responses: [{ workerId: 7, responseMs: HOUR_MS }],
    });
  });
});

describe('scoreAssessment', () => {
  const subjects: AssessmentSubject[] = [
    { level: 'street', key: STREET },
    { level: 'community', key: COMMUNITY },
    { level: 'grid', key: GRID_A },
    { level: 'grid', key: GRID_B },
    { level: 'department', key: 'urban_management' },
    { level: 'department', key: 'housing' },
    { level: 'worker', key: '7' },
    { level: 'worker', key: '8' },
  ];
  const gridCoverage = new Map<string, PatrolLength>([
    [GRID_A, { coveredM: 600, totalM: 1000 }],
    [GRID_B, { coveredM: 1000, totalM: 1000 }],
  ]);
  const workerCoverage = new Map<number, PatrolLength>([[7, { coveredM: 600, totalM: 1000 }]]);
  const dispatchedTo7 = { assigneeWorkerId: 7, department: 'urban_management' };
  // Grid A: 4 incidents. I1 on time, evaluated 5; I2 reworked and late, evaluated 2;
  // I3 found by worker 7, on time, arrival 20 min after dispatch; I4 overdue and unresolved.
  const incidents: AssessedIncident[] = [
    handled(
      'I1',
      1,
      [
        ['feed_back', 5],
        ['verify', 6],
        ['evaluate', 7],
      ],
      {
        ...dispatchedTo7,
        evaluationScore: 5,
      },
    ),
    handled(
      'I2',
      2,
      [
        ['feed_back', 5],
        ['return_for_rework', 26],
        ['feed_back', 30],
        ['verify', 31],
        ['evaluate', 32],
      ],
      { ...dispatchedTo7, evaluationScore: 2 },
    ),
    handled(
      'I3',
      3,
      [
        ['feed_back', 4],
        ['verify', 5],
      ],
      {
        ...dispatchedTo7,
        source: 'worker',
        reporterWorkerId: 7,
        arrivals: [
          {
            workerId: 7,
            dispatchedAtMs: START + 3 * DAY_MS + 9 * HOUR_MS,
            arrivedAtMs: START + 3 * DAY_MS + 9 * HOUR_MS + 20 * MINUTE_MS,
          },
        ],
      },
    ),
    handled('I4', 4, [], {
      ...dispatchedTo7,
      escalationsAtMs: [START + 5 * DAY_MS + 9 * HOUR_MS, START + 5 * DAY_MS + 11 * HOUR_MS],
    }),
  ];
  const result = scoreAssessment({
    window: WINDOW,
    scheme: DEFAULT_ASSESSMENT_SCHEME,
    incidents,
    subjects,
    gridCoverage,
    workerCoverage,
  });
  const of = (level: string, key: string) =>
    result.find((entry) => entry.level === level && entry.key === key)!;

  it('computes the indicators of a grid by hand', () => {
    const grid = of('grid', GRID_A);
    expect(grid.indicators).toMatchObject({
      reported: 4,
      deadlinesJudged: 4,
      deadlinesMet: 2,
      onTimeRate: 0.5,
      overdueCount: 2,
      feedbacksJudged: 3,
      reworkedIncidents: 1,
      evaluations: 2,
      satisfaction: 3.5,
      foundByWorkers: 1,
      foundShare: 0.25,
      patrolCoverage: 0.6,
      responses: 1,
      responseMeanMs: 20 * MINUTE_MS,
      responseOnTimeShare: 1,
    });
    expect(grid.indicators.reworkRate).toBeCloseTo(1 / 3);
  });

  it('weighs the indicators, takes the capped deductions and names their incidents', () => {
    const grid = of('grid', GRID_A);
    // on_time 0.5×30, rework (2/3)×15, satisfaction (2.5/4)×20, found (0.25/0.5)×10,
    // coverage (0.6/0.8)×15, response 1×10: 15 + 10 + 12.5 + 5 + 11.25 + 10 = 63.75 of 100.
    expect(grid.baseScore).toBe(63.75);
    expect(grid.deductions).toEqual([
      { kind: 'overdue', count: 2, points: 4, incidentIds: ['I2', 'I4'] },
      { kind: 'rework', count: 1, points: 1, incidentIds: ['I2'] },
      { kind: 'unresolved_escalation', count: 2, points: 6, incidentIds: ['I4'] },
      { kind: 'low_satisfaction', count: 1, points: 2, incidentIds: ['I2'] },
    ]);
    expect(grid.deductionPoints).toBe(13);
    expect(grid.score).toBe(50.75);
    // The community and the street hold the same incidents; their coverage is both grids'.
    expect(of('community', COMMUNITY).indicators.patrolCoverage).toBe(0.8);
    expect(of('street', STREET).deductionPoints).toBe(13);
  });

  it('scores a worker on their own reports and coverage, a department without either', () => {
    const worker = of('worker', '7');
    // Found 1 of 20 per 30 days: 0.05 × 10; otherwise as the grid with coverage 0.6/0.8.
    expect(worker.indicatorValues.worker_found).toBeCloseTo(0.05);
    expect(worker.baseScore).toBe(roundTo2(((15 + 10 + 12.5 + 0.5 + 11.25 + 10) / 100) * 100));
    const department = of('department', 'urban_management');
    expect(department.indicatorValues.worker_found).toBeNull();
    expect(department.indicatorValues.patrol_coverage).toBeNull();
    // (15 + 10 + 12.5 + 10) of the 75 points that apply.
    expect(department.baseScore).toBe(roundTo2((47.5 / 75) * 100));
  });

  it('keeps a coverage share within 1 when the summed pieces overshoot the total by a hair', () => {
    const [overshoot] = scoreAssessment({
      window: WINDOW,
      scheme: DEFAULT_ASSESSMENT_SCHEME,
      incidents: [],
      subjects: [{ level: 'grid', key: GRID_B }],
      gridCoverage: new Map([[GRID_B, { coveredM: 1000.0000000000009, totalM: 1000 }]]),
      workerCoverage,
    });
    expect(overshoot!.indicators.patrolCoverage).toBe(1);
  });

  it('ranks best first, unscored last, and caps a deduction at its maximum', () => {
    const grids = result.filter((entry) => entry.level === 'grid');
    // Grid B has only coverage: 100 % of the target.
    expect(grids.map((entry) => [entry.key, entry.score, entry.rank])).toEqual([
      [GRID_B, 100, 1],
      [GRID_A, 50.75, 2],
    ]);
    // Nothing to judge for the housing department: no score, ranked after the others.
    const departments = result.filter((entry) => entry.level === 'department');
    expect(departments.map((entry) => [entry.key, entry.rank])).toEqual([
      ['urban_management', 1],
      ['housing', null],
    ]);
    // A worker who found nothing is judged on it: 0 of the found-by-workers target.
    const idle = of('worker', '8');
    expect([idle.baseScore, idle.score, idle.rank]).toEqual([0, 0, 2]);
    const strict = scoreAssessment({
      window: WINDOW,
      scheme: {
        ...DEFAULT_ASSESSMENT_SCHEME,
        deductions: {
          ...DEFAULT_ASSESSMENT_SCHEME.deductions,
          unresolved_escalation: { pointsEach: 10, maxPoints: 15 },
        },
      },
      incidents,
      subjects: [{ level: 'grid', key: GRID_A }],
      gridCoverage,
      workerCoverage,
    });
    expect(strict[0]!.deductions.find((entry) => entry.kind === 'unresolved_escalation')).toEqual({
      kind: 'unresolved_escalation',
      count: 2,
      points: 15,
      incidentIds: ['I4'],
    });
  });
});

function roundTo2(value: number): number {
  return Math.round(value * 100) / 100;
}

describe('rankByScore', () => {
  it('ranks siblings best first, shares a rank on a tie, and leaves the unscored last unranked', () => {
    const ranked = rankByScore([
      { key: 'c', score: 80 },
      { key: 'a', score: null },
      { key: 'd', score: 92.5 },
      { key: 'b', score: 80 },
    ]);
    expect(ranked.map((entry) => [entry.key, entry.rank])).toEqual([
      ['d', 1],
      ['b', 2],
      ['c', 2],
      ['a', null],
    ]);
    expect(rankByScore([])).toEqual([]);
  });
});
