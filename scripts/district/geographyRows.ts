/** Grid and base-map rows: planar layout geometry turned into GeoJSON text in WGS84. */
import type { LatticeFrame } from './districtFrame';
import type { DistrictLayout } from './districtLayout';
import type { DistrictWriter } from './districtWriter';
import type { GridNode } from './gridHierarchy';
import { labelPosition, lineToGeometry, polygonsToGeometry, ringToPolygon } from './geoJson';

export function writeGrids(
  writer: DistrictWriter,
  nodes: readonly GridNode[],
  frame: LatticeFrame,
): void {
  for (const node of nodes) {
    const [centerLon, centerLat] = labelPosition(node.polygons, frame);
    writer.insert('grids', [
      node.code,
      node.parentCode,
      node.level,
      node.name,
      node.nameEn,
      JSON.stringify(polygonsToGeometry(node.polygons, frame)),
      centerLon,
      centerLat,
    ]);
  }
}

/** Roads first, then blocks, water and green; returns how many features were written. */
export function writeBasemap(writer: DistrictWriter, layout: DistrictLayout): number {
  const { frame } = layout.lattice;
  let id = 0;
  for (const road of layout.network.roads) {
    writer.insert('basemap_features', [
      ++id,
      'road',
      road.roadClass,
      road.name,
      road.nameEn,
      road.widthM,
      JSON.stringify(lineToGeometry(road.points, frame)),
    ]);
  }
  for (const block of layout.network.blocks) {
    writer.insert('basemap_features', [
      ++id,
      'block',
      '',
      '',
      '',
      0,
      JSON.stringify(ringToPolygon(block.ring, frame)),
    ]);
  }
  for (const feature of layout.water.features) {
    if (feature.ring.length < 3) continue;
    writer.insert('basemap_features', [
      ++id,
      feature.kind,
      '',
      feature.name,
      feature.nameEn,
      0,
      JSON.stringify(ringToPolygon(feature.ring, frame)),
    ]);
  }
  return id;
}
