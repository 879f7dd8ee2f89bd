/**
 * The simulated sensors' tokens: npm start revokes the demo sensors' previous tokens and issues
 * one fresh token per demo sensor, handed to the sensor simulator (never printed, stored only as
 * its sha-256, as every device token).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../store/openDatabase';
import { SqliteEmergencyRecordStore } from '../../store/sqliteEmergencyRecordStore';
import { SqliteSensorStore } from '../../store/sqliteSensorStore';
import { hashDeviceToken } from '../../tracking/deviceTokens';

const TOKEN_BYTES = 32;
const DEMO_ISSUER = 'demo';

export interface DemoSensor {
  sensorId: number;
  token: string;
  sensorType: 'toxic_gas' | 'pm25';
  threshold: number;
}

export function ensureDemoSensorTokens(dbPath: string, now: Date = new Date()): DemoSensor[] {
  const db = openDatabase(dbPath);
  try {
    const records = new SqliteEmergencyRecordStore(db);
    const sensors = new SqliteSensorStore(db);
    return db.transaction(() =>
      records
        .listRecords('sensor')
        .filter((record) => record.demo)
        .map((record) => {
          sensors.revokeSensorTokens(record.id, now.toISOString());
          const token = randomBytes(TOKEN_BYTES).toString('base64url');
          sensors.insertSensorToken({
            sensorId: record.id,
            tokenHash: hashDeviceToken(token),
            at: now.toISOString(),
            by: DEMO_ISSUER,
          });
          return {
            sensorId: record.id,
            token,
            sensorType: record.attributes['sensorType'] === 'pm25' ? 'pm25' : 'toxic_gas',
            threshold: Number(record.attributes['threshold']),
          } satisfies DemoSensor;
        }),
    )();
  } finally {
    db.close();
  }
}
