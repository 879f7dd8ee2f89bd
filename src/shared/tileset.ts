/** What the tileset builder promises the viewer: names of the unit-key properties. */
export const DEMO_TILESET_NAME = 'district';
export const TILESET_ROUTE = '/tilesets';
/** Property table class and its properties (EXT_structural_metadata). Keys only, never people. */
export const UNIT_CLASS = 'unit';
export const UNIT_ID_PROPERTY = 'unit_id';
export const BUILDING_ID_PROPERTY = 'building_id';
export const FLOOR_PROPERTY = 'floor';
