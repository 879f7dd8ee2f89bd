/**
 * The report form's place on the globe: a crosshair ring, shown while a draft has a place. Low
 * churn (it moves on a click), so it is a Resium component rather than part of the incidents
 * layer; the store gives plain lon/lat and only this component turns it into a Cesium position.
 */
import { Cartesian3, Color } from 'cesium';
import { useEffect, useMemo } from 'react';
import { PointPrimitive, PointPrimitiveCollection, useCesium } from 'resium';
import { INCIDENT_DRAFT_CSS } from '../../theme/incidentPalette';
import { ALWAYS_ON_TOP, wallScale } from '../../globe/wallScale';
import { useIncidentStore } from '../incidentStore';
import { INCIDENT_HEIGHT_M } from './incidentStyle';

const DRAFT_SIZE_PX = 16;
const DRAFT_OUTLINE_WIDTH_PX = 4;
const DRAFT_OUTLINE = Color.fromCssColorString(INCIDENT_DRAFT_CSS);

export function ReportDraftMarker() {
  const place = useIncidentStore((state) => state.reportDraft?.place ?? null);
  const { scene } = useCesium();
  const position = useMemo(
    () => (place === null ? null : Cartesian3.fromDegrees(place.lon, place.lat, INCIDENT_HEIGHT_M)),
    [place],
  );
  // The viewer renders on request only; Resium has applied the new props by now.
  useEffect(() => {
    if (scene && !scene.isDestroyed()) scene.requestRender();
  }, [scene, position]);
  if (!scene) return null;
  const scale = wallScale(scene);
  return (
    <PointPrimitiveCollection>
      <PointPrimitive
        show={position !== null}
        position={position ?? Cartesian3.ZERO}
        color={Color.TRANSPARENT}
        outlineColor={DRAFT_OUTLINE}
        outlineWidth={DRAFT_OUTLINE_WIDTH_PX * scale}
        pixelSize={DRAFT_SIZE_PX * scale}
        disableDepthTestDistance={ALWAYS_ON_TOP}
      />
    </PointPrimitiveCollection>
  );
}
