/**
 * Colours of the emergency records on the globe and in the list: one per kind, a sensor by its
 * state (silent grey, alarm red, PM2.5 by its HJ 633-2012 band). Plain CSS strings: the globe
 * layer converts them.
 */
import type { EmergencyRecordKind } from '../../domain/emergency/records/emergencyRecordKinds';
import { aqiBandOf, pm25Iaqi } from '../../domain/emergency/records/airQualityIndex';
import type { EmergencyRecordView } from '../../shared/emergencyRecords';

export const RECORD_KIND_CSS: Readonly<Record<EmergencyRecordKind, string>> = {
  hazard: '#ff3b3b',
  resource: '#3b8bff',
  shelter: '#2ecc71',
  sensor: '#f5a623',
  video: '#b37feb',
  plan: '#ffffff',
};
export const SENSOR_STALE_CSS = '#8c8c8c';
export const SENSOR_ALARM_CSS = '#ff0000';

export function recordColourCss(record: EmergencyRecordView): string {
  const sensor = record.sensor;
  if (sensor === undefined) return RECORD_KIND_CSS[record.kind];
  if (sensor.stale) return SENSOR_STALE_CSS;
  if (sensor.alarmIncidentId !== null) return SENSOR_ALARM_CSS;
  if (record.attributes['sensorType'] === 'pm25' && sensor.lastValue !== null) {
    return aqiBandOf(pm25Iaqi(sensor.lastValue)).colorHex;
  }
  return RECORD_KIND_CSS.sensor;
}
