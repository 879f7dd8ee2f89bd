/**
 * The plume's own frame around a source: x downwind, y crosswind (to the left looking
 * downwind), in metres. Wind direction is meteorological: the compass bearing the wind comes
 * FROM, so a north wind (0°) carries the gas south. Built on the local metre frame, so the
 * conversion to and from lon/lat is affine and straight edges stay straight.
 */
import type { LonLat } from '../registry';
import { metresPerDegree } from '../geo/localFrame';

const DEG = Math.PI / 180;

export interface PlumeFrame {
  source: LonLat;
  /** Unit vector of the downwind direction, east and north components. */
  downwindEast: number;
  downwindNorth: number;
  eastMPerDeg: number;
  northMPerDeg: number;
}

export function createPlumeFrame(source: LonLat, windFromDeg: number): PlumeFrame {
  const scale = metresPerDegree(source.lat);
  return {
    source,
    downwindEast: -Math.sin(windFromDeg * DEG),
    downwindNorth: -Math.cos(windFromDeg * DEG),
    eastMPerDeg: scale.eastM,
    northMPerDeg: scale.northM,
  };
}

export interface PlumePoint {
  downwindM: number;
  crosswindM: number;
}

/** A point given in local metres east and north of the source, in the plume frame. */
export function plumePointOfOffset(frame: PlumeFrame, eastM: number, northM: number): PlumePoint {
  return {
    downwindM: eastM * frame.downwindEast + northM * frame.downwindNorth,
    crosswindM: -eastM * frame.downwindNorth + northM * frame.downwindEast,
  };
}

export function toPlumeFrame(frame: PlumeFrame, point: LonLat): PlumePoint {
  return plumePointOfOffset(
    frame,
    (point.lon - frame.source.lon) * frame.eastMPerDeg,
    (point.lat - frame.source.lat) * frame.northMPerDeg,
  );
}

export function fromPlumeFrame(frame: PlumeFrame, downwindM: number, crosswindM: number): LonLat {
  const eastM = downwindM * frame.downwindEast - crosswindM * frame.downwindNorth;
  const northM = downwindM * frame.downwindNorth + crosswindM * frame.downwindEast;
  return {
    lon: frame.source.lon + eastM / frame.eastMPerDeg,
    lat: frame.source.lat + northM / frame.northMPerDeg,
  };
}

/**
 * Seconds until the gas front reaches a point: its downwind distance over the wind speed
 * (the front travels with the mean wind); null for a point upwind or abeam of the source.
 */
export function arrivalTimeS(frame: PlumeFrame, windMs: number, point: LonLat): number | null {
  const { downwindM } = toPlumeFrame(frame, point);
  return downwindM > 0 ? downwindM / windMs : null;
}
