/**
 * The data the grid checks work on: a grid read from the file, one already in the register, and
 * the callback through which every check reports a problem of a grid.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { GridLevel } from '../../../domain/registry';
import type { ImportProblemPlace } from '../importKind';

export type AreaGeometryJson = Polygon | MultiPolygon;

/** One grid as read and converted to WGS84, before checks. */
export interface GridCandidate {
  index: number;
  layer: string;
  code: string;
  name: string;
  nameEn: string;
  /** Level as the file states it (null: not stated, taken from the code). */
  declaredLevel: GridLevel | null;
  /** Whether the file stated a level the kind could not read. */
  levelUnreadable: boolean;
  declaredParent: string | null;
  geometry: AreaGeometryJson | null;
  /** Set when the coordinates could not be converted (already reported): no geometry checks. */
  geometryUnconverted?: boolean;
}

/** A grid already in the register (a parent or a sibling of an imported grid). */
export interface ExistingGrid {
  code: string;
  parentCode: string | null;
  level: GridLevel;
  name: string;
  geometry: AreaGeometryJson;
}

/** Records a problem of one candidate, worded in both languages; an error refuses it. */
export type ReportGridProblem = (
  candidate: GridCandidate,
  code: string,
  severity: 'error' | 'warning',
  zh: string,
  en: string,
  extra?: { column?: string; where?: ImportProblemPlace },
) => void;
