/**
 * What the globe drapes for a release: its threat zones (recomputed here for a replayed step,
 * with the same model the server uses) and the ground-level concentration as an RGBA image over a
 * lon/lat rectangle around the source, on the heat ramp with a log scale from a tenth of the
 * lowest tier (transparent below) to ten times the highest. Plain data: the globe layer turns it
 * into a texture. No Cesium here.
 */
import {
  computeConcentrationField,
  type FieldGrid,
} from '../../domain/emergency/concentrationField';
import { computeThreatZones, PlumeInputError } from '../../domain/emergency/plumeScenario';
import { resolvePlumeScenario } from '../../domain/emergency/plumeScenarioInput';
import { toLonLat } from '../../domain/geo/localFrame';
import type { PlumeAssessmentRequest, ZonePolygon } from '../../shared/emergency';
import type { AeglTier } from '../../domain/emergency/chemicals';
import { heatColourAt, type Rgba } from '../theme/heatColourRamp';

/** Cells per side of the draped image: fine enough for a district, cheap on a wall's CPU. */
export const DRAPE_CELLS = 256;
/** ppm → mg/m³ at 25 °C and 1 atm: × molecular weight / molar volume (L/mol). */
const MOLAR_VOLUME_L = 24.45;
/** The ramp spans from a tenth of the lowest tier to ten times the highest. */
const RAMP_DECADES_BELOW = 1;
const RAMP_DECADES_ABOVE = 1;
/** Extra room around the widest zone, so its edge is not the image's edge. */
const MARGIN_FRACTION = 0.1;

export interface PlumeDrape {
  zones: Array<{ tier: AeglTier; polygon: ZonePolygon | null; maxDistanceM: number | null }>;
  /** Null when no tier is reached anywhere. */
  image: {
    width: number;
    height: number;
    /** Row-major RGBA, the NORTH row first (as a canvas wants it). */
    rgba: Uint8ClampedArray;
    west: number;
    south: number;
    east: number;
    north: number;
  } | null;
}

/** Null when the request is refused by the model (the server said why when it was sent). */
export function plumeDrapeOf(request: PlumeAssessmentRequest, atMs: number): PlumeDrape | null {
  let threat: ReturnType<typeof computeThreatZones>;
  let molecularWeight: number;
  try {
    const { scenario } = resolvePlumeScenario(request, atMs);
    threat = computeThreatZones(scenario);
    molecularWeight = scenario.substance.molecularWeightGPerMol;
  } catch (error) {
    if (error instanceof PlumeInputError) return null;
    throw error;
  }
  const zones = threat.zones.map((zone) => ({
    tier: zone.tier,
    maxDistanceM: zone.maxDistanceM,
    polygon:
      zone.polygon === null
        ? null
        : {
            type: 'Polygon' as const,
            coordinates: zone.polygon.coordinates.map((ring) => ring.map((p) => [...p])),
          },
  }));
  const tiersMgM3 = threat.zones
    .filter((zone) => zone.ppm !== null && (zone.maxDistanceM ?? 0) > 0)
    .map((zone) => (zone.ppm! * molecularWeight) / MOLAR_VOLUME_L);
  const reachM = Math.max(0, ...threat.zones.map((zone) => zone.maxDistanceM ?? 0));
  if (tiersMgM3.length === 0 || reachM === 0) return { zones, image: null };
  const floorMgM3 = Math.min(...tiersMgM3) / 10 ** RAMP_DECADES_BELOW;
  const topMgM3 = Math.max(...tiersMgM3) * 10 ** RAMP_DECADES_ABOVE;
  const halfSideM = reachM * (1 + MARGIN_FRACTION);
  const grid: FieldGrid = {
    westOffsetM: -halfSideM,
    southOffsetM: -halfSideM,
    cellSizeM: (2 * halfSideM) / DRAPE_CELLS,
    columns: DRAPE_CELLS,
    rows: DRAPE_CELLS,
  };
  const field = computeConcentrationField(threat.model, threat.frame, grid, floorMgM3);
  const rgba = new Uint8ClampedArray(DRAPE_CELLS * DRAPE_CELLS * 4);
  const colour: Rgba = [0, 0, 0, 0];
  const logSpan = Math.log(topMgM3 / floorMgM3);
  for (let row = 0; row < DRAPE_CELLS; row++) {
    const imageRow = DRAPE_CELLS - 1 - row;
    for (let column = 0; column < DRAPE_CELLS; column++) {
      const value = field[row * DRAPE_CELLS + column]!;
      if (value <= 0) continue;
      heatColourAt(Math.log(value / floorMgM3) / logSpan, colour);
      rgba.set(colour, (imageRow * DRAPE_CELLS + column) * 4);
    }
  }
  const southWest = toLonLat(request.source, -halfSideM, -halfSideM);
  const northEast = toLonLat(request.source, halfSideM, halfSideM);
  return {
    zones,
    image: {
      width: DRAPE_CELLS,
      height: DRAPE_CELLS,
      rgba,
      west: southWest.lon,
      south: southWest.lat,
      east: northEast.lon,
      north: northEast.lat,
    },
  };
}
