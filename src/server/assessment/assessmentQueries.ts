/**
 * The assessment of a period inside the caller's scope: reads the raw incident rows and the
 * workers' fixes of the period, measures patrol coverage, and lets the domain score and rank
 * with the scheme in force on the period's first day. Worker names are masked for callers
 * without the reveal permission; every read is audited (worker performance is about people).
 *
 * Patrol coverage is the worker card's measure over the period: the share of the grid's street
 * length within COVERAGE_BUFFER_M of a fix (fixes reduced first to cells of COVERAGE_CELL_DEG).
 */
import {
  parseAssessmentPeriod,
  PeriodError,
  type AssessmentPeriod,
} from '../../domain/assessment/assessmentPeriod';
import { schemeInForce, type SchemeVersion } from '../../domain/assessment/assessmentScheme';
import {
  scoreAssessment,
  SUBJECT_LEVELS,
  type AssessmentSubject,
  type PatrolLength,
  type SubjectAssessment,
} from '../../domain/assessment/scoreAssessment';
import { DAY_MS, districtDayStartMs } from '../../domain/districtTime';
import { isInScope } from '../../domain/gridCode';
import { GRID_LEVELS, type GridRecord } from '../../domain/registry';
import type { Department } from '../../shared/api';
import type { AssessmentQuery, AssessmentReport, SubjectScoreWire } from '../../shared/assessment';
import type { SubjectLevel } from '../../domain/assessment/scoreAssessment';
import type { AuditRepository } from '../audit/auditRepository';
import { LocalizedError, type Caller } from '../registry/accessErrors';
import type { GridStreets } from '../tracking/gridStreets';
import { isWorkerVisible } from '../tracking/liveSubscriptions';
import type { WorkerRecord } from '../tracking/trackingRepository';
import { maskWorkerName } from '../tracking/workerMapper';
import type { AssessmentRepository } from './assessmentRepository';
import { coverageOf, measureGridCoverage, visitedPlacesByWorker } from './gridPatrolCoverage';

export const AUDIT_ACTION_READ_ASSESSMENT = 'read_assessment';

const AREA_LEVELS: ReadonlyArray<[SubjectLevel, number]> = [
  ['street', GRID_LEVELS.street],
  ['community', GRID_LEVELS.community],
  ['grid', GRID_LEVELS.grid],
];

export interface AssessmentContext {
  store: AssessmentRepository;
  listGrids(): GridRecord[];
  streets: Pick<GridStreets, 'streetsOf'>;
  listWorkers(): WorkerRecord[];
  listDepartments(): Department[];
  audit: Pick<AuditRepository, 'recordAudit'>;
  nowMs: number;
  /** Fixes older than this many days are purged: coverage counts only what is kept. */
  positionRetentionDays: number;
}

export interface AssessmentCaller extends Caller {
  canReveal: boolean;
}

/** The scored period, before names: what the report and the workbook are made from. */
export interface AssessmentRun {
  period: AssessmentPeriod;
  asOfMs: number;
  scheme: SchemeVersion;
  results: SubjectAssessment[];
  patrolFixesFromMs: number;
}

export function periodOf(query: AssessmentQuery, nowMs: number): AssessmentPeriod {
  let period: AssessmentPeriod;
  try {
    period = parseAssessmentPeriod(query);
  } catch (error) {
    if (error instanceof PeriodError) {
      throw new LocalizedError(400, {
        zh: `${error.field}：${error.zh}`,
        en: `${error.field}: ${error.message}`,
      });
    }
    throw error;
  }
  if (period.startMs > nowMs) {
    throw new LocalizedError(400, {
      zh: '该期间尚未开始，无法考核',
      en: 'the period has not begun: there is nothing to assess yet',
    });
  }
  return period;
}

/**
 * `areas`: streets, communities and grids only (the leader wall's score: no department or
 * worker is scored, and nothing about a person is read but the fixes behind grid coverage, so
 * the read is not audited as a worker assessment).
 */
export type AssessmentSubjects = 'all' | 'areas';

