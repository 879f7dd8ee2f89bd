/** Column lists and row-to-record conversion for the registry tables. */
import type { Wing } from '../../domain/buildingLayout';
import type { BuildingRecord, GridRecord, PersonRecord, UnitRecord } from '../../domain/registry';
import type { BasemapRecord, UnitLocationRecord } from '../registry/registryRecords';

export const GRID_COLUMNS =
  'g.code, g.parent_code, g.level, g.name, g.name_en, g.polygon, g.center_lon, g.center_lat';
export const BUILDING_COLUMNS =
  'b.id, b.grid_code, b.name, b.name_en, b.address, b.kind, b.floors, b.units_per_floor, ' +
  'b.floor_height_m, b.built_year, b.origin_lon, b.origin_lat, b.wings';
export const UNIT_COLUMNS =
  'u.id, u.building_id, u.floor, u.unit_no, u.room_label, u.use, u.area_m2';
export const UNIT_LOCATION_COLUMNS =
  `${UNIT_COLUMNS}, b.name AS building_name, b.name_en AS building_name_en, ` +
  'b.grid_code, b.address, b.origin_lon, b.origin_lat';
export const PERSON_COLUMNS =
  'p.id AS person_id, p.household_id, p.name AS person_name, p.sex, p.birth_date, ' +
  'p.id_number_masked, p.phone_masked, p.relation, p.tags, p.synthetic';

type Row = Record<string, unknown>;

function text(row: Row, column: string): string {
  return String(row[column]);
}

function num(row: Row, column: string): number {
  return Number(row[column]);
}

export function toGridRecord(row: Row): GridRecord {
  return {
    code: text(row, 'code'),
    parentCode: row.parent_code === null ? null : text(row, 'parent_code'),
    level: num(row, 'level') as GridRecord['level'],
    name: text(row, 'name'),
    nameEn: text(row, 'name_en'),
    center: { lon: num(row, 'center_lon'), lat: num(row, 'center_lat') },
    polygon: JSON.parse(text(row, 'polygon')) as GridRecord['polygon'],
  };
}

export function toBuildingRecord(row: Row): BuildingRecord {
  return {
    id: num(row, 'id'),
    gridCode: text(row, 'grid_code'),
    name: text(row, 'name'),
    nameEn: text(row, 'name_en'),
    address: text(row, 'address'),
    kind: text(row, 'kind') as BuildingRecord['kind'],
    floors: num(row, 'floors'),
    unitsPerFloor: num(row, 'units_per_floor'),
    floorHeightM: num(row, 'floor_height_m'),
    builtYear: num(row, 'built_year'),
    origin: { lon: num(row, 'origin_lon'), lat: num(row, 'origin_lat') },
    wings: JSON.parse(text(row, 'wings')) as Wing[],
  };
}

export function toUnitRecord(row: Row): UnitRecord {
  return {
    id: num(row, 'id'),
    buildingId: num(row, 'building_id'),
    floor: num(row, 'floor'),
    unitNo: num(row, 'unit_no'),
    roomLabel: text(row, 'room_label'),
    use: text(row, 'use') as UnitRecord['use'],
    areaM2: num(row, 'area_m2'),
  };
}

export function toUnitLocationRecord(row: Row): UnitLocationRecord {
  return {
    ...toUnitRecord(row),
    buildingName: text(row, 'building_name'),
    buildingNameEn: text(row, 'building_name_en'),
    gridCode: text(row, 'grid_code'),
    address: text(row, 'address'),
    buildingCenter: { lon: num(row, 'origin_lon'), lat: num(row, 'origin_lat') },
  };
}

export function toPersonRecord(row: Row): PersonRecord {
  return {
    id: num(row, 'person_id'),
    householdId: num(row, 'household_id'),
    name: text(row, 'person_name'),
    sex: text(row, 'sex') as PersonRecord['sex'],
    birthDate: text(row, 'birth_date'),
    idNumberMasked: text(row, 'id_number_masked'),
    phoneMasked: row.phone_masked === null ? null : text(row, 'phone_masked'),
    relation: text(row, 'relation') as PersonRecord['relation'],
    tags: text(row, 'tags'),
    synthetic: num(row, 'synthetic') === 1,
  };
}

export const BASEMAP_COLUMNS = 'id, kind, class, name, name_en, width_m, geometry';

export function toBasemapRecord(row: Row): BasemapRecord {
  return {
    id: num(row, 'id'),
    kind: text(row, 'kind') as BasemapRecord['kind'],
    featureClass: text(row, 'class'),
    name: text(row, 'name'),
    nameEn: text(row, 'name_en'),
    widthM: num(row, 'width_m'),
    geometry: JSON.parse(text(row, 'geometry')) as BasemapRecord['geometry'],
  };
}
