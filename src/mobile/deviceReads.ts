/**
 * The phone's reads with its device token: for collection, its grids' buildings, their units and
 * one unit's households; the district base map. Those go through the phone's cache, so they
 * still answer offline once read (CachedAnswer says from when). The duplicate check before a
 * report is always asked live.
 */
import {
  DEVICE_BASEMAP_API_PATH,
  DEVICE_INTAKE_CHECK_API_PATH,
  type IncidentIntakeCheck,
} from '../shared/incidents';
import {
  DEVICE_BUILDINGS_API_PATH,
  DEVICE_UNITS_API_PATH,
  type DeviceBuilding,
  type DeviceUnit,
  type DeviceUnitItem,
} from '../shared/registerRequests';
import type { CachedAnswer, PhoneCache } from './phoneCache';

export async function getDeviceJson<T>(
  path: string,
  deviceToken: string,
  signal?: AbortSignal,
): Promise<T> {
  const answer = await fetch(path, {
    headers: { authorization: `Device ${deviceToken}` },
    ...(signal === undefined ? {} : { signal }),
  });
  if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  return (await answer.json()) as T;
}

/** Who reads, and where answers are kept. */
export interface DeviceReader {
  cache: PhoneCache;
  workerId: number;
  token: string;
}

function cachedRead<T>(reader: DeviceReader, path: string): Promise<CachedAnswer<T>> {
  return reader.cache.read(reader.workerId, path, () => getDeviceJson<T>(path, reader.token));
}

export const deviceBuildings = (reader: DeviceReader) =>
  cachedRead<{ buildings: DeviceBuilding[] }>(reader, DEVICE_BUILDINGS_API_PATH);
export const deviceUnits = (reader: DeviceReader, buildingId: number) =>
  cachedRead<{ units: DeviceUnitItem[] }>(
    reader,
    `${DEVICE_BUILDINGS_API_PATH}/${buildingId}/units`,
  );
export const deviceUnit = (reader: DeviceReader, unitId: number) =>
  cachedRead<DeviceUnit>(reader, `${DEVICE_UNITS_API_PATH}/${unitId}`);
/** The base map from the server, kept on the phone (once per start: it is the whole district). */
export const deviceBasemap = (reader: DeviceReader) =>
  cachedRead<GeoJSON.FeatureCollection>(reader, DEVICE_BASEMAP_API_PATH);
/** The kept base map for drawing; from the server only when none is kept yet. */
export const keptBasemap = (reader: DeviceReader) =>
  reader.cache.readKept(reader.workerId, DEVICE_BASEMAP_API_PATH, () =>
    getDeviceJson<GeoJSON.FeatureCollection>(DEVICE_BASEMAP_API_PATH, reader.token),
  );

/** How long the duplicate check may take before the report goes to the outbox unchecked. */
export const INTAKE_CHECK_TIMEOUT_MS = 5_000;

/** Open incidents of the category near the point, in the worker's grids; never cached. */
export const deviceIntakeCheck = (
  token: string,
  categoryCode: string,
  point: { lon: number; lat: number },
) =>
  getDeviceJson<IncidentIntakeCheck>(
    `${DEVICE_INTAKE_CHECK_API_PATH}?${new URLSearchParams({
      categoryCode,
      lon: String(point.lon),
      lat: String(point.lat),
    }).toString()}`,
    token,
    AbortSignal.timeout(INTAKE_CHECK_TIMEOUT_MS),
  );
