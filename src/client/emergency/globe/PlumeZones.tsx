/**
 * The assessed release on the globe: the ground-level concentration draped on the terrain with
 * the heat ramp, its threat zones (filled on the ground and on the buildings they cover,
 * outlined) and the source point. While the time slider replays an earlier step of the hall's
 * scenario, the drape and the zones are that step's. Low churn — the geometry changes when an
 * assessment answers or the slider moves, not per frame — so it is a Resium component.
 */
import {
  Cartesian3,
  ClassificationType,
  Color,
  GroundPrimitive as CesiumGroundPrimitive,
  PerInstanceColorAppearance,
  PolylineColorAppearance,
  GeometryInstance,
  Material,
  MaterialAppearance,
  Rectangle,
  RectangleGeometry,
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
import { displayedReleaseOf, useEmergencyStore } from '../emergencyStore';
import { plumeDrapeOf, type PlumeDrape } from '../plumeDrape';
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

/** The drape's image on a ground rectangle: a canvas texture, nothing fetched. */
function drapeOf(image: NonNullable<PlumeDrape['image']>) {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas
    .getContext('2d')
    ?.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), image.width), 0, 0);
  return {
    instance: new GeometryInstance({
      id: 'plume-concentration',
      geometry: new RectangleGeometry({
        rectangle: Rectangle.fromDegrees(image.west, image.south, image.east, image.north),
        vertexFormat: MaterialAppearance.MaterialSupport.TEXTURED.vertexFormat,
      }),
    }),
    appearance: new MaterialAppearance({
      material: Material.fromType(Material.ImageType, { image: canvas }),
      materialSupport: MaterialAppearance.MaterialSupport.TEXTURED,
      translucent: true,
      flat: true,
    }),
  };
}

export function PlumeZones() {
  const heightsReady = useTerrainHeightsReady();
  const assessment = useEmergencyStore((state) => state.assessment);
  const source = useEmergencyStore((state) => state.source);
  const scenario = useEmergencyStore((state) => state.scenario);
  const replayStep = useEmergencyStore((state) => state.replayStep);
  const assessedRequest = useEmergencyStore((state) => state.assessedRequest);
  const { scene } = useCesium();
  const displayed = useMemo(
    () => displayedReleaseOf({ scenario, replayStep, assessedRequest }),
    [scenario, replayStep, assessedRequest],
  );
  const drape = useMemo(
    () => (displayed === null ? null : plumeDrapeOf(displayed.request, displayed.atMs)),
    [displayed],
  );
  const drapeLayer = useMemo(() => (drape?.image == null ? null : drapeOf(drape.image)), [drape]);
  const geometry = useMemo(() => {
    if (displayed?.replaying === true)
      return drape === null ? null : plumeZoneInstances(drape.zones);
    return assessment === null ? null : plumeZoneInstances(assessment.zones);
  }, [assessment, displayed, drape]);
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
  }, [scene, geometry, drapeLayer, sourcePosition, heightsReady]);
  if (!scene) return null;
  const scale = wallScale(scene);
  return (
    <>
      {drapeLayer !== null && heightsReady && assessment !== null && (
        <GroundPrimitive
          geometryInstances={drapeLayer.instance}
          appearance={drapeLayer.appearance}
          classificationType={ClassificationType.TERRAIN}
          asynchronous={false}
        />
      )}
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
