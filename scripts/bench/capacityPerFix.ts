/**
 * bench:capacity's cluster per fix, the two changed steps apart (docs/decisions/0040, capacity
 * addendum), each against the way it was before, in one process, alternating rounds, so that a
 * loaded machine slows both alike and the ratios hold:
 *  - a batch of fixes committed on PostgreSQL: before, BEGIN, one multi-row INSERT … RETURNING,
 *    the stored counter's upsert, COMMIT (four round trips); now the repository's one statement.
 *    CPU of this process and of its one PostgreSQL backend (/proc), per fix.
 *  - the relay of that batch between three nodes: before, the positions as objects in the
 *    adapter's MessagePack message; now packed (relayedPositions.ts). One encode, three decodes
 *    (every node reads every message), two unpacks.
 * BATCH: fixes per commit (default 83: 5,000 devices at 1 Hz over three nodes, 20 commits a
 * second each); BENCH_BATCHES per round (default 300).
 */
import { decode, encode } from '@msgpack/msgpack';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Position } from '../../src/domain/tracking/fix';
import { packPositions, unpackPositions } from '../../src/server/cluster/relayedPositions';
import { IdentifierSealer } from '../../src/server/store/sealedIdentifiers';
import { runPostgresMigrations } from '../../src/server/store/pg/postgresMigrations';
import { createPostgresPool, inTransaction } from '../../src/server/store/pg/postgresPool';
import { PostgresTrackingRepository } from '../../src/server/store/pg/postgresTrackingRepository';
import { createTestPostgres } from '../../src/server/testing/testPostgres';
import { STORED_COUNTER } from '../../src/server/tracking/trackingCounters';
import { cpuMsOf } from './processCpu';

const BATCH = Number(process.env.BATCH ?? 83);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const ROUNDS = 3;
const COLUMNS =
  'worker_id, fix_time_ms, lon, lat, accuracy_m, speed_mps, heading_deg, received_at_ms';
const FIELDS = [
  'workerId',
  'fixTimeMs',
  'lon',
  'lat',
  'accuracyM',
  'speedMps',
  'headingDeg',
  'receivedAtMs',
] as const satisfies ReadonlyArray<keyof Position>;
/** socket.io-adapter's MessageType.SERVER_SIDE_EMIT. */
const SERVER_SIDE_EMIT = 9;
const NODES = 3;

let nextFixTimeMs = 1_765_000_000_000;
function batchOf(): Position[] {
  nextFixTimeMs += 1_000;
  return Array.from({ length: BATCH }, (_, index) => ({
    workerId: index + 1,
    fixTimeMs: nextFixTimeMs,
    lon: 119.29 + index * 1e-5,
    lat: 26.07 + index * 1e-5,
    accuracyM: 8,
    speedMps: 1.2,
    headingDeg: null,
    receivedAtMs: nextFixTimeMs + 40,
  }));
}

/** The commit as it was: a transaction of four statements. */
async function commitBefore(pool: ReturnType<typeof createPostgresPool>, positions: Position[]) {
  await inTransaction(pool, async (client) => {
    const values: unknown[] = [];
    const tuples = positions.map((position, index) => {
      values.push(...FIELDS.map((field) => position[field]));
      return `(${Array.from({ length: 8 }, (_, column) => `$${index * 8 + column + 1}`).join(', ')})`;
    });
    const { rows } = await client.query(
      `INSERT INTO positions (${COLUMNS}) VALUES ${tuples.join(', ')} ` +
        'ON CONFLICT (worker_id, fix_time_ms) DO NOTHING RETURNING worker_id, fix_time_ms',
      values,
    );
    await client.query(
      'INSERT INTO tracking_counters (name, count) VALUES ($1, $2) ' +
        'ON CONFLICT (name) DO UPDATE SET count = tracking_counters.count + excluded.count',
      [STORED_COUNTER, rows.length],
    );
  });
}

function relayBefore(positions: Position[]): void {
  const payload = { kind: 'bus', event: 'positionsCommitted', args: [positions] };
  const message = encode({ uid: 'node', type: SERVER_SIDE_EMIT, data: ['gcc:relay', payload] });
  for (let node = 0; node < NODES; node++) decode(message);
}

function relayAfter(positions: Position[]): void {
  const payload = { kind: 'positions', packed: packPositions(positions) };
  const message = encode({ uid: 'node', type: SERVER_SIDE_EMIT, data: ['gcc:relay', payload] });
  for (let node = 0; node < NODES; node++) {
    const decoded = decode(message) as { data: [string, { packed: Uint8Array }] };
    if (node > 0) unpackPositions(decoded.data[1].packed);
  }
}

function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const database = await createTestPostgres();
  const pool = createPostgresPool(database.url, 1);
  try {
    await runPostgresMigrations(database);
    const repository = new PostgresTrackingRepository(pool, new IdentifierSealer(randomBytes(32)));
    const backend = Number((await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const measure = async (commit: (positions: Position[]) => Promise<unknown>) => {
      const ownBefore = ownCpuMs();
      const backendBefore = cpuMsOf([backend]).get(backend) ?? 0;
      for (let index = 0; index < BATCHES; index++) await commit(batchOf());
      const fixes = BATCHES * BATCH;
      return {
        nodeUsPerFix: ((ownCpuMs() - ownBefore) * 1000) / fixes,
        postgresUsPerFix: (((cpuMsOf([backend]).get(backend) ?? 0) - backendBefore) * 1000) / fixes,
      };
    };
    const measureRelay = (relay: (positions: Position[]) => void) => {
      const batches = Array.from({ length: BATCHES }, batchOf);
      const before = ownCpuMs();
      for (const positions of batches) relay(positions);
      return ((ownCpuMs() - before) * 1000) / (BATCHES * BATCH);
    };
    await measure((positions) => repository.commitPositions(positions, new Map())); // warm-up
    const rounds: Array<{
      commitOld: Awaited<ReturnType<typeof measure>>;
      commitNew: Awaited<ReturnType<typeof measure>>;
      relayOld: number;
      relayNew: number;
    }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const commitOld = await measure((positions) => commitBefore(pool, positions));
      const commitNew = await measure((positions) =>
        repository.commitPositions(positions, new Map()),
      );
      const relayOld = measureRelay(relayBefore);
      const relayNew = measureRelay(relayAfter);
      rounds.push({ commitOld, commitNew, relayOld, relayNew });
      console.log(`round ${round + 1}:`, JSON.stringify(rounds.at(-1)));
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const pick = (get: (round: (typeof rounds)[number]) => number) =>
      Number(median(rounds.map(get)).toFixed(2));
    const result = {
      bench: 'capacityPerFix',
      batch: BATCH,
      loadAverage: readFileSync('/proc/loadavg', 'utf8').trim(),
      commitUsPerFix: {
        node: [pick((r) => r.commitOld.nodeUsPerFix), pick((r) => r.commitNew.nodeUsPerFix)],
        postgres: [
          pick((r) => r.commitOld.postgresUsPerFix),
          pick((r) => r.commitNew.postgresUsPerFix),
        ],
      },
      relayUsPerFix: [pick((r) => r.relayOld), pick((r) => r.relayNew)],
    };
    console.log(
      `per fix, before → now (median of ${ROUNDS} rounds, ${BATCH} fixes a batch): commit on the node ` +
        `${result.commitUsPerFix.node.join(' → ')} µs, in PostgreSQL ${result.commitUsPerFix.postgres.join(' → ')} µs; ` +
        `relay over three nodes ${result.relayUsPerFix.join(' → ')} µs`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await pool.end();
    await database.drop();
  }
}

await main();
