/**
 * The scoring scheme (考核方案) is data: indicator weights, the targets that give an indicator
 * full marks, and the deduction rules (扣分: points off per overdue incident, per rework, ...).
 * Schemes are versioned: a version takes effect from a district day, and a period is scored with
 * the version in force on its first day. Versions are never changed once written.
 */

/** The indicators that make up the base score, each worth 0..1 before its weight. */
export const INDICATOR_CODES = [
  'on_time',
  'rework',
  'satisfaction',
  'worker_found',
  'patrol_coverage',
  'response',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** What a deduction is taken for; each names the incidents behind it. */
export const DEDUCTION_KINDS = [
  'overdue',
  'rework',
  'unresolved_escalation',
  'low_satisfaction',
] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

export interface DeductionRule {
  /** Points off for each occurrence. */
  pointsEach: number;
  /** At most this many points off per subject and period (null: no cap). */
  maxPoints: number | null;
}

export interface AssessmentTargets {
  /** Share of a grid's reports found by its workers that earns full marks. */
  workerFoundShare: number;
  /** Reports a worker finds per 30 days for full marks (scaled by the period's length). */
  workerFoundPer30Days: number;
  /** Share of the streets within reach of the worker's fixes that earns full marks. */
  patrolCoverageShare: number;
  /** An arrival within this many minutes of the dispatch counts as a timely response. */
  responseMinutes: number;
  /** An evaluation at or below this score (1..5) is a complaint and costs points. */
  lowSatisfactionAtMost: number;
}

export interface AssessmentScheme {
  weights: Record<IndicatorCode, number>;
  targets: AssessmentTargets;
  deductions: Record<DeductionKind, DeductionRule>;
}

export interface SchemeVersion {
  version: number;
  /** District day (`YYYY-MM-DD`) from which the version is in force. */
  effectiveFrom: string;
  scheme: AssessmentScheme;
  createdBy: string;
  createdAtMs: number;
}

/** The scheme a new district starts with (seeded as version 1, in force from the start). */
export const DEFAULT_ASSESSMENT_SCHEME: AssessmentScheme = {
  weights: {
    on_time: 30,
    rework: 15,
    satisfaction: 20,
    worker_found: 10,
    patrol_coverage: 15,
    response: 10,
  },
  targets: {
    workerFoundShare: 0.5,
    workerFoundPer30Days: 20,
    patrolCoverageShare: 0.8,
    responseMinutes: 30,
    lowSatisfactionAtMost: 2,
  },
  deductions: {
    overdue: { pointsEach: 2, maxPoints: 20 },
    rework: { pointsEach: 1, maxPoints: 10 },
    unresolved_escalation: { pointsEach: 3, maxPoints: 15 },
    low_satisfaction: { pointsEach: 2, maxPoints: 10 },
  },
};

/** The version in force on `day` (`YYYY-MM-DD`): latest effective day, then highest version. */
export function schemeInForce(
  versions: readonly SchemeVersion[],
  day: string,
): SchemeVersion | null {
  let found: SchemeVersion | null = null;
  for (const candidate of versions) {
    if (candidate.effectiveFrom > day) continue;
    if (
      found === null ||
      candidate.effectiveFrom > found.effectiveFrom ||
      (candidate.effectiveFrom === found.effectiveFrom && candidate.version > found.version)
    ) {
      found = candidate;
    }
  }
  return found;
}

export interface SchemeProblem {
  field: string;
  zh: string;
  en: string;
}

const MAX_WEIGHT = 100;
const MAX_POINTS = 100;
const MAX_RESPONSE_MINUTES = 24 * 60;
const MAX_FOUND_PER_30_DAYS = 1000;
const MIN_EVALUATION = 1;
const MAX_EVALUATION = 5;

function checkRange(
  problems: SchemeProblem[],
  field: string,
  value: number,
  min: number,
  max: number,
  minExclusive = false,
): void {
  const tooLow = minExclusive ? value <= min : value < min;
  if (!Number.isFinite(value) || tooLow || value > max) {
    const low = minExclusive ? `大于 ${min}` : `不小于 ${min}`;
    const lowEn = minExclusive ? `above ${min}` : `at least ${min}`;
    problems.push({
      field,
      zh: `应${low}且不大于 ${max}`,
      en: `must be ${lowEn} and at most ${max}`,
    });
  }
}

/** Every problem of a scheme an administrator wrote (empty: it may be saved). */
export function validateAssessmentScheme(scheme: AssessmentScheme): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  for (const code of INDICATOR_CODES) {
    checkRange(problems, `weights.${code}`, scheme.weights[code], 0, MAX_WEIGHT);
  }
  const weightSum = INDICATOR_CODES.reduce((sum, code) => sum + scheme.weights[code], 0);
  if (!(weightSum > 0)) {
    problems.push({
      field: 'weights',
      zh: '权重之和应大于 0',
      en: 'the weights must not all be 0',
    });
  }
  const { targets } = scheme;
  checkRange(problems, 'targets.workerFoundShare', targets.workerFoundShare, 0, 1, true);
  checkRange(
    problems,
    'targets.workerFoundPer30Days',
    targets.workerFoundPer30Days,
    0,
    MAX_FOUND_PER_30_DAYS,
    true,
  );
  checkRange(problems, 'targets.patrolCoverageShare', targets.patrolCoverageShare, 0, 1, true);
  checkRange(
    problems,
    'targets.responseMinutes',
    targets.responseMinutes,
    0,
    MAX_RESPONSE_MINUTES,
    true,
  );
  checkRange(
    problems,
    'targets.lowSatisfactionAtMost',
    targets.lowSatisfactionAtMost,
    MIN_EVALUATION - 1,
    MAX_EVALUATION,
  );
  for (const kind of DEDUCTION_KINDS) {
    const rule = scheme.deductions[kind];
    checkRange(problems, `deductions.${kind}.pointsEach`, rule.pointsEach, 0, MAX_POINTS);
    if (rule.maxPoints !== null) {
      checkRange(problems, `deductions.${kind}.maxPoints`, rule.maxPoints, 0, MAX_POINTS);
    }
  }
  return problems;
}
