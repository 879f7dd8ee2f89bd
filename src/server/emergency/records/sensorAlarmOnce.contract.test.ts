/**
 * One sensor's alarm is raised once across the cluster: two nodes (two SensorIngest instances,
 * each over its own handle on one database: two SQLite connections on one file, two PostgreSQL
 * pools) each get a batch of the same sustained exceedance at once (a sensor that reconnected
 * to another node while a batch was under way). Their in-process turns cannot see each other;
 * the sensor's lease in the database makes the second judge after the first saved its alarm.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeaseStore } from '../../cluster/leaderLease';
import { openDatabase } from '../../store/openDatabase';
import { PostgresEmergencyRecords } from '../../store/pg/postgresEmergencyRecords';
import { PostgresLeaseStore } from '../../store/pg/postgresLeaseStore';
import { PostgresSensors } from '../../store/pg/postgresSensors';
import { IdentifierSealer } from '../../store/sealedIdentifiers';
import { sqliteEmergencyRecords } from '../../store/sqliteEmergencyRecordStore';
import { sqliteLeaseStore } from '../../store/sqliteLeaseStore';
import { sqliteSensors } from '../../store/sqliteSensorStore';
import { postgresContractEngine, sqliteContractEngine } from '../../testing/contractEngines';
import type { EmergencyRecordRepository, SensorRepository } from './emergencyRecordRepository';
import { SensorIngest, type SensorIngestDeps } from './sensorIngest';
import { exceedance, gasSensorWrite, SENSOR_TEST_NOW_MS } from './sensorTestKit';

/** How long a report takes: long enough for the other node to judge meanwhile (a fresh pool connects). */
const REPORT_MS = 500;

interface Node {
  records: EmergencyRecordRepository;
  sensors: SensorRepository;
  leases: LeaseStore;
}

interface Opened {
  nodes: [Node, Node];
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('sensor-alarm-once', (path) => {
    const dbs = [openDatabase(path), openDatabase(path)];
    const nodes = dbs.map((db) => ({
      records: sqliteEmergencyRecords(db),
      sensors: sqliteSensors(db),
      leases: sqliteLeaseStore(db),
    }));
    return {
      nodes: [nodes[0]!, nodes[1]!],
      close: () => dbs.forEach((db) => db.close()),
    };
  }),
  postgresContractEngine<Opened>({
    tables: [
      'emergency_records',
      'sensor_tokens',
      'sensor_readings',
      'sensor_states',
      'cluster_leases',
    ],
    pools: 2,
    poolSize: 4,
    open: (pools) => {
      const sealer = new IdentifierSealer(randomBytes(32));
      const nodes = pools.map((pool) => ({
        records: new PostgresEmergencyRecords(pool, sealer),
        sensors: new PostgresSensors(pool),
        leases: new PostgresLeaseStore(pool),
      }));
      return { nodes: [nodes[0]!, nodes[1]!], close: () => {} };
    },
  }),
];

describe.each(ENGINES)('a sensor alarm on two nodes ($name)', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  it('is raised once when both nodes judge the same sensor at once', async () => {
    const [first, second] = opened.nodes;
    const sensorId = await first.records.insertRecord(gasSensorWrite());
    // The incidents both nodes write to (one database); an alarm stays open.
    const raised: string[] = [];
    const incidents = {
      reportFrom: async () => {
        // A report takes a while: the other node's judgement would run meanwhile.
        await new Promise((resolve) => setTimeout(resolve, REPORT_MS));
        raised.push(`INC-${raised.length + 1}`);
        return { ok: true, incident: { id: raised.at(-1) } };
      },
      findIncident: async (id: string) => (raised.includes(id) ? { state: 'reported' } : null),
    } as unknown as SensorIngestDeps['incidents'];
    const ingestOn = (node: Node, holder: string) =>
      new SensorIngest({
        records: node.records,
        sensors: node.sensors,
        incidents,
        nowMs: () => SENSOR_TEST_NOW_MS,
        alarmLease: { store: node.leases, holder },
      });

    const acks = await Promise.all([
      ingestOn(first, 'node-1').ingest(sensorId, exceedance(9)),
      ingestOn(second, 'node-2').ingest(sensorId, exceedance(4)),
    ]);

    expect(acks.map((ack) => ack.storedCount)).toEqual([4, 4]);
    expect(raised).toEqual(['INC-1']);
    expect((await second.sensors.sensorState(sensorId))?.alarmIncidentId).toBe('INC-1');
  });
});
