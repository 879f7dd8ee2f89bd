/**
 * The contract of ImportBatches on every engine (docs/decisions/0040), over one synthetic
 * district given to both with two register batches journaled by the SQLite import store: the
 * older one creates a household and two persons, updates a person, moves another into another
 * grid and creates and updates a lease; the newer one creates a person. What a rollback leaves
 * (the register, the leases, the moves, the movement history) is read on SQLite, rolled back
 * in the seed's own transaction, and every engine must leave exactly that.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { PostgresImportBatches } from '../store/pg/postgresImportBatches';
import type { PersonFields } from '../store/personStore';
import {
  RegisterImportStore,
  RollbackRefused,
  sqliteImportBatches,
} from '../store/registerImportStore';
import { type IdentifierSealer } from '../store/sealedIdentifiers';
import { identifierSealerFor } from '../store/dataKeyFiles';
import { comparableRows } from '../testing/comparableRows';
import { districtContractEngines } from '../testing/districtContractEngines';
import type { ImportBatches } from './importBatches';

// One key for every copy of the district (the SQLite engine copies the file to folders of its own).
process.env.DATA_KEY = '11'.repeat(32);

const AT_ONCE = 4;
const OLDER = 'batch-older';
const NEWER = 'batch-newer';

interface Opened {
  /** Two handles on one store (two server nodes). */
  nodes: readonly [ImportBatches, ImportBatches];
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

/** What a rollback must give back, in a form both engines answer alike. */
const STATE_QUERIES = {
  persons:
    'SELECT id, household_id, name, sex, birth_date, id_number_index, phone_sealed, phone_index, ' +
    'phone_masked, relation, tags, synthetic FROM persons ORDER BY id',
  details:
    'SELECT person_id, category, ethnicity, hukou_address, other_tags, permit_expires ' +
    'FROM person_details ORDER BY person_id',
  households: 'SELECT id, unit_id, type, head_person_id FROM households ORDER BY id',
  leases:
    'SELECT id, unit_id, landlord_name, tenants, start_date, end_date FROM rental_leases ORDER BY id',
  moves: 'SELECT person_id, from_unit_id, to_unit_id FROM person_moves ORDER BY id',
  movements:
    'SELECT grid_code, day_ms, kind, count FROM register_movements ORDER BY grid_code, day_ms, kind',
};
type State = Record<keyof typeof STATE_QUERIES, unknown[]>;

async function stateOf(rows: (sql: string) => Promise<Record<string, unknown>[]>): Promise<State> {
  const state: Partial<State> = {};
  for (const [name, sql] of Object.entries(STATE_QUERIES)) {
    state[name as keyof State] = comparableRows(await rows(sql));
  }
  return state as State;
}

function sqliteState(db: SqliteDatabase): State {
  return Object.fromEntries(
    Object.entries(STATE_QUERIES).map(([name, sql]) => [
      name,
      comparableRows(db.prepare(sql).all() as Record<string, unknown>[]),
    ]),
  ) as State;
}

let before: State;
let afterNewer: State;
let afterBoth: State;
let sealer: IdentifierSealer;

function fieldsOf(store: RegisterImportStore, personId: number): PersonFields {
  return (JSON.parse(store.persons.snapshot(personId)) as { fields: PersonFields }).fields;
}

/** The two batches, as the register and rentals imports journal them. */
function writeBatches(db: SqliteDatabase): void {
  const store = new RegisterImportStore(db);
  const batchRow = (id: string, createdAt: string) => ({
    id,
    kind: 'registers',
    fileName: `${id}.csv`,
    fileSha256: id.padEnd(64, '0'),
    actor: 'admin',
    createdAt,
    rows: 0,
    accepted: 0,
    rejected: 0,
    changes: { created: 0, updated: 0, moved: 0, unchanged: 0 },
  });
  const at = '2026-12-01T08:00:00.000Z';
  db.transaction(() => {
    store.beginBatch(batchRow(OLDER, at));
    const household = store.createHousehold(3, 'floating');
    store.journal(OLDER, 'household', household, 'created', null);
    const template = fieldsOf(store, 1);
    const newHead = store.persons.insert(household, {
      ...template,
      name: '新户主',
      idNumber: '350102199001011234',
      phone: '13900000001',
      relation: 'head',
      category: 'floating',
    });
    store.journal(OLDER, 'person', newHead, 'created', null);
    store.setHouseholdHead(household, newHead);
    const member = store.persons.insert(household, {
      ...template,
      name: '新成员',
      idNumber: '350102199001021234',
      phone: null,
      relation: 'child',
    });
    store.journal(OLDER, 'person', member, 'created', null);
    const updatedBefore = store.persons.snapshot(1);
    store.persons.update(1, 1, { ...fieldsOf(store, 1), phone: '13900000009', tags: 'elderly' });
    store.journal(OLDER, 'person', 1, 'updated', updatedBefore);
    const movedBefore = store.persons.snapshot(2);
    store.persons.update(2, household, fieldsOf(store, 2));
    store.recordMove(2, 1, 3, OLDER, at);
    store.journal(OLDER, 'person', 2, 'moved', movedBefore);
    const lease = store.insertLease({
      unitId: 2,
      landlordName: '房东甲',
      tenants: '租客',
      startDate: '2026-12-01',
      endDate: '2027-11-30',
      batchId: OLDER,
    });
    store.journal(OLDER, 'lease', lease, 'created', null);
    const existing = store.findLease(4, '2026-01-01')!;
    store.journal(
      OLDER,
      'lease',
      existing.id,
      'updated',
      JSON.stringify({
        landlordName: existing.landlordName,
        tenants: existing.tenants,
        endDate: existing.endDate,
      }),
    );
    store.updateLease(existing.id, {
      landlordName: '房东乙',
      tenants: '新租客',
      endDate: '2027-12-31',
    });
    store.finishBatch(OLDER, {
      rows: 5,
      accepted: 5,
      rejected: 0,
      changes: { created: 2, updated: 1, moved: 1, unchanged: 0 },
    });

    store.beginBatch(batchRow(NEWER, '2026-12-02T08:00:00.000Z'));
    const late = store.persons.insert(2, {
      ...template,
      name: '后来者',
      idNumber: '350102199001031234',
      phone: '13900000003',
      relation: 'other',
    });
    store.journal(NEWER, 'person', late, 'created', null);
    store.finishBatch(NEWER, {
      rows: 1,
      accepted: 1,
      rejected: 0,
      changes: { created: 1, updated: 0, moved: 0, unchanged: 0 },
    });
  })();
}

