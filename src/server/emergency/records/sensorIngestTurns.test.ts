/**
 * A sensor's batches that arrive at once (two sockets of one sensor, or a batch sent before the
 * last was acknowledged) are judged one after another: a sustained exceedance in each raises one
 * incident, not one per batch. Over the SQLite stores, whose answers are Promises like
 * PostgreSQL's: the batches' store calls would interleave without the sensor's turns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/openDatabase';
import { sqliteEmergencyRecords } from '../../store/sqliteEmergencyRecordStore';
import { sqliteSensors } from '../../store/sqliteSensorStore';
import { SensorIngest, type SensorIngestDeps } from './sensorIngest';
import { exceedance, gasSensorWrite, SENSOR_TEST_NOW_MS } from './sensorTestKit';

const dir = mkdtempSync(join(tmpdir(), 'gcc-sensor-turns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a sensor ingest of batches that arrive at once', () => {
  it('raises one incident for two batches that each hold a sustained exceedance', async () => {
    const db = openDatabase(join(dir, 'store.sqlite'));
    try {
      const records = sqliteEmergencyRecords(db);
      const sensorId = await records.insertRecord(gasSensorWrite());
      const raised: string[] = [];
      const incidents = {
        reportFrom: () => {
          raised.push(`INC-${raised.length + 1}`);
          return { ok: true, incident: { id: raised.at(-1) } };
        },
        findIncident: () => ({ state: 'reported' }),
      } as unknown as SensorIngestDeps['incidents'];
      const ingest = new SensorIngest({
        records,
        sensors: sqliteSensors(db),
        incidents,
        nowMs: () => SENSOR_TEST_NOW_MS,
      });

      const acks = await Promise.all([
        ingest.ingest(sensorId, exceedance(9)),
        ingest.ingest(sensorId, exceedance(4)),
      ]);

      expect(acks.map((ack) => ack.storedCount)).toEqual([4, 4]);
      expect(raised).toEqual(['INC-1']);
    } finally {
      db.close();
    }
  });
});
