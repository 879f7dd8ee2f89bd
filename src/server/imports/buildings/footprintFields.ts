/**
 * The fields a footprint file may carry and the column names they are found under without a
 * mapping (Chinese and English, as survey vendors and web-map exports write them), and how a
 * feature's value of one is read.
 */
import type { FootprintFeature, PlanContext } from './plannedBuilding';

export const BUILDING_FIELDS = [
  { key: 'id', zh: '楼栋编号', en: 'Building id', required: false },
  { key: 'name', zh: '楼栋名称', en: 'Name', required: false },
  { key: 'address', zh: '地址', en: 'Address', required: false },
  { key: 'floors', zh: '层数', en: 'Floors', required: false },
  { key: 'height', zh: '高度(米)', en: 'Height (m)', required: false },
  { key: 'floorHeight', zh: '层高(米)', en: 'Floor height (m)', required: false },
  { key: 'unitsPerFloor', zh: '每层户数', en: 'Units per floor', required: false },
  { key: 'baseHeight', zh: '基底高度(米)', en: 'Base height (m)', required: false },
  { key: 'year', zh: '建成年份', en: 'Year built', required: false },
  { key: 'kind', zh: '类型', en: 'Kind', required: false },
  { key: 'gridCode', zh: '网格编码', en: 'Grid code', required: false },
] as const;

export type BuildingField = (typeof BUILDING_FIELDS)[number]['key'];

const CANDIDATES: Record<BuildingField, readonly string[]> = {
  id: ['id', 'bid', 'building_id', 'code', '编号', '楼栋编号', '建筑编号', 'objectid', 'fid'],
  name: ['name', '名称', '楼栋名称', '建筑名称', 'jzmc'],
  address: ['address', 'addr', '地址', '房屋地址', '门牌地址'],
  floors: ['floors', 'floor', 'floor_count', 'levels', '层数', '楼层数', '地上层数', 'cs'],
  height: ['height', 'height_m', '高度', '建筑高度', 'gd'],
  floorHeight: ['floor_height', 'floorheight', 'floor_height_m', '层高'],
  unitsPerFloor: ['units_per_floor', 'unitsperfloor', 'units', '每层户数', '户数'],
  baseHeight: ['base_height', 'baseheight', 'base_height_m', 'min_height', '基底高度', '底部高程'],
  year: ['year', 'built_year', 'built', '建成年份', '建成年代', '竣工年份'],
  kind: ['kind', 'type', 'use', '类型', '用途', '建筑类型'],
  gridCode: ['grid_code', 'gridcode', 'grid', '网格编码', '网格'],
};

/** Target field → the property name found in the file (given mappings win). */
export function detectMapping(
  propertyNames: Iterable<string>,
  given: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const names = [...propertyNames];
  const byLower = new Map(names.map((name) => [name.trim().toLowerCase(), name]));
  const mapping: Record<string, string> = {};
  for (const field of BUILDING_FIELDS) {
    const chosen = given[field.key];
    if (chosen !== undefined && chosen !== '') {
      mapping[field.key] = chosen;
      continue;
    }
    for (const candidate of CANDIDATES[field.key]) {
      const found = byLower.get(candidate);
      if (found !== undefined) {
        mapping[field.key] = found;
        break;
      }
    }
  }
  return mapping;
}

export function field(
  feature: FootprintFeature,
  context: PlanContext,
  name: BuildingField,
): unknown {
  const column = context.mapping[name];
  return column === undefined ? undefined : feature.properties[column];
}

export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/** A number from a property, null when absent, NaN when present but not a number. */
export function numberOf(value: unknown): number | null {
  const raw = text(value);
  if (raw === '') return null;
  const parsed = Number(raw.replace(/[，,]/g, ''));
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}
