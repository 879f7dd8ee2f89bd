/**
 * The data a footprint file is planned from and planned into, kept apart from the checks so the
 * reader, the planner's steps and both engines' writers share one definition of each.
 */
import type { Wing } from '../../../domain/buildingLayout';
import type { AreaGeometry } from '../../../domain/geo/polygonContainment';
import type { BuildingKind, LonLat, UnitUse } from '../../../domain/registry';
import type { ImportProblem } from '../importKind';
import type { PolygonRings } from './splitFootprint';

export interface FootprintFeature {
  /** 1-based feature index in the file. */
  index: number;
  properties: Record<string, unknown>;
  /** Outer ring then holes, [lon, lat] WGS84, rings not closed; null when unusable. */
  rings: [number, number][][] | null;
}

export interface UnitTableRow {
  /** 1-based data row of the unit table. */
  row: number;
  building: string;
  floor: number;
  room: string;
}

export interface PlannedUnit {
  floor: number;
  unitNo: number;
  roomLabel: string;
  use: UnitUse;
  areaM2: number;
  rings: PolygonRings;
}

export interface PlannedBuilding {
  featureIndex: number;
  sourceKey: string;
  name: string;
  address: string;
  kind: BuildingKind;
  sourceKind: string;
  floors: number;
  unitsPerFloor: number;
  floorHeightM: number;
  baseHeightM: number;
  builtYear: number;
  origin: LonLat;
  wings: Wing[];
  footprint: GeoJSON.Polygon;
  gridCode: string;
  units: PlannedUnit[];
  contentHash: string;
}

export interface BaseGrid {
  code: string;
  area: AreaGeometry;
}

export interface PlanContext {
  mapping: Record<string, string>;
  baseGrids: readonly BaseGrid[];
  gridCodes: ReadonlySet<string>;
  unitRows: ReadonlyMap<string, UnitTableRow[]>;
}

/** Records a problem of the feature being planned, worded in both languages. */
export type ReportBuildingProblem = (
  code: string,
  zh: string,
  en: string,
  extra?: Partial<ImportProblem>,
) => void;
