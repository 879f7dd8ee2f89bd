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

const NOW_MS = Date.UTC(2026, 11, 6, 9);
const MINUTE_MS = 60_000;
const THRESHOLD_PPM = 10;

const dir = mkdtempSync(join(tmpdir(), 'gcc-sensor-turns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Four readings a minute apart over the threshold, starting `startMinute` minutes back. */
function exceedance(startMinute: number) {
  return Array.from({ length: 4 }, (_, step) => ({
    atMs: NOW_MS - (startMinute - step) * MINUTE_MS,
    value: 40,
  }));
}

describe('a sensor ingest of batches that arrive at once', () => {
  it('raises one incident for two batches that each hold a sustained exceedance', async () => {
    const db = openDatabase(join(dir, 'store.sqlite'));
    try {
      const records = sqliteEmergencyRecords(db);
      const sensorId = await records.insertRecord({
        kind: 'sensor',
        name: '氯气探测器',
        location: { lon: 119.3, lat: 26.08 },
        gridCode: '350102001001001',
        attributes: { sensorType: 'toxic_gas', threshold: THRESHOLD_PPM, unit: 'ppm' },
        contactPhone: null,
        demo: false,
        at: new Date(NOW_MS).toISOString(),
        by: 'admin',
      });
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
        nowMs: () => NOW_MS,
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
