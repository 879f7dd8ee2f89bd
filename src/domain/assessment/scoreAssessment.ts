/**
 * Scores and ranks the subjects of an assessment — streets, communities, base grids, departments
 * and grid workers — from the incidents of a period, the patrol coverage measured for it and the
 * scheme in force. Pure: the server reads the raw tables and measures coverage; this decides.
 *
 * Base score: the weighted mean of the indicators that apply (each 0..1) times 100; an indicator
 * with nothing to judge (no deadline fell due, no evaluation, no arrival, ...) is left out and
 * its weight with it. Score: the base minus the deductions (never below 0). A subject with no
 * indicator to judge has no score and is ranked after the others.
 */
import { gridCodeLength } from '../gridCode';
import type { GridLevel } from '../registry';
import {
  DEDUCTION_KINDS,
  INDICATOR_CODES,
  type AssessmentScheme,
  type DeductionKind,
  type IndicatorCode,
} from './assessmentScheme';
import { periodDays } from './assessmentPeriod';
import { deriveIncidentFacts, type AssessedIncident, type JudgingWindow } from './incidentFacts';

export const SUBJECT_LEVELS = ['street', 'community', 'grid', 'department', 'worker'] as const;
export type SubjectLevel = (typeof SUBJECT_LEVELS)[number];

const GRID_LEVEL_OF: Record<'street' | 'community' | 'grid', GridLevel> = {
  street: 2,
  community: 3,
  grid: 4,
};
const MIN_EVALUATION = 1;
const MAX_EVALUATION = 5;
const DAYS_PER_TARGET_PERIOD = 30;
const MINUTE_MS = 60_000;
const FULL_MARKS = 100;
const SCORE_DECIMALS = 100;

export interface AssessmentSubject {
  level: SubjectLevel;
  /** Grid code, department code, or the worker id as a string. */
  key: string;
}

/** Street length of a base grid or a worker's grids, and the part within reach of their fixes. */
export interface PatrolLength {
  coveredM: number;
  totalM: number;
}

export interface AssessmentInput {
  window: JudgingWindow;
  scheme: AssessmentScheme;
  incidents: readonly AssessedIncident[];
  subjects: readonly AssessmentSubject[];
  /** Per base grid code: its streets and what its workers' fixes covered. */
  gridCoverage: ReadonlyMap<string, PatrolLength>;
  /** Per worker id: the streets of the worker's grids and what their own fixes covered. */
  workerCoverage: ReadonlyMap<number, PatrolLength>;
}

export interface AssessmentIndicators {
  reported: number;
  /** Deadlines judged in the period and those met. */
  deadlinesJudged: number;
  deadlinesMet: number;
  onTimeRate: number | null;
  overdueCount: number;
  feedbacksJudged: number;
  reworkedIncidents: number;
  reworkRate: number | null;
  evaluations: number;
  /** Mean evaluate score, 1..5. */
  satisfaction: number | null;
  foundByWorkers: number;
  /** Share of the reports found by workers (grid levels only). */
  foundShare: number | null;
  patrolCoverage: number | null;
  responses: number;
  responseMeanMs: number | null;
  /** Share of arrivals within the scheme's response time. */
  responseOnTimeShare: number | null;
}

export interface DeductionEntry {
  kind: DeductionKind;
  count: number;
  /** After the rule's cap. */
  points: number;
  /** The incidents behind it, each once. */
  incidentIds: string[];
}

export interface SubjectAssessment extends AssessmentSubject {
  indicators: AssessmentIndicators;
  /** Each applicable indicator's 0..1 value (null: not judged). */
  indicatorValues: Record<IndicatorCode, number | null>;
  baseScore: number | null;
  deductionPoints: number;
  score: number | null;
  /** 1 = best; equal scores share a rank; null when not scored. */
  rank: number | null;
  deductions: DeductionEntry[];
}

interface Tally {
  reported: number;
  foundByWorkers: number;
  deadlinesJudged: number;
  deadlinesMet: number;
  feedbacksJudged: number;
  reworkedIncidents: number;
  evaluations: number[];
  responsesMs: number[];
  occurrences: Record<DeductionKind, { count: number; incidentIds: Set<string> }>;
}

function emptyTally(): Tally {
  const occurrences = {} as Tally['occurrences'];
  for (const kind of DEDUCTION_KINDS) occurrences[kind] = { count: 0, incidentIds: new Set() };
  return {
    reported: 0,
    foundByWorkers: 0,
    deadlinesJudged: 0,
    deadlinesMet: 0,
    feedbacksJudged: 0,
    reworkedIncidents: 0,
    evaluations: [],
    responsesMs: [],
    occurrences,
  };
}

