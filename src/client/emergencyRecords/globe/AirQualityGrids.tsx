/**
 * The PM2.5 grid layer: each base grid with PM2.5 readings in the past 24 hours filled in the
 * colour of its HJ 633-2012 band. Low churn (the figures change with the records' refresh), so
 * a Resium component, like the grid boundary.
 */
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
} from 'cesium';
import { useEffect, useMemo } from 'react';
import { Primitive, useCesium } from 'resium';
import { AQI_BANDS } from '../../../domain/emergency/records/airQualityIndex';
import { ringPositions } from '../../globe/ringPositions';
import { useAppStore } from '../../shell/appStore';
import { useEmergencyRecordStore } from '../emergencyRecordStore';

const FILL_HEIGHT_M = 1;
const FILL_ALPHA = 0.45;

export function AirQualityGrids() {
  const shown = useEmergencyRecordStore((state) => state.airQualityShown);
  const airQuality = useEmergencyRecordStore((state) => state.airQuality);
  const grids = useAppStore((state) => state.grids);
  const { scene } = useCesium();
  const instances = useMemo(() => {
    if (!shown) return [];
    return airQuality.flatMap((entry) => {
      const polygon = grids[entry.gridCode]?.polygon;
      const band = AQI_BANDS.find((candidate) => candidate.level === entry.level);
      if (polygon === undefined || band === undefined) return [];
      const colour = ColorGeometryInstanceAttribute.fromColor(
        Color.fromCssColorString(band.colorHex).withAlpha(FILL_ALPHA),
      );
      const polygons = polygon.type === 'Polygon' ? [polygon.coordinates] : polygon.coordinates;
      return polygons.map(
        ([outer = [], ...holes]) =>
          new GeometryInstance({
            id: entry.gridCode,
            geometry: new PolygonGeometry({
              polygonHierarchy: new PolygonHierarchy(
                ringPositions(outer, FILL_HEIGHT_M),
                holes.map((hole) => new PolygonHierarchy(ringPositions(hole, FILL_HEIGHT_M))),
              ),
              height: FILL_HEIGHT_M,
              vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
            }),
            attributes: { color: colour },
          }),
      );
    });
  }, [shown, airQuality, grids]);
  const appearance = useMemo(
    () => new PerInstanceColorAppearance({ flat: true, translucent: true }),
    [],
  );
  useEffect(() => {
    if (scene && !scene.isDestroyed()) scene.requestRender();
  }, [scene, instances]);
  if (instances.length === 0) return null;
  return <Primitive geometryInstances={instances} appearance={appearance} asynchronous={false} />;
}
