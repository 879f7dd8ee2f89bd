/**
 * The sensor simulator against the real server: the demo sensors get tokens, upload their
 * backlog over /sensor, and the PM2.5 grid layer has figures; readings are the same every run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoEmergencyRecords } from '../../../src/server/emergency/records/ensureDemoEmergencyRecords';
import { ensureDemoSensorTokens } from '../../../src/server/emergency/records/demoSensorTokens';
import { startTestServer, type TestServer } from '../../../src/server/testing/testServer';
import {
  AIR_QUALITY_PATH,
  EMERGENCY_RECORDS_PATH,
  type EmergencyRecordView,
  type GridAirQuality,
} from '../../../src/shared/emergencyRecords';
import { createSensorReadingSource } from './sensorReadings';
import { startSensorSimulator, type RunningSensorSimulator } from './startSensorSimulator';

let server: TestServer;
let simulator: RunningSensorSimulator | null = null;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  simulator?.stop();
  await server?.close();
});

describe('sensor simulator', () => {
  it('gives the same reading for the same sensor and time, gas far under its threshold', () => {
    const pm25 = createSensorReadingSource(3, 'pm25', 75, 7);
    expect(createSensorReadingSource(3, 'pm25', 75, 7).readingAt(120_000)).toBe(
      pm25.readingAt(120_000),
    );
    const gas = createSensorReadingSource(4, 'toxic_gas', 0.5, 7);
    expect(gas.readingAt(60_000)).toBeLessThan(0.5);
  });

  it('feeds the demo sensors, and the PM2.5 grid layer fills', async () => {
    ensureDemoEmergencyRecords(server.dbPath);
    const sensors = ensureDemoSensorTokens(server.dbPath);
    expect(sensors.some((sensor) => sensor.sensorType === 'pm25')).toBe(true);
    simulator = startSensorSimulator({ serverUrl: server.baseUrl, sensors });
    const viewer = await server.login('viewer');
    await expect
      .poll(
        async () => {
          const answer = await server.request('GET', `${EMERGENCY_RECORDS_PATH}?kind=sensor`, {
            token: viewer,
          });
          return (answer.json as EmergencyRecordView[]).filter((record) => !record.sensor!.stale)
            .length;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe(sensors.length);
    const air = await server.request('GET', AIR_QUALITY_PATH, { token: viewer });
    const grids = air.json as GridAirQuality[];
    expect(grids.length).toBeGreaterThan(0);
    for (const grid of grids) expect([1, 2]).toContain(grid.level);
    // The demo stages no alarm: no incident from a sensor.
    const incidents = await server.request('GET', '/api/incidents?source=sensor', {
      token: await server.login('admin'),
    });
    expect(incidents.status).toBe(200);
    expect((incidents.json as { total: number }).total).toBe(0);
  });
});