export async function runAssessment(
  context: AssessmentContext,
  caller: AssessmentCaller,
  query: AssessmentQuery,
  subjectsToScore: AssessmentSubjects = 'all',
): Promise<AssessmentRun> {
  const { nowMs, store } = context;
  const period = periodOf(query, nowMs);
  const scheme = schemeInForce(await store.listSchemeVersions(), period.firstDay);
  if (scheme === null) {
    throw new LocalizedError(409, {
      zh: `${period.firstDay} 没有生效的考核方案`,
      en: `no assessment scheme is in force on ${period.firstDay}`,
    });
  }
  const asOfMs = Math.min(period.endMs, nowMs);
  const grids = context.listGrids().filter((grid) => isInScope(grid.code, caller.scopes));
  const workers = context.listWorkers().filter((worker) => isWorkerVisible(worker, caller.scopes));
  const scoresPeople = subjectsToScore === 'all';
  const subjects: AssessmentSubject[] = [
    ...AREA_LEVELS.flatMap(([level, gridLevel]) =>
      grids.filter((grid) => grid.level === gridLevel).map((grid) => ({ level, key: grid.code })),
    ),
    ...(scoresPeople
      ? [
          ...context.listDepartments().map((department) => ({
            level: 'department' as const,
            key: department.code,
          })),
          ...workers.map((worker) => ({ level: 'worker' as const, key: String(worker.workerId) })),
        ]
      : []),
  ];

  // The first whole day the purge has not touched: older days have lost (some of) their fixes.
  const patrolFixesFromMs = Math.max(
    period.startMs,
    districtDayStartMs(nowMs - context.positionRetentionDays * DAY_MS) + DAY_MS,
  );
  const placesByWorker = await visitedPlacesByWorker(store, workers, patrolFixesFromMs, asOfMs);
  const gridCoverage = measureGridCoverage(
    grids.filter((candidate) => candidate.level === GRID_LEVELS.grid).map((grid) => grid.code),
    context.streets,
    workers,
    placesByWorker,
  );
  const workerCoverage = new Map<number, PatrolLength>();
  for (const worker of scoresPeople ? workers : []) {
    const streets = worker.gridCodes.flatMap((code) => context.streets.streetsOf(code));
    workerCoverage.set(
      worker.workerId,
      coverageOf(streets, placesByWorker.get(worker.workerId) ?? []),
    );
  }

  const results = scoreAssessment({
    window: { startMs: period.startMs, endMs: period.endMs, nowMs },
    scheme: scheme.scheme,
    incidents: await store.listIncidentsForPeriod(period.startMs, period.endMs, caller.scopes),
    subjects,
    gridCoverage,
    workerCoverage,
  });
  if (scoresPeople) await auditRead(context, caller, period.label, scheme.version, workers.length);
  return { period, asOfMs, scheme, results, patrolFixesFromMs };
}

async function auditRead(
  context: AssessmentContext,
  caller: AssessmentCaller,
  periodLabel: string,
  schemeVersion: number,
  workerCount: number,
): Promise<void> {
  await context.audit.recordAudit({
    at: new Date(context.nowMs).toISOString(),
    username: caller.username,
    action: AUDIT_ACTION_READ_ASSESSMENT,
    targetType: 'assessment',
    targetId: periodLabel,
    fields: JSON.stringify({ scheme: schemeVersion, workers: workerCount }),
    reason: '',
  });
}

/** Names in both languages for each subject; worker names masked unless the caller may reveal. */
export function nameSubjects(
  context: Pick<AssessmentContext, 'listGrids' | 'listWorkers' | 'listDepartments'>,
  caller: AssessmentCaller,
): (level: SubjectLevel, key: string) => { name: string; nameEn: string } {
  const grids = new Map(context.listGrids().map((grid) => [grid.code, grid]));
  const departments = new Map(context.listDepartments().map((entry) => [entry.code, entry]));
  const workers = new Map(context.listWorkers().map((worker) => [String(worker.workerId), worker]));
  return (level, key) => {
    if (level === 'department') {
      const department = departments.get(key);
      return { name: department?.name ?? key, nameEn: department?.nameEn ?? key };
    }
    if (level === 'worker') {
      const worker = workers.get(key);
      if (worker === undefined) return { name: key, nameEn: key };
      return caller.canReveal
        ? { name: worker.name, nameEn: worker.nameEn }
        : { name: maskWorkerName(worker.name), nameEn: maskWorkerName(worker.nameEn) };
    }
    const grid = grids.get(key);
    return { name: grid?.name ?? key, nameEn: grid?.nameEn ?? key };
  };
}

export function toAssessmentReport(
  run: AssessmentRun,
  nameOf: ReturnType<typeof nameSubjects>,
): AssessmentReport {
  const rankings = Object.fromEntries(
    SUBJECT_LEVELS.map((level) => [level, [] as SubjectScoreWire[]]),
  ) as AssessmentReport['rankings'];
  for (const result of run.results) {
    rankings[result.level].push({
      key: result.key,
      ...nameOf(result.level, result.key),
      rank: result.rank,
      score: result.score,
      baseScore: result.baseScore,
      deductionPoints: result.deductionPoints,
      indicators: result.indicators,
      deductions: result.deductions,
    });
  }
  const { period } = run;
  return {
    period: {
      label: period.label,
      firstDay: period.firstDay,
      lastDay: period.lastDay,
      startMs: period.startMs,
      endMs: period.endMs,
    },
    complete: run.asOfMs === period.endMs,
    asOfMs: run.asOfMs,
    patrolFixesFromMs: run.patrolFixesFromMs,
    scheme: { version: run.scheme.version, effectiveFrom: run.scheme.effectiveFrom },
    rankings,
  };
}
