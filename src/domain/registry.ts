/** Plain data types of the population register (DESIGN.md §3). No framework, no storage. */

export interface LonLat {
  lon: number;
  lat: number;
}

export const GRID_LEVELS = { district: 1, street: 2, community: 3, grid: 4 } as const;
export type GridLevel = 1 | 2 | 3 | 4;

export const BUILDING_KINDS = ['slab', 'tower', 'l_shape', 'courtyard', 'commercial'] as const;
export type BuildingKind = (typeof BUILDING_KINDS)[number];

export const UNIT_USES = ['residential', 'rental', 'commercial', 'vacant'] as const;
export type UnitUse = (typeof UNIT_USES)[number];

export const HOUSEHOLD_TYPES = ['registered', 'floating', 'rental'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

/** Tags a grid worker records on a person; stored as comma-separated codes. */
export const PERSON_TAGS = ['elderly_alone', 'disabled', 'key_care', 'floating', 'renter'] as const;
export type PersonTag = (typeof PERSON_TAGS)[number];

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'sibling',
  'tenant',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

export function parseTags(stored: string): PersonTag[] {
  if (stored === '') return [];
  return stored
    .split(',')
    .filter((tag): tag is PersonTag => (PERSON_TAGS as readonly string[]).includes(tag));
}

export function formatTags(tags: readonly PersonTag[]): string {
  return [...new Set(tags)].sort().join(',');
}
