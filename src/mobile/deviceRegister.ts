/** The phone's reads for collection (device token): its grids' buildings, their units, one unit. */
import {
  DEVICE_BUILDINGS_API_PATH,
  DEVICE_UNITS_API_PATH,
  type DeviceBuilding,
  type DeviceUnit,
  type DeviceUnitItem,
} from '../shared/registerRequests';

async function getDeviceJson<T>(path: string, deviceToken: string): Promise<T> {
  const answer = await fetch(path, { headers: { authorization: `Device ${deviceToken}` } });
  if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  return (await answer.json()) as T;
}

export const deviceBuildings = (token: string) =>
  getDeviceJson<{ buildings: DeviceBuilding[] }>(DEVICE_BUILDINGS_API_PATH, token);
export const deviceUnits = (token: string, buildingId: number) =>
  getDeviceJson<{ units: DeviceUnitItem[] }>(
    `${DEVICE_BUILDINGS_API_PATH}/${buildingId}/units`,
    token,
  );
export const deviceUnit = (token: string, unitId: number) =>
  getDeviceJson<DeviceUnit>(`${DEVICE_UNITS_API_PATH}/${unitId}`, token);
