/**
 * Wire types of the assessment (考核): a period's scores and ranks per level with the deductions
 * and the incidents behind them, and the versions of the scoring scheme. Names of workers are
 * masked for callers without the reveal permission; nothing else personal is in them.
 */
import type {
  AssessmentScheme,
  DeductionKind,
  IndicatorCode,
} from '../domain/assessment/assessmentScheme';
import type { AssessmentIndicators, SubjectLevel } from '../domain/assessment/scoreAssessment';

export type { AssessmentScheme, DeductionKind, IndicatorCode, AssessmentIndicators, SubjectLevel };
export { SUBJECT_LEVELS } from '../domain/assessment/scoreAssessment';
export { INDICATOR_CODES, DEDUCTION_KINDS } from '../domain/assessment/assessmentScheme';

export const ASSESSMENT_API_PATH = '/api/assessment';
export const ASSESSMENT_EXPORT_API_PATH = '/api/assessment/export.xlsx';
export const ASSESSMENT_SCHEMES_API_PATH = '/api/assessment/schemes';

/** The query of a report or its export: one of the three period kinds. */
export type AssessmentQuery =
  | { kind: 'month'; month: string }
  | { kind: 'quarter'; quarter: string }
  | { kind: 'custom'; from: string; to: string };

export interface DeductionWire {
  kind: DeductionKind;
  count: number;
  points: number;
  incidentIds: string[];
}

export interface SubjectScoreWire {
  /** Grid code, department code, or worker id. */
  key: string;
  name: string;
  nameEn: string;
  rank: number | null;
  score: number | null;
  baseScore: number | null;
  deductionPoints: number;
  indicators: AssessmentIndicators;
  deductions: DeductionWire[];
}

export interface AssessmentReport {
  period: { label: string; firstDay: string; lastDay: string; startMs: number; endMs: number };
  /** False while the period is still running: figures are as of now. */
  complete: boolean;
  asOfMs: number;
  /** Fixes before this are purged (retention): patrol coverage counts from here. */
  patrolFixesFromMs: number;
  scheme: { version: number; effectiveFrom: string };
  rankings: Record<SubjectLevel, SubjectScoreWire[]>;
}

export interface SchemeVersionWire {
  version: number;
  effectiveFrom: string;
  scheme: AssessmentScheme;
  createdBy: string;
  createdAtMs: number;
}

export interface SchemeVersionsResponse {
  /** The district day today: a new version takes effect the day after at the earliest. */
  today: string;
  inForceVersion: number | null;
  versions: SchemeVersionWire[];
}

export interface CreateSchemeVersionRequest {
  effectiveFrom: string;
  scheme: AssessmentScheme;
}

/**
 * The leader wall's and the tour's view of the assessment: one area's score, aggregates only.
 * Allowed in the public wall modes, unlike the full report (which names workers).
 */
export const AREA_SCORE_API_PATH = '/api/assessment/area-score';

export type AreaLevel = 'street' | 'community' | 'grid';

/** Query of the area score: a grid code of any level; the month defaults to the last one. */
export interface AreaScoreQuery {
  gridCode?: string;
  month?: string;
}

/** A deduction as a count: no incident numbers, no names. */
export interface AreaDeduction {
  kind: DeductionKind;
  count: number;
  points: number;
}

export interface AreaScore {
  gridCode: string;
  level: AreaLevel;
  score: number | null;
  baseScore: number | null;
  deductionPoints: number;
  /** Among its siblings (same parent) inside the caller's scope; null when not scored. */
  rank: number | null;
  /** How many siblings (itself included) are ranked against each other. */
  siblings: number;
  indicators: AssessmentIndicators;
  /** Largest points first; kinds with no occurrence left out. */
  deductions: AreaDeduction[];
}

export interface AreaScoreResponse {
  /** The selected level; null: the caller's whole scope. */
  gridCode: string | null;
  period: { label: string; firstDay: string; lastDay: string };
  complete: boolean;
  scheme: { version: number };
  /** The selected street, community or grid; null for the district or the whole scope. */
  area: AreaScore | null;
  /** The next level down inside the scope (a grid has none), best first. */
  children: AreaScore[];
}
