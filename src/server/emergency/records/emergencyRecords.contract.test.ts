/**
 * The contracts of EmergencyRecordRepository and SensorRepository, run against every engine
 * (docs/decisions/0040-postgresql.md): SQLite on a file of its own per case, PostgreSQL in a
 * database of this file's own, emptied per case, its calls spread over two pools (two nodes).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmergencyRecordKind } from '../../../domain/emergency/records/emergencyRecordKinds';
import { openDatabase } from '../../store/openDatabase';
import { PostgresEmergencyRecords } from '../../store/pg/postgresEmergencyRecords';
import { PostgresSensors } from '../../store/pg/postgresSensors';
import { IdentifierSealer } from '../../store/sealedIdentifiers';
import { sqliteEmergencyRecords } from '../../store/sqliteEmergencyRecordStore';
import { sqliteSensors } from '../../store/sqliteSensorStore';
import { postgresContractEngine, sqliteContractEngine } from '../../testing/contractEngines';
import {
  DuplicateRecordError,
  type EmergencyRecordRepository,
  type EmergencyRecordWrite,
  type SensorRepository,
} from './emergencyRecordRepository';
import { flagStaleSensors } from './sensorStaleJob';

const AT = '2026-12-06T09:00:00.000Z';
const T0 = Date.UTC(2026, 11, 6, 9);
const MINUTE_MS = 60_000;
const GRID = '350102001001001';
/** Calls that arrive at once; each PostgreSQL pool has as many clients. */
const AT_ONCE = 8;

interface Opened {
  /** Two handles on one store: as two server nodes hold it (the same one on SQLite). */
  records: [EmergencyRecordRepository, EmergencyRecordRepository];
  sensors: [SensorRepository, SensorRepository];
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('emergency-records', (path) => {
    const db = openDatabase(path);
    const records = sqliteEmergencyRecords(db);
    const sensors = sqliteSensors(db);
    return { records: [records, records], sensors: [sensors, sensors], close: () => db.close() };
  }),
  postgresContractEngine<Opened>({
    tables: ['emergency_records', 'sensor_tokens', 'sensor_readings', 'sensor_states'],
    pools: 2,
    poolSize: AT_ONCE,
    open: (pools) => {
      const sealer = new IdentifierSealer(randomBytes(32));
      return {
        records: [
          new PostgresEmergencyRecords(pools[0]!, sealer),
          new PostgresEmergencyRecords(pools[1]!, sealer),
        ],
        sensors: [new PostgresSensors(pools[0]!), new PostgresSensors(pools[1]!)],
        close: () => {},
      };
    },
  }),
];

function writeOf(
  kind: EmergencyRecordKind,
  name: string,
  extra: Partial<EmergencyRecordWrite> = {},
): EmergencyRecordWrite {
  return {
    kind,
    name,
    location: { lon: 119.3, lat: 26.08 },
    gridCode: GRID,
    attributes: { capacityPersons: 300 },
    contactPhone: null,
    demo: false,
    at: AT,
    by: 'admin',
    ...extra,
  };
}

function sensorWrite(name: string, sensorType: 'pm25' | 'toxic_gas'): EmergencyRecordWrite {
  return writeOf('sensor', name, { attributes: { sensorType, threshold: 75, unit: 'µg/m³' } });
}