export function subjectKey(level: SubjectLevel, key: string): string {
  return `${level}:${key}`;
}

function note(tally: Tally, kind: DeductionKind, incidentId: string, count: number): void {
  if (count <= 0) return;
  tally.occurrences[kind].count += count;
  tally.occurrences[kind].incidentIds.add(incidentId);
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const capped = (value: number | null) => (value === null ? null : Math.min(1, value));
const roundScore = (value: number) => Math.round(value * SCORE_DECIMALS) / SCORE_DECIMALS;

/** Sums the coverage of the base grids under a street or community code. */
function coverageUnder(code: string, gridCoverage: ReadonlyMap<string, PatrolLength>) {
  let coveredM = 0;
  let totalM = 0;
  for (const [gridCode, length] of gridCoverage) {
    if (!gridCode.startsWith(code)) continue;
    coveredM += length.coveredM;
    totalM += length.totalM;
  }
  return coverageShare(coveredM, totalM);
}

/** Sums of floating-point pieces can overshoot the total by a hair: a share stays within 1. */
function coverageShare(coveredM: number, totalM: number): number | null {
  const share = ratio(coveredM, totalM);
  return share === null ? null : Math.min(1, share);
}

export function scoreAssessment(input: AssessmentInput): SubjectAssessment[] {
  const { scheme, window } = input;
  const tallies = new Map<string, Tally>();
  for (const subject of input.subjects) {
    tallies.set(subjectKey(subject.level, subject.key), emptyTally());
  }
  const tallyOf = (level: SubjectLevel, key: string | number | null) =>
    key === null ? undefined : tallies.get(subjectKey(level, String(key)));

  for (const incident of input.incidents) {
    const facts = deriveIncidentFacts(incident, window);
    const areaTallies = (['street', 'community', 'grid'] as const).map((level) =>
      tallyOf(level, incident.gridCode.slice(0, gridCodeLength(GRID_LEVEL_OF[level]))),
    );
    const handlers = [...areaTallies, tallyOf('department', incident.department)];
    const assignee = tallyOf('worker', incident.assigneeWorkerId);
    for (const tally of [...handlers, assignee]) {
      if (tally === undefined) continue;
      if (facts.deadlineMet !== null) {
        tally.deadlinesJudged += 1;
        if (facts.deadlineMet) tally.deadlinesMet += 1;
        else note(tally, 'overdue', incident.id, 1);
      }
      if (facts.feedbackJudged) tally.feedbacksJudged += 1;
      if (facts.reworks > 0) tally.reworkedIncidents += 1;
      note(tally, 'rework', incident.id, facts.reworks);
      if (facts.evaluation !== null) {
        tally.evaluations.push(facts.evaluation);
        if (facts.evaluation <= scheme.targets.lowSatisfactionAtMost) {
          note(tally, 'low_satisfaction', incident.id, 1);
        }
      }
      note(tally, 'unresolved_escalation', incident.id, facts.unresolvedEscalations);
    }
    for (const tally of areaTallies) {
      if (tally === undefined) continue;
      if (facts.reported) tally.reported += 1;
      if (facts.foundByWorker) tally.foundByWorkers += 1;
      for (const response of facts.responses) tally.responsesMs.push(response.responseMs);
    }
    const department = tallyOf('department', incident.department);
    if (department !== undefined) {
      if (facts.reported) department.reported += 1;
      for (const response of facts.responses) department.responsesMs.push(response.responseMs);
    }
    const reporter = tallyOf('worker', incident.reporterWorkerId);
    if (reporter !== undefined && facts.foundByWorker) reporter.foundByWorkers += 1;
    for (const response of facts.responses) {
      tallyOf('worker', response.workerId)?.responsesMs.push(response.responseMs);
    }
  }

  const assessed = input.subjects.map((subject) =>
    assessSubject(subject, tallies.get(subjectKey(subject.level, subject.key))!, input),
  );
  return rankWithinLevels(assessed);
}

function assessSubject(
  subject: AssessmentSubject,
  tally: Tally,
  input: AssessmentInput,
): SubjectAssessment {
  const { scheme, window } = input;
  const responseTargetMs = scheme.targets.responseMinutes * MINUTE_MS;
  const satisfaction = mean(tally.evaluations);
  const isArea = subject.level !== 'department' && subject.level !== 'worker';
  const foundShare = isArea ? ratio(tally.foundByWorkers, tally.reported) : null;
  const foundTarget =
    (scheme.targets.workerFoundPer30Days * periodDays(window)) / DAYS_PER_TARGET_PERIOD;
  const workerLength =
    subject.level === 'worker' ? input.workerCoverage.get(Number(subject.key)) : undefined;
  const patrolCoverage = isArea
    ? coverageUnder(subject.key, input.gridCoverage)
    : workerLength === undefined
      ? null
      : coverageShare(workerLength.coveredM, workerLength.totalM);
  const responsesOnTime = tally.responsesMs.filter((ms) => ms <= responseTargetMs).length;
  const indicators: AssessmentIndicators = {
    reported: tally.reported,
    deadlinesJudged: tally.deadlinesJudged,
    deadlinesMet: tally.deadlinesMet,
    onTimeRate: ratio(tally.deadlinesMet, tally.deadlinesJudged),
    overdueCount: tally.deadlinesJudged - tally.deadlinesMet,
    feedbacksJudged: tally.feedbacksJudged,
    reworkedIncidents: tally.reworkedIncidents,
    reworkRate: ratio(tally.reworkedIncidents, tally.feedbacksJudged),
    evaluations: tally.evaluations.length,
    satisfaction,
    foundByWorkers: tally.foundByWorkers,
    foundShare,
    patrolCoverage,
    responses: tally.responsesMs.length,
    responseMeanMs: mean(tally.responsesMs),
    responseOnTimeShare: ratio(responsesOnTime, tally.responsesMs.length),
  };
  const indicatorValues: Record<IndicatorCode, number | null> = {
    on_time: indicators.onTimeRate,
    rework: indicators.reworkRate === null ? null : 1 - indicators.reworkRate,
    satisfaction:
      satisfaction === null
        ? null
        : (satisfaction - MIN_EVALUATION) / (MAX_EVALUATION - MIN_EVALUATION),
    worker_found:
      subject.level === 'department'
        ? null
        : subject.level === 'worker'
          ? capped(tally.foundByWorkers / foundTarget)
          : capped(foundShare === null ? null : foundShare / scheme.targets.workerFoundShare),
    patrol_coverage: capped(
      patrolCoverage === null ? null : patrolCoverage / scheme.targets.patrolCoverageShare,
    ),
    response: indicators.responseOnTimeShare,
  };
  let weighted = 0;
  let weightSum = 0;
  for (const code of INDICATOR_CODES) {
    const value = indicatorValues[code];
    const weight = scheme.weights[code];
    if (value === null || weight <= 0) continue;
    weighted += weight * value;
    weightSum += weight;
  }
  const baseScore = weightSum === 0 ? null : roundScore((FULL_MARKS * weighted) / weightSum);
  const deductions = DEDUCTION_KINDS.flatMap((kind): DeductionEntry[] => {
    const { count, incidentIds } = tally.occurrences[kind];
    if (count === 0) return [];
    const rule = scheme.deductions[kind];
    const points = Math.min(count * rule.pointsEach, rule.maxPoints ?? Number.POSITIVE_INFINITY);
    return [{ kind, count, points, incidentIds: [...incidentIds].sort() }];
  });
  const deductionPoints = deductions.reduce((sum, entry) => sum + entry.points, 0);
  return {
    ...subject,
    indicators,
    indicatorValues,
    baseScore,
    deductionPoints,
    score: baseScore === null ? null : roundScore(Math.max(0, baseScore - deductionPoints)),
    rank: null,
    deductions,
  };
}

/**
 * Best first; equal scores share a rank (1, 1, 3); unscored last, without a rank; ties in order
 * of key. Ranks a level of the assessment, or a unit among its siblings (same parent).
 */
export function rankByScore<T extends { key: string; score: number | null }>(
  entries: readonly T[],
): Array<T & { rank: number | null }> {
  const sorted = [...entries].sort(
    (a, b) =>
      (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY) ||
      a.key.localeCompare(b.key),
  );
  const ranked: Array<T & { rank: number | null }> = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const rank =
      entry.score === null
        ? null
        : previous !== undefined && previous.score === entry.score
          ? previous.rank
          : index + 1;
    ranked.push({ ...entry, rank });
  });
  return ranked;
}

/** Best first within each level (rankByScore). */
function rankWithinLevels(assessed: SubjectAssessment[]): SubjectAssessment[] {
  return SUBJECT_LEVELS.flatMap((level) =>
    rankByScore(assessed.filter((entry) => entry.level === level)),
  );
}
