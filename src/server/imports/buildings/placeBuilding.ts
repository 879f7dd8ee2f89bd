/**
 * Where a footprint stands: its origin, its rings in local metres (which the unit split and the
 * area check need) and the base grid it belongs to, from the file or found by its centre.
 */
import { toLocalMetres, toLonLat } from '../../../domain/geo/localFrame';
import { isPointInArea } from '../../../domain/geo/polygonContainment';
import { ringCentroid, signedRingAreaM2 } from '../../../domain/geo/planarGeometry';
import type { LonLat } from '../../../domain/registry';
import { field, text, type BuildingField } from './footprintFields';
import type { FootprintFeature, PlanContext, ReportBuildingProblem } from './plannedBuilding';
import { normaliseRings, polygonAreaM2, type PolygonRings } from './splitFootprint';

const MIN_FOOTPRINT_M2 = 10;

export interface BuildingPlacement {
  origin: LonLat;
  local: PolygonRings;
  gridCode: string;
}

function localRings(rings: [number, number][][], origin: LonLat): PolygonRings {
  return rings.map((ring) =>
    ring.map(([lon, lat]) => {
      const { eastM, northM } = toLocalMetres(origin, { lon, lat });
      return [eastM, northM] as const;
    }),
  );
}

/** Places a usable footprint; problems are reported, the grid code is '' when none fits. */
export function placeBuilding(
  lonLatRings: [number, number][][],
  feature: FootprintFeature,
  context: PlanContext,
  add: ReportBuildingProblem,
): BuildingPlacement {
  const column = (name: BuildingField) => context.mapping[name];
  let gridCode = '';
  const first = { lon: lonLatRings[0]![0]![0], lat: lonLatRings[0]![0]![1] };
  const centre = ringCentroid(localRings([lonLatRings[0]!], first)[0]!);
  const origin = toLonLat(first, centre[0], centre[1]);
  const local = normaliseRings(localRings(lonLatRings, origin));
  const areaM2 = polygonAreaM2(local);
  if (areaM2 < MIN_FOOTPRINT_M2 || Math.abs(signedRingAreaM2(local[0]!)) < MIN_FOOTPRINT_M2) {
    add(
      'footprint-too-small',
      `轮廓面积 ${areaM2.toFixed(1)} 平方米，小于 ${MIN_FOOTPRINT_M2} 平方米`,
      `footprint area ${areaM2.toFixed(1)} m² is under ${MIN_FOOTPRINT_M2} m²`,
    );
  }
  const givenGrid = text(field(feature, context, 'gridCode'));
  if (givenGrid) {
    if (!context.gridCodes.has(givenGrid)) {
      add(
        'grid-unknown',
        `网格编码 ${givenGrid} 不是已有的基础网格`,
        `grid code ${givenGrid} is not an existing base grid`,
        {
          column: column('gridCode'),
        },
      );
    } else gridCode = givenGrid;
  } else {
    gridCode = context.baseGrids.find((grid) => isPointInArea(origin, grid.area))?.code ?? '';
    if (!gridCode) {
      add(
        'outside-grids',
        `楼栋中心 ${origin.lon.toFixed(6)}, ${origin.lat.toFixed(6)} 不在任何基础网格内（请先导入网格，或填写网格编码）`,
        `the building's centre ${origin.lon.toFixed(6)}, ${origin.lat.toFixed(6)} lies in no base grid (import grids first, or give a grid code)`,
      );
    }
  }
  return { origin, local, gridCode };
}