const { engines } = districtContractEngines<Opened>({
  label: 'import-batches',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 2,
    vacantEvery: 100,
    rentalEvery: 100,
    householdsPerUnit: 1,
    personsPerHousehold: 2,
  },
  tables: [
    'import_batches',
    'import_batch_changes',
    'person_moves',
    'rental_leases',
    'register_movements',
  ],
  seed(db) {
    sealer = identifierSealerFor(db);
    db.prepare(
      'INSERT INTO rental_leases (unit_id, landlord_name, tenants, start_date, end_date) ' +
        "VALUES (4, '房东', '原租客', '2026-01-01', '2026-12-31')",
    ).run();
    before = sqliteState(db);
    writeBatches(db);
    // What SQLite's rollback leaves, rolled back again so the district keeps both batches.
    const store = new RegisterImportStore(db);
    db.exec('BEGIN');
    try {
      store.rollback(NEWER, 'admin', '2026-12-03T08:00:00.000Z');
      afterNewer = sqliteState(db);
      store.rollback(OLDER, 'admin', '2026-12-03T08:00:00.000Z');
      afterBoth = sqliteState(db);
    } finally {
      db.exec('ROLLBACK');
    }
  },
  sqlite: (db) => {
    const other = openDatabase(db.name);
    return {
      nodes: [sqliteImportBatches(db), sqliteImportBatches(other)],
      rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      close: () => {
        other.close();
        db.close();
      },
    };
  },
  pools: 2,
  poolSize: AT_ONCE,
  postgres: ([pool, other]) => ({
    nodes: [new PostgresImportBatches(pool!, sealer), new PostgresImportBatches(other!, sealer)],
    rows: async (sql) => (await pool!.query(sql)).rows as Record<string, unknown>[],
    close: () => {},
  }),
});

describe.each(engines)('import batches on $name', (engine) => {
  let opened: Opened;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const refusal = async (work: Promise<unknown>): Promise<string> => {
    const error = await work.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(RollbackRefused);
    return (error as RollbackRefused).code;
  };

  it('lists batches newest first, with their counts', async () => {
    const [batches] = opened.nodes;
    const listed = await batches.listBatches();
    expect(listed.map((batch) => batch.id)).toEqual([NEWER, OLDER]);
    expect(listed[1]).toMatchObject({
      kind: 'registers',
      fileName: `${OLDER}.csv`,
      actor: 'admin',
      rows: 5,
      accepted: 5,
      rejected: 0,
      changes: { created: 2, updated: 1, moved: 1, unchanged: 0 },
      rolledBackAt: null,
      rolledBackBy: null,
    });
    expect(await batches.listBatches(1)).toHaveLength(1);
  });

  it('rolls back the newest batch, then the older one, to the register as it was', async () => {
    const [batches] = opened.nodes;
    expect(await refusal(batches.rollback(OLDER, 'admin', '2026-12-03T08:00:00.000Z'))).toBe(
      'batch-not-latest',
    );
    expect(await refusal(batches.rollback('no-such-batch', 'admin', 'x'))).toBe('batch-unknown');

    const newer = await batches.rollback(NEWER, 'auditor', '2026-12-03T08:00:00.000Z');
    expect(newer).toMatchObject({ id: NEWER, rolledBackBy: 'auditor' });
    expect(newer.rolledBackAt).toBe('2026-12-03T08:00:00.000Z');
    expect(await stateOf(opened.rows)).toEqual(afterNewer);

    await batches.rollback(OLDER, 'auditor', '2026-12-03T08:00:00.000Z');
    const state = await stateOf(opened.rows);
    expect(state).toEqual(afterBoth);
    const { movements, ...register } = state;
    const { movements: movementsBefore, ...registerBefore } = before;
    expect(register).toEqual(registerBefore);
    expect(movements.length).toBeGreaterThan(movementsBefore.length);
    expect(await refusal(batches.rollback(OLDER, 'auditor', 'x'))).toBe('batch-rolled-back');
    expect((await batches.listBatches()).map((batch) => batch.rolledBackBy)).toEqual([
      'auditor',
      'auditor',
    ]);
  });

  it('applies a batch rollback once when two nodes roll it back at once', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, (_, n) =>
        opened.nodes[n % 2]!.rollback(NEWER, `admin${n}`, '2026-12-03T08:00:00.000Z'),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect((outcome.reason as RollbackRefused).code).toBe('batch-rolled-back');
      }
    }
    expect((await stateOf(opened.rows)).movements).toEqual(afterNewer.movements);
  });
});