describe.each(ENGINES)('emergency records and sensors on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  it('stores, finds, lists in byte order, updates and deletes records; contacts only masked', async () => {
    const [records] = opened.records;
    const shelterId = await records.insertRecord(
      writeOf('shelter', 'b 体育馆', { contactPhone: '13800138000' }),
    );
    await records.insertRecord(writeOf('shelter', 'A 学校', { location: null, gridCode: null }));
    await records.insertRecord(writeOf('shelter', 'a 公园'));
    await records.insertRecord(writeOf('resource', '消防车', { attributes: { count: 2 } }));

    const shelter = await records.findRecord(shelterId);
    expect(shelter).toEqual({
      id: shelterId,
      kind: 'shelter',
      name: 'b 体育馆',
      location: { lon: 119.3, lat: 26.08 },
      gridCode: GRID,
      attributes: { capacityPersons: 300 },
      contactMasked: '*******8000',
      demo: false,
      updatedAt: AT,
    });
    expect(JSON.stringify(shelter)).not.toContain('13800138000');
    expect((await records.listRecords('shelter')).map((record) => record.name)).toEqual([
      'A 学校',
      'a 公园',
      'b 体育馆',
    ]);
    expect((await records.listRecords(null)).map((record) => record.kind)).toEqual([
      'resource',
      'shelter',
      'shelter',
      'shelter',
    ]);
    expect((await records.findRecordByName('shelter', 'A 学校'))?.location).toBeNull();
    expect(await records.findRecordByName('resource', 'A 学校')).toBeNull();
    await expect(records.insertRecord(writeOf('shelter', 'a 公园'))).rejects.toBeInstanceOf(
      DuplicateRecordError,
    );

    const later = '2026-12-06T10:00:00.000Z';
    const renamed = writeOf('shelter', 'b 体育馆二', { contactPhone: undefined, at: later });
    expect(await records.updateRecord(shelterId, renamed)).toBe(true);
    expect(await records.findRecord(shelterId)).toMatchObject({
      name: 'b 体育馆二',
      contactMasked: '*******8000',
      updatedAt: later,
    });
    expect(await records.updateRecord(shelterId, { ...renamed, contactPhone: null })).toBe(true);
    expect((await records.findRecord(shelterId))?.contactMasked).toBeNull();
    await expect(
      records.updateRecord(shelterId, writeOf('shelter', 'a 公园')),
    ).rejects.toBeInstanceOf(DuplicateRecordError);
    expect(await records.updateRecord(9999, renamed)).toBe(false);

    expect(await records.deleteRecord(shelterId)).toBe(true);
    expect(await records.deleteRecord(shelterId)).toBe(false);
    expect(await records.findRecord(shelterId)).toBeNull();
  });

  it('upserts by kind and name, keeping a contact not given; replaces only the demo set', async () => {
    const [records] = opened.records;
    await records.insertRecord(writeOf('shelter', '手工录入', { contactPhone: '13900139000' }));
    await records.upsertRecords([
      writeOf('shelter', '手工录入', {
        contactPhone: undefined,
        attributes: { capacityPersons: 9 },
      }),
      writeOf('shelter', '导入新增'),
    ]);
    expect(await records.findRecordByName('shelter', '手工录入')).toMatchObject({
      attributes: { capacityPersons: 9 },
      contactMasked: '*******9000',
    });
    expect(await records.listRecords('shelter')).toHaveLength(2);

    await records.replaceDemoRecords([writeOf('hazard', '演示一', { demo: true })]);
    await records.replaceDemoRecords([
      writeOf('hazard', '演示二', { demo: true }),
      writeOf('hazard', '演示三', { demo: true }),
    ]);
    const names = (await records.listRecords(null)).map((record) => record.name);
    expect(names.sort()).toEqual(['导入新增', '手工录入', '演示三', '演示二'].sort());
    expect((await records.findRecordByName('hazard', '演示二'))?.demo).toBe(true);
  });

  it('upserts one new name from two nodes at once into one record, none failing', async () => {
    const names = ['新建一', '新建二', '新建三'];
    const outcomes = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, (_, index) =>
        opened.records[index % 2]!.upsertRecords(
          names.map((name) =>
            writeOf('resource', name, { attributes: { count: index }, at: AT, by: `n${index}` }),
          ),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(
      (await opened.records[0].listRecords('resource')).map((record) => record.name).sort(),
    ).toEqual([...names].sort());
  });

  it('admits a sensor by its live token only, and revokes all its tokens at once', async () => {
    const [records] = opened.records;
    const [sensors] = opened.sensors;
    const sensorId = await records.insertRecord(sensorWrite('1号探测器', 'toxic_gas'));
    await sensors.insertSensorToken({ sensorId, tokenHash: 'hash-a', at: AT, by: 'admin' });
    await sensors.insertSensorToken({ sensorId, tokenHash: 'hash-b', at: AT, by: 'admin' });
    expect(await sensors.sensorIdByTokenHash('hash-a')).toBe(sensorId);
    expect(await sensors.sensorIdByTokenHash('hash-x')).toBeNull();
    expect(await sensors.revokeSensorTokens(sensorId, AT)).toBe(2);
    expect(await sensors.revokeSensorTokens(sensorId, AT)).toBe(0);
    expect(await sensors.sensorIdByTokenHash('hash-b')).toBeNull();
  });

  it('stores each reading once, answering the times newly stored in the batch order', async () => {
    const [sensors, other] = opened.sensors;
    const sensorId = await opened.records[0].insertRecord(sensorWrite('2号', 'toxic_gas'));
    const batch = [
      { atMs: T0 + 2 * MINUTE_MS, value: 3 },
      { atMs: T0, value: 1 },
    ];
    expect(await sensors.insertReadings(sensorId, batch, T0 + 5)).toEqual([T0 + 2 * MINUTE_MS, T0]);
    expect(
      await other.insertReadings(sensorId, [...batch, { atMs: T0 + MINUTE_MS, value: 2.5 }], T0),
    ).toEqual([T0 + MINUTE_MS]);
    expect(await sensors.insertReadings(sensorId, [], T0)).toEqual([]);
    expect(await sensors.readingsSince(sensorId, T0 + 1)).toEqual([
      { atMs: T0 + MINUTE_MS, value: 2.5 },
      { atMs: T0 + 2 * MINUTE_MS, value: 3 },
    ]);
  });

  it('answers every sensor state, stale until heard from, and the PM2.5 means per sensor', async () => {
    const [records] = opened.records;
    const [sensors] = opened.sensors;
    const pm25 = await records.insertRecord(sensorWrite('PM 一', 'pm25'));
    const gas = await records.insertRecord(sensorWrite('气体', 'toxic_gas'));
    const shelter = await records.insertRecord(writeOf('shelter', '避难所'));
    expect(await sensors.sensorStates()).toEqual([
      { sensorId: pm25, lastReadingMs: null, lastValue: null, stale: true, alarmIncidentId: null },
      { sensorId: gas, lastReadingMs: null, lastValue: null, stale: true, alarmIncidentId: null },
    ]);
    expect(await sensors.sensorState(shelter)).toBeNull();
    const state = { sensorId: gas, lastReadingMs: T0, lastValue: 4, stale: false };
    await sensors.saveSensorState({ ...state, alarmIncidentId: 'INC-1' });
    expect(await sensors.sensorState(gas)).toEqual({ ...state, alarmIncidentId: 'INC-1' });

    await sensors.insertReadings(pm25, [{ atMs: T0 - MINUTE_MS, value: 500 }], T0);
    await sensors.insertReadings(
      pm25,
      [
        { atMs: T0, value: 30 },
        { atMs: T0 + MINUTE_MS, value: 50 },
      ],
      T0,
    );
    await sensors.insertReadings(gas, [{ atMs: T0, value: 90 }], T0);
    expect(await sensors.pm25MeansSince(T0)).toEqual([
      { sensorId: pm25, gridCode: GRID, meanUgM3: 40 },
    ]);
  });

  it('does not flag a sensor stale over a reading stored after the check read its state', async () => {
    const [sensors, ingestNode] = opened.sensors;
    const sensorId = await opened.records[0].insertRecord(sensorWrite('3号', 'toxic_gas'));
    const heard = { sensorId, lastValue: 2, stale: false, alarmIncidentId: null };
    await sensors.saveSensorState({ ...heard, lastReadingMs: T0 });
    // The stale check has read the state (silent since T0) when a reading arrives on another node.
    const read = (await sensors.sensorState(sensorId))!;
    await ingestNode.saveSensorState({ ...heard, lastReadingMs: T0 + 20 * MINUTE_MS });
    expect(await sensors.setSensorStale(sensorId, true, read.lastReadingMs)).toBe(false);
    expect((await sensors.sensorState(sensorId))?.stale).toBe(false);

    expect(await flagStaleSensors(sensors, T0 + 40 * MINUTE_MS)).toEqual([sensorId]);
    expect((await sensors.sensorState(sensorId))?.stale).toBe(true);
    expect(await flagStaleSensors(sensors, T0 + 41 * MINUTE_MS)).toEqual([]);
  });
});
