/** What the client needs to start (district, extent, tileset) and the district's base map. */
import { GRID_LEVELS } from '../../domain/registry';
import { DEMO_TILESET_NAME, TILESET_ROUTE } from '../../shared/tileset';
import type { AppConfig, BasemapCollection } from '../../shared/api';
import type { GridRecord } from '../../domain/registry';
import type { RegistryRepository } from './registryRepository';

export const TILESET_URL = `${TILESET_ROUTE}/${DEMO_TILESET_NAME}/tileset.json`;

function polygonPositions(polygon: GeoJSON.Polygon | GeoJSON.MultiPolygon): GeoJSON.Position[] {
  return polygon.type === 'Polygon' ? polygon.coordinates.flat() : polygon.coordinates.flat(2);
}

export async function getAppConfig(registry: RegistryRepository): Promise<AppConfig> {
  const [meta, grids] = await Promise.all([registry.readMeta(), registry.listGrids()]);
  return appConfigOf(meta, grids);
}

/** The configuration from the district's meta rows and grids (the district's own, else level 1). */
export function appConfigOf(
  meta: Readonly<Record<string, string>>,
  grids: readonly GridRecord[],
): AppConfig {
  const district =
    grids.find((grid) => grid.code === meta.district_code) ??
    grids.find((grid) => grid.level === GRID_LEVELS.district);
  const positions = district === undefined ? [] : polygonPositions(district.polygon);
  const lons = positions.map((position) => position[0]!);
  const lats = positions.map((position) => position[1]!);
  const bbox: AppConfig['bbox'] =
    positions.length === 0
      ? [0, 0, 0, 0]
      : [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  return {
    districtCode: meta.district_code ?? district?.code ?? '',
    districtName: meta.district_name ?? district?.name ?? '',
    districtNameEn: meta.district_name_en ?? district?.nameEn ?? '',
    center: district?.center ?? { lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2 },
    bbox,
    tilesetUrl: TILESET_URL,
    demoData:
      meta.demo_data === undefined ? true : meta.demo_data === '1' || meta.demo_data === 'true',
  };
}

export async function getBasemap(registry: RegistryRepository): Promise<BasemapCollection> {
  return {
    type: 'FeatureCollection',
    features: (await registry.listBasemap()).map((record) => ({
      type: 'Feature',
      id: record.id,
      geometry: record.geometry,
      properties: {
        kind: record.kind,
        class: record.featureClass,
        name: record.name,
        nameEn: record.nameEn,
        widthM: record.widthM,
      },
    })),
  };
}
