/**
 * The assessed release on the globe: its threat zones (filled on the ground and on the buildings
 * they cover, outlined) and the source point. Low churn — the geometry changes when an assessment
 * answers, not per frame — so it is a Resium component, like the grid boundary.
 */
import {
  Cartesian3,
  ClassificationType,
  Color,
  GroundPrimitive as CesiumGroundPrimitive,
  PerInstanceColorAppearance,
  PolylineColorAppearance,
} from 'cesium';
import { useEffect, useMemo, useState } from 'react';
import {
  GroundPrimitive,
  PointPrimitive,
  PointPrimitiveCollection,
  Primitive,
  useCesium,
} from 'resium';
import { ALWAYS_ON_TOP, wallScale } from '../../globe/wallScale';
import { PLUME_SOURCE_CSS, PLUME_ZONE_CSS } from '../../theme/globePalette';
import { useEmergencyStore } from '../emergencyStore';
import { plumeZoneInstances } from './plumeZoneInstances';

const SOURCE_SIZE_PX = 14;
const SOURCE_OUTLINE_PX = 4;
const SOURCE_HEIGHT_M = 3;

/**
 * Draped geometry is built synchronously (an asynchronous one would finish between the frames
 * the wall renders on request, and stay unseen until something else moved), which needs
 * Cesium's table of terrain heights first: loaded once, from Cesium's own assets.
 */
function useTerrainHeightsReady(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void CesiumGroundPrimitive.initializeTerrainHeights().then(() => {
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
  }, []);
  return ready;
}

export function PlumeZones() {
  const heightsReady = useTerrainHeightsReady();
  const assessment = useEmergencyStore((state) => state.assessment);
  const source = useEmergencyStore((state) => state.source);
  const { scene } = useCesium();
  const geometry = useMemo(
    () => (assessment === null ? null : plumeZoneInstances(assessment.zones)),
    [assessment],
  );
  const sourcePosition = useMemo(
    () =>
      source === null ? null : Cartesian3.fromDegrees(source.lon, source.lat, SOURCE_HEIGHT_M),
    [source],
  );
  const appearances = useMemo(
    () => ({
      fill: new PerInstanceColorAppearance({ flat: true, translucent: true }),
      outline: new PolylineColorAppearance({ translucent: false }),
    }),
    [],
  );
  // The viewer renders on request only; Resium has swapped the primitives by now.
  useEffect(() => {
    if (scene && !scene.isDestroyed()) scene.requestRender();
  }, [scene, geometry, sourcePosition, heightsReady]);
  if (!scene) return null;
  const scale = wallScale(scene);
  return (
    <>
      {geometry !== null && (
        <>
          {heightsReady && (
            <GroundPrimitive
              geometryInstances={geometry.fills}
              appearance={appearances.fill}
              classificationType={ClassificationType.BOTH}
              asynchronous={false}
            />
          )}
          <Primitive
            geometryInstances={geometry.outlines}
            appearance={appearances.outline}
            asynchronous={false}
          />
        </>
      )}
      <PointPrimitiveCollection>
        <PointPrimitive
          show={sourcePosition !== null}
          position={sourcePosition ?? Cartesian3.ZERO}
          color={Color.fromCssColorString(PLUME_ZONE_CSS['AEGL-3'])}
          outlineColor={Color.fromCssColorString(PLUME_SOURCE_CSS)}
          outlineWidth={SOURCE_OUTLINE_PX * scale}
          pixelSize={SOURCE_SIZE_PX * scale}
          disableDepthTestDistance={ALWAYS_ON_TOP}
        />
      </PointPrimitiveCollection>
    </>
  );
}
