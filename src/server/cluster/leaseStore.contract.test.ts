/**
 * The contract of LeaseStore and the leader lease over it, run against every engine
 * (docs/decisions/0040-postgresql.md) through two handles, as two server processes hold them:
 * SQLite on a file of its own per case over two connections, PostgreSQL in a database of this
 * file's own over two pools, emptied per case. One leader at a time, a dead leader's lease taken
 * over once expired, a stopped one handed over at once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresContractEngine, sqliteContractEngine } from '../testing/contractEngines';
import { openDatabase } from '../store/openDatabase';
import { PostgresLeaseStore } from '../store/pg/postgresLeaseStore';
import { sqliteLeaseStore } from '../store/sqliteLeaseStore';
import { BACKGROUND_JOBS_LEASE, LeaderLease, type LeaseStore } from './leaderLease';

const TTL_MS = 1_000;
const T0 = 1_000_000;
/** Nodes racing at once for one lease: on PostgreSQL they run on as many clients. */
const RACERS = 8;

interface Opened {
  stores: [LeaseStore, LeaseStore];
  close(): void;
}

const ENGINES = [
  sqliteContractEngine<Opened>('lease', (path) => {
    const first = openDatabase(path);
    const second = openDatabase(path);
    return {
      stores: [sqliteLeaseStore(first), sqliteLeaseStore(second)],
      close: () => {
        first.close();
        second.close();
      },
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['cluster_leases'],
    pools: 2,
    poolSize: RACERS,
    open: ([first, second]) => ({
      stores: [new PostgresLeaseStore(first!), new PostgresLeaseStore(second!)],
      close: () => {},
    }),
  }),
];

function leaseOn(store: LeaseStore, holder: string, clock: { nowMs: number }): LeaderLease {
  return new LeaderLease({ store, holder, nowMs: () => clock.nowMs, ttlMs: TTL_MS });
}

describe.each(ENGINES)('leases on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  it('give a lease to one holder, renew it for that one, and to another only once expired or released', async () => {
    const [one, two] = opened.stores;
    expect(await one.tryAcquire('jobs', 'node-1', T0, TTL_MS)).toBe(true);
    expect(await two.tryAcquire('jobs', 'node-2', T0 + 1, TTL_MS)).toBe(false);
    expect(await two.tryAcquire('jobs', 'node-1', T0 + 500, TTL_MS)).toBe(true);
    expect(await one.holderOf('jobs', T0 + 1_499)).toBe('node-1');
    expect(await one.tryAcquire('jobs', 'node-2', T0 + 1_499, TTL_MS)).toBe(false);
    // Renewed at T0 + 500, it runs out at T0 + 1500.
    expect(await one.holderOf('jobs', T0 + 1_500)).toBeNull();
    expect(await two.tryAcquire('jobs', 'node-2', T0 + 1_500, TTL_MS)).toBe(true);
    expect(await one.holderOf('jobs', T0 + 1_500)).toBe('node-2');
    // Only its holder releases it.
    await one.release('jobs', 'node-1');
    expect(await one.holderOf('jobs', T0 + 1_600)).toBe('node-2');
    await one.release('jobs', 'node-2');
    expect(await two.holderOf('jobs', T0 + 1_600)).toBeNull();
    expect(await one.tryAcquire('jobs', 'node-1', T0 + 1_600, TTL_MS)).toBe(true);
    // Another name is another lease.
    expect(await two.tryAcquire('other', 'node-2', T0 + 1_600, TTL_MS)).toBe(true);
  });

  it('give a free lease, and then an expired one, to exactly one of the nodes racing for it at once', async () => {
    const race = (nowMs: number) =>
      Promise.all(
        Array.from({ length: RACERS * 2 }, (_, racer) =>
          opened.stores[racer % 2]!.tryAcquire('jobs', `node-${racer}`, nowMs, TTL_MS),
        ),
      );
    const winnersOf = (taken: boolean[]) =>
      taken.flatMap((won, racer) => (won ? [`node-${racer}`] : []));
    const first = winnersOf(await race(T0));
    expect(first).toHaveLength(1);
    expect(await opened.stores[1].holderOf('jobs', T0)).toBe(first[0]);
    const second = winnersOf(await race(T0 + TTL_MS));
    expect(second).toHaveLength(1);
    expect(await opened.stores[0].holderOf('jobs', T0 + TTL_MS)).toBe(second[0]);
  });

  it('let one process lead, and another take over only once the lease has expired', async () => {
    const clock = { nowMs: T0 };
    const one = leaseOn(opened.stores[0], 'node-1', clock);
    const two = leaseOn(opened.stores[1], 'node-2', clock);
    expect(await one.renew()).toBe(true);
    expect(await two.renew()).toBe(false);
    expect(one.isLeader()).toBe(true);
    expect(two.isLeader()).toBe(false);
    // Renewed in time: still the leader.
    clock.nowMs += TTL_MS - 1;
    expect(await one.renew()).toBe(true);
    expect(await two.renew()).toBe(false);
    // node-1 stops renewing (killed): it stops leading at half the lease, node-2 takes over
    // only once the whole lease has run out, so the two never lead at once.
    clock.nowMs += TTL_MS / 2;
    expect(one.isLeader()).toBe(false);
    expect(await two.renew()).toBe(false);
    clock.nowMs += TTL_MS / 2;
    expect(await two.renew()).toBe(true);
    expect(two.isLeader()).toBe(true);
    expect(await one.renew()).toBe(false);
    expect(await opened.stores[0].holderOf(BACKGROUND_JOBS_LEASE, clock.nowMs)).toBe('node-2');
  });

  it('hand the lease over at once when its holder stops, even while a renewal is under way', async () => {
    const clock = { nowMs: T0 };
    const one = leaseOn(opened.stores[0], 'node-a', clock);
    const two = leaseOn(opened.stores[1], 'node-b', clock);
    await one.start();
    await two.start();
    expect(one.isLeader()).toBe(true);
    expect(two.isLeader()).toBe(false);
    // A renewal's answer that lands after the release would take the lease again.
    const renewing = one.renew();
    await one.stop();
    expect(await renewing).toBe(true);
    expect(one.isLeader()).toBe(false);
    expect(await two.renew()).toBe(true);
    await two.stop();
    expect(await opened.stores[0].holderOf(BACKGROUND_JOBS_LEASE, clock.nowMs)).toBeNull();
  });
});
