/**
 * The grid import's target fields and the column names they are found under when no mapping is
 * given: the names Chinese grid surveys and GIS exports commonly use (pinyin initials included:
 * WGBM = 网格编码, WGMC = 网格名称, SJBM = 上级编码), compared without case, spaces or underscores.
 */
import type { GridLevel } from '../../../domain/registry';

export const GRID_FIELDS = [
  { key: 'code', zh: '网格编码', en: 'Grid code', required: true },
  { key: 'name', zh: '名称', en: 'Name', required: true },
  { key: 'nameEn', zh: '英文名称', en: 'English name', required: false },
  { key: 'level', zh: '层级', en: 'Level', required: false },
  { key: 'parent', zh: '上级编码', en: 'Parent code', required: false },
] as const;

export type GridFieldKey = (typeof GRID_FIELDS)[number]['key'];

const CANDIDATES: Record<GridFieldKey, readonly string[]> = {
  code: [
    'code',
    'gridcode',
    'grid_code',
    '网格编码',
    '编码',
    '网格代码',
    '代码',
    'wgbm',
    'wgdm',
    'bm',
    'dm',
    'id',
  ],
  name: ['name', 'gridname', '网格名称', '名称', '名字', 'wgmc', 'mc'],
  nameEn: ['name_en', 'nameen', 'englishname', '英文名称', '英文名'],
  level: ['level', 'gridlevel', '层级', '级别', '网格层级', '网格级别', 'cj', 'jb'],
  parent: [
    'parent',
    'parentcode',
    'parent_code',
    '上级编码',
    '上级网格编码',
    '父编码',
    '上级代码',
    'sjbm',
    'sjdm',
    'fbm',
  ],
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

/**
 * The mapping to use: the given one where it names a field, otherwise the first candidate found
 * among the file's columns. Fields with no column are left out.
 */
export function detectGridMapping(
  columns: readonly string[],
  given: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const mapping: Record<string, string> = {};
  const byNormal = new Map(columns.map((column) => [normalise(column), column]));
  for (const field of GRID_FIELDS) {
    const chosen = given?.[field.key];
    if (chosen !== undefined && chosen !== '') {
      mapping[field.key] = chosen;
      continue;
    }
    for (const candidate of CANDIDATES[field.key]) {
      const column = byNormal.get(normalise(candidate));
      if (column !== undefined && !Object.values(mapping).includes(column)) {
        mapping[field.key] = column;
        break;
      }
    }
  }
  return mapping;
}

const LEVEL_WORDS: Record<string, GridLevel> = {
  区: 1,
  区县: 1,
  district: 1,
  街道: 2,
  镇: 2,
  乡镇: 2,
  street: 2,
  社区: 3,
  村: 3,
  community: 3,
  网格: 4,
  基础网格: 4,
  grid: 4,
  basegrid: 4,
};

/** A level as files write it: 1–4, or its name (区/街道/社区/网格, district/street/…). */
export function parseGridLevel(value: unknown): GridLevel | null {
  if (value === null || value === undefined || value === '') return null;
  const text = normalise(String(value));
  if (/^[1-4]$/.test(text)) return Number(text) as GridLevel;
  return LEVEL_WORDS[text] ?? null;
}

/** A code as files write it: text, or a number (DBF numeric fields, spreadsheets). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return String(value).trim();
}
