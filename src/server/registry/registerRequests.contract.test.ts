/**
 * The contract of RegisterRequestRepository on every engine (docs/decisions/0025, 0040), through
 * the use case that decides on it (RegisterRequestService), over one synthetic district given to
 * both: two base grids, two units each, one household of three per unit. What an approval writes
 * is read back as the register's own readers read it (RegistryRepository: the resident search, a
 * unit's households) and as the movement history counts it (registrations and departures per
 * base grid and district day). Each engine runs two nodes over one store (two SQLite connections
 * to one file; two PostgreSQL pools), so that reviews sent at once really meet.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { districtDayStartMs } from '../../domain/districtTime';
import { movementWindowOf } from '../../domain/statistics/movementMonths';
import { idCheckCharacter } from '../../domain/idNumber';
import type { HouseholdChange } from '../../domain/register/householdChange';
import { MOVEMENT_MONTHS } from '../../shared/cockpitStats';
import type { AuditAppendInTransaction } from '../audit/auditRepository';
import { SPECIAL_GROUP_TAGS } from '../cockpit/cockpitStatsQueries';
import type { CockpitStatsRepository, StatsArea } from '../cockpit/cockpitStatsRepository';
import { openDatabase, type SqliteDatabase } from '../store/openDatabase';
import { PostgresCockpitStats } from '../store/pg/postgresCockpitStats';
import { PostgresRegisterRequests } from '../store/pg/postgresRegisterRequests';
import type { PostgresPool } from '../store/pg/postgresPool';
import { PostgresRegistry } from '../store/pg/postgresRegistry';
import { sqliteRegisterRequests } from '../store/registerRequestStore';
import { type IdentifierSealer } from '../store/sealedIdentifiers';
import { identifierSealerFor, useIdentifierSealer } from '../store/dataKeyFiles';
import { SqliteAuditStore } from '../store/sqliteAuditStore';
import { sqliteRollupStats } from '../store/sqliteRollupStatsStore';
import { sqliteRegistryRepository } from '../store/sqliteRegistry';
import { districtContractEngines } from '../testing/districtContractEngines';
import { LocalizedError } from './accessErrors';
import type { RegisterRequestRepository } from './registerRequestRepository';
import { RegisterRequestService, type Reviewer } from './registerRequests';
import type { RegistryRepository } from './registryRepository';

/** Reviews (or resends) at once; each PostgreSQL pool has as many clients. */
const AT_ONCE = 4;
const NOW = new Date('2026-12-06T09:00:00.000Z');
const NEW_PHONE = '13912345678';
const MOVED_IN_NAME = '钱新来';
/** The seeded details of the person who moves between grids, and of household 1's head. */
const KEPT_DETAILS = { category: 'floating', ethnicity: '回族' };

type Row = Record<string, unknown>;

interface Opened {
  /** Two nodes over one store. */
  nodes: readonly [RegisterRequestService, RegisterRequestService];
  requests: RegisterRequestRepository;
  /** One whose audit append fails. */
  failing: RegisterRequestService;
  registry: RegistryRepository;
  /** The cockpit's figures: SQLite's trigger-kept rollups, PostgreSQL's SQL over the tables. */
  stats: CockpitStatsRepository;
  sealer: IdentifierSealer;
  rows(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): void;
}

function idNumberOf(body: string): string {
  return body + idCheckCharacter(body);
}

const refuseAudit = (): never => {
  throw new Error('audit unavailable');
};

function serviceOver(requests: RegisterRequestRepository): RegisterRequestService {
  return new RegisterRequestService({
    requests,
    now: () => NOW,
    workerName: async (workerId) => `网格员${workerId}`,
    onRegisterChanged: () => {},
  });
}

/** The cockpit's register figures after the same approvals, by engine (compared across them). */
const figuresByEngine = new Map<string, unknown>();

async function registerFiguresOf(stats: CockpitStatsRepository, area: StatsArea) {
  const window = movementWindowOf(Date.now(), MOVEMENT_MONTHS);
  const byYear = await stats.countPersonsByBirthYear(area);
  return {
    byCategory: await stats.countPersonsByCategory(area),
    byBirthYear: [...byYear].sort(
      (a, b) => a.birthYear - b.birthYear || a.sex.localeCompare(b.sex),
    ),
    byTag: await stats.countPersonsByTag(area, SPECIAL_GROUP_TAGS),
    units: await stats.countUnitsByBuildingKind(area),
    movements: await stats.countMovementsPerMonth(area, window.fromMs, window.toMs),
  };
}

/** The template district's data key: the copied rows were sealed with it. */
let templateSealer: IdentifierSealer | null = null;

function sqliteNode(db: SqliteDatabase, audit: AuditAppendInTransaction) {
  useIdentifierSealer(db, templateSealer!);
  return sqliteRegisterRequests(db, audit);
}

function postgresNode(pool: PostgresPool) {
  return new PostgresRegisterRequests(pool, templateSealer!);
}

const { engines, district } = districtContractEngines<Opened>({
  label: 'register-requests',
  size: {
    streetCount: 1,
    communitiesPerStreet: 1,
    gridsPerCommunity: 2,
    buildingsPerGrid: 1,
    floors: 1,
    unitsPerFloor: 2,
    vacantEvery: 5,
    rentalEvery: 3,
    householdsPerUnit: 1,
    personsPerHousehold: 3,
  },
  tables: [
    'register_movements',
    'rental_leases',
    'person_moves',
    'register_requests',
    'audit_anchor',
    'audit_log',
  ],
  seed(db) {
    templateSealer = identifierSealerFor(db);
    const details = db.prepare(
      'INSERT OR REPLACE INTO person_details (person_id, category, ethnicity) VALUES (?, ?, ?)',
    );
    for (const personId of [1, 7])
      details.run(personId, KEPT_DETAILS.category, KEPT_DETAILS.ethnicity);
  },
  sqlite: (db) => {
    const other = openDatabase(db.name);
    const requests = sqliteNode(db, new SqliteAuditStore(db));
    return {
      nodes: [serviceOver(requests), serviceOver(sqliteNode(other, new SqliteAuditStore(other)))],
      requests,
      failing: serviceOver(sqliteNode(db, { recordAudit: refuseAudit })),
      registry: sqliteRegistryRepository(db),
      stats: sqliteRollupStats(db),
      sealer: templateSealer!,
      rows: async (sql, params = []) => db.prepare(sql).all(...params) as Row[],
      close: () => {
        other.close();
        db.close();
      },
    };
  },
  pools: 2,
  poolSize: AT_ONCE,
  postgres: ([pool, other]) => {
    const requests = postgresNode(pool!);
    return {
      nodes: [serviceOver(requests), serviceOver(postgresNode(other!))],
      requests,
      failing: serviceOver(
        new PostgresRegisterRequests(pool!, templateSealer!, async () => refuseAudit()),
      ),
      registry: new PostgresRegistry(pool!, () => templateSealer!),
      stats: new PostgresCockpitStats(pool!),
      sealer: templateSealer!,
      rows: async (sql, params = []) => {
        let index = 0;
        const numbered = sql.replace(/\?/g, () => `$${++index}`);
        return (await pool!.query(numbered, params)).rows as Row[];
      },
      close: () => {},
    };
  },
});

describe.each(engines)('register requests on $name', (engine) => {
  let opened: Opened;
  let sequence = 0;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
  });
  afterEach(() => opened.close());

  const gridA = () => district().baseGridCodes[0]!;
  const gridB = () => district().baseGridCodes[1]!;
  const reviewer = (username: string): Reviewer => ({
    username,
    role: 'dispatcher',
    scopes: [district().districtCode],
    canReveal: false,
  });
  const dispatcher = () => reviewer('dispatcher');

  /** Files `change` for the household as its grid's worker saw it just now. */
  async function submit(
    householdId: number,
    change: HouseholdChange,
    options: { clientId?: string; node?: RegisterRequestService } = {},
  ) {
    const service = options.node ?? opened.nodes[0];
    const states = (await service.statesOfHousehold(householdId))!;
    const household = (await opened.requests.household(householdId))!;
    const gridIndex = district().baseGridCodes.indexOf(household.gridCode);
    return service.submit(district().workerIds[gridIndex]!, [household.gridCode], {
      clientId: options.clientId ?? `client-${++sequence}`,
      householdId,
      observedAt: '2026-12-06T08:00:00.000Z',
      base: 'personId' in change ? states.memberStates[String(change.personId)]! : states.state,
      change,
    });
  }

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await opened.rows(sql, params))[0]!.n);
  /** Registrations and departures counted in a grid (demo history aside), over all days. */
  const movements = async (gridCode: string) => {
    const rows = await opened.rows(
      'SELECT kind, SUM(count) AS n FROM register_movements WHERE grid_code = ? AND NOT demo ' +
        'GROUP BY kind ORDER BY kind',
      [gridCode],
    );
    const of = (kind: string) => Number(rows.find((row) => row.kind === kind)?.n ?? 0);
    return { registration: of('registration'), departure: of('departure') };
  };
  const auditActions = async () =>
    (await opened.rows('SELECT action, target_id, fields, reason FROM audit_log ORDER BY id')).map(
      (row) => ({ ...row }),
    );
  const moveIn = (idBody: string, name = MOVED_IN_NAME): HouseholdChange => ({
    kind: 'move_in',
    name,
    idNumber: idNumberOf(idBody),
    relation: 'tenant',
    phone: NEW_PHONE,
    tags: ['key_care'],
  });

  it('stores a request once per client id with its audit row, identifiers sealed, the register untouched', async () => {
    expect(district().householdCount).toBe(4);
    const change = moveIn('35010219900307002');
    const first = await submit(1, change, { clientId: 'phone-1' });
    const again = await submit(1, change, { clientId: 'phone-1' });
    expect(first).toEqual({ id: first.id, status: 'pending', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });

    const [stored] = await opened.rows(
      'SELECT change, phone_masked, id_number_masked, phone_sealed FROM register_requests',
    );
    expect(String(stored!.change)).not.toContain(NEW_PHONE);
    expect(String(stored!.change)).not.toContain(idNumberOf('35010219900307002'));
    expect(stored!.phone_masked).not.toBe(NEW_PHONE);
    expect(opened.sealer.open('phone', stored!.phone_sealed as Buffer)).toBe(NEW_PHONE);
    expect(await count('SELECT COUNT(*) AS n FROM persons')).toBe(12);
    expect(await auditActions()).toEqual([
      {
        action: 'submit_register_request',
        target_id: '1',
        fields: `request ${first.id}: move_in`,
        reason: '',
      },
    ]);

    const resent = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, index) =>
        submit(
          2,
          { kind: 'visit', note: '走访' },
          {
            clientId: 'phone-2',
            node: opened.nodes[index % 2],
          },
        ),
      ),
    );
    expect(resent.filter((receipt) => !receipt.duplicate)).toHaveLength(1);
    expect(new Set(resent.map((receipt) => receipt.id)).size).toBe(1);
    expect(resent[0]!.status).toBe('recorded');
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record_visit'")).toBe(
      1,
    );
  });

  it('lists requests by scope, status and unit, newest first', async () => {
    const a1 = await submit(1, { kind: 'tags', personId: 2, tags: ['disabled'] });
    const a2 = await submit(2, { kind: 'phone', personId: 5, phone: NEW_PHONE });
    const b = await submit(3, { kind: 'tags', personId: 8, tags: [] });
    await submit(1, { kind: 'visit', note: '走访' });
    const list = (filter: Partial<Parameters<RegisterRequestRepository['list']>[0]>) =>
      opened.requests
        .list({ scopes: [gridA()], statuses: ['pending'], unitId: null, limit: 10, ...filter })
        .then((records) => records.map((record) => record.id));

    expect(await list({})).toEqual([a2.id, a1.id]);
    expect(await list({ scopes: [gridA(), gridB()] })).toEqual([b.id, a2.id, a1.id]);
    expect(await list({ unitId: 1 })).toEqual([a1.id]);
    expect(await list({ limit: 1 })).toEqual([a2.id]);
    expect(await list({ scopes: [] })).toEqual([]);
    expect((await list({ statuses: ['recorded', 'pending'] })).length).toBe(3);
    const found = (await opened.requests.find(a2.id))!;
    expect(found).toMatchObject({
      householdId: 2,
      unitId: 2,
      gridCode: gridA(),
      kind: 'phone',
      personId: 5,
      status: 'pending',
      reviewedBy: null,
      conflict: null,
    });
    expect(found.change).toMatchObject({ kind: 'phone', personId: 5 });
    expect(JSON.stringify(found.change)).not.toContain(NEW_PHONE);
    expect(await opened.requests.find(9999)).toBeNull();
  });

  it('applies an approved phone, tags and lease change, audited, and the register reads them', async () => {
    const phone = await submit(1, { kind: 'phone', personId: 2, phone: NEW_PHONE });
    const tags = await submit(1, {
      kind: 'tags',
      personId: 3,
      tags: ['elderly_alone', 'disabled'],
    });
    const lease = await submit(1, {
      kind: 'rental',
      landlordName: ' 房东甲 ',
      tenants: '租客乙',
      startDate: '2026-12-01',
      endDate: '2027-11-30',
    });
    const [service] = opened.nodes;
    const approved = await service.approve(dispatcher(), phone.id, false);
    expect(approved).toMatchObject({
      status: 'approved',
      reviewedBy: 'dispatcher',
      conflict: null,
    });
    await service.approve(dispatcher(), tags.id, false);
    await service.approve(dispatcher(), lease.id, false);

    expect((await opened.requests.person(2))!.phone).toBe(NEW_PHONE);
    expect((await opened.requests.person(3))!.tags).toEqual(['disabled', 'elderly_alone']);
    const found = await opened.registry.searchPersons(
      { kind: 'identifier', idNumber: null, phone: NEW_PHONE },
      [district().districtCode],
      { page: 1, pageSize: 10 },
    );
    expect(found.items.map((person) => person.id)).toEqual([2]);
    expect(
      await opened.rows(
        'SELECT unit_id, landlord_name, tenants, start_date, end_date, batch_id FROM rental_leases',
      ),
    ).toEqual([
      {
        unit_id: 1,
        landlord_name: '房东甲',
        tenants: '租客乙',
        start_date: '2026-12-01',
        end_date: '2027-11-30',
        batch_id: null,
      },
    ]);
    expect((await opened.requests.household(1))!.leaseIds).toHaveLength(1);
    const themes = await opened.registry.listUnitThemes(gridA(), [district().districtCode]);
    expect(themes.find((unit) => unit.unitId === 1)).toMatchObject({ elderlyAloneCount: 1 });
    expect(
      (await auditActions()).filter((row) => row.action === 'approve_register_request'),
    ).toEqual([
      {
        action: 'approve_register_request',
        target_id: '1',
        fields: `request ${phone.id}: phone person 2`,
        reason: '',
      },
      {
        action: 'approve_register_request',
        target_id: '1',
        fields: `request ${tags.id}: tags person 3`,
        reason: '',
      },
      {
        action: 'approve_register_request',
        target_id: '1',
        fields: `request ${lease.id}: rental`,
        reason: '',
      },
    ]);
  });

  it('moves a new person in: sealed, searchable, counted as a registration in the grid today', async () => {
    const before = await movements(gridA());
    const dayBefore = districtDayStartMs(Date.now());
    const receipt = await submit(2, moveIn('35010219900307002'));
    const view = await opened.nodes[0].approve(dispatcher(), receipt.id, false);
    const dayAfter = districtDayStartMs(Date.now());

    const [person] = await opened.rows(
      'SELECT p.id, p.household_id, p.name, p.sex, p.birth_date, p.relation, p.tags, p.synthetic, ' +
        'p.id_number_masked, p.phone_masked, d.category, d.ethnicity FROM persons p ' +
        'LEFT JOIN person_details d ON d.person_id = p.id WHERE p.name = ?',
      [MOVED_IN_NAME],
    );
    expect({ ...person, synthetic: Boolean(person!.synthetic) }).toEqual({
      id: 13,
      household_id: 2,
      name: MOVED_IN_NAME,
      sex: 'F',
      birth_date: '1990-03-07',
      relation: 'tenant',
      tags: 'key_care',
      synthetic: false,
      id_number_masked: view.change.idNumberMasked,
      phone_masked: view.change.phoneMasked,
      category: 'registered',
      ethnicity: '',
    });
    const byName = await opened.registry.searchPersons(
      { kind: 'text', text: '钱新' },
      [district().districtCode],
      { page: 1, pageSize: 10 },
    );
    expect(byName.items.map((found) => found.id)).toEqual([13]);
    const byId = await opened.registry.searchPersons(
      { kind: 'identifier', idNumber: idNumberOf('35010219900307002'), phone: null },
      [district().districtCode],
      { page: 1, pageSize: 10 },
    );
    expect(byId.items.map((found) => found.id)).toEqual([13]);
    const households = await opened.registry.listHouseholdsOfUnit(2, [district().districtCode]);
    expect(households![0]!.members.map((member) => member.id)).toEqual([4, 5, 6, 13]);
    expect(await movements(gridA())).toEqual({
      registration: before.registration + 1,
      departure: before.departure,
    });
    const [today] = await opened.rows(
      "SELECT MAX(day_ms) AS day FROM register_movements WHERE grid_code = ? AND kind = 'registration' AND NOT demo",
      [gridA()],
    );
    expect([dayBefore, dayAfter]).toContain(Number(today!.day));
  });

  it('moves a known person from another grid: details kept, the move recorded, a departure there and a registration here', async () => {
    const [sealed] = await opened.rows('SELECT id_number_sealed FROM persons WHERE id = 7');
    const idNumber = opened.sealer.open('id_number', sealed!.id_number_sealed as Buffer);
    const [beforeA, beforeB] = [await movements(gridA()), await movements(gridB())];
    const receipt = await submit(1, {
      kind: 'move_in',
      name: '迁入者',
      idNumber,
      relation: 'child',
      phone: null,
      tags: [],
    });
    await opened.nodes[0].approve(dispatcher(), receipt.id, false);

    expect(
      await opened.rows(
        'SELECT p.household_id, p.name, p.relation, p.phone_masked, d.category, d.ethnicity ' +
          'FROM persons p JOIN person_details d ON d.person_id = p.id WHERE p.id = 7',
      ),
    ).toEqual([
      {
        household_id: 1,
        name: '迁入者',
        relation: 'child',
        phone_masked: null,
        ...KEPT_DETAILS,
      },
    ]);
    expect(
      await opened.rows(
        'SELECT person_id, from_unit_id, to_unit_id, batch_id, moved_at FROM person_moves',
      ),
    ).toEqual([
      { person_id: 7, from_unit_id: 3, to_unit_id: 1, batch_id: null, moved_at: NOW.toISOString() },
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM persons')).toBe(12);
    expect(await movements(gridA())).toEqual({
      ...beforeA,
      registration: beforeA.registration + 1,
    });
    expect(await movements(gridB())).toEqual({ ...beforeB, departure: beforeB.departure + 1 });
    expect((await auditActions()).at(-1)).toEqual({
      action: 'approve_register_request',
      target_id: '1',
      fields: `request ${receipt.id}: move_in person 7`,
      reason: '',
    });
  });

  it('moves a person out: gone with their details, their household left without a head, a departure counted', async () => {
    const before = await movements(gridA());
    const { name } = (await opened.requests.person(1))!;
    const receipt = await submit(1, { kind: 'move_out', personId: 1 });
    await opened.nodes[0].approve(dispatcher(), receipt.id, false);

    expect(await count('SELECT COUNT(*) AS n FROM persons WHERE id = 1')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM person_details WHERE person_id = 1')).toBe(0);
    expect(await opened.rows('SELECT id, head_person_id FROM households WHERE id = 1')).toEqual([
      { id: 1, head_person_id: null },
    ]);
    expect(await movements(gridA())).toEqual({ ...before, departure: before.departure + 1 });
    const found = await opened.registry.searchPersons(
      { kind: 'text', text: name },
      [district().districtCode],
      { page: 1, pageSize: 100 },
    );
    expect(found.items.some((person) => person.id === 1)).toBe(false);
  });

  it('rejects with a reason: nothing applied, the reason kept and audited', async () => {
    const receipt = await submit(1, { kind: 'move_out', personId: 2 });
    const [service] = opened.nodes;
    await expect(service.reject(dispatcher(), receipt.id, '  ')).rejects.toThrow(LocalizedError);
    const view = await service.reject(dispatcher(), receipt.id, '查无此事');
    expect(view).toMatchObject({
      status: 'rejected',
      reviewedBy: 'dispatcher',
      reviewedAt: NOW.toISOString(),
    });
    expect((await opened.requests.find(receipt.id))!.reviewReason).toBe('查无此事');
    expect(await count('SELECT COUNT(*) AS n FROM persons WHERE id = 2')).toBe(1);
    expect((await auditActions()).at(-1)).toEqual({
      action: 'reject_register_request',
      target_id: '1',
      fields: `request ${receipt.id}: move_out`,
      reason: '查无此事',
    });
    await expect(service.approve(dispatcher(), receipt.id, false)).rejects.toMatchObject({
      statusCode: 409,
    });
  });

  it('refuses an approval over a conflict unless it is accepted, and keeps the conflict', async () => {
    const tags = await submit(1, { kind: 'tags', personId: 3, tags: ['disabled'] });
    const phone = await submit(1, { kind: 'phone', personId: 3, phone: NEW_PHONE });
    const [service] = opened.nodes;
    await service.approve(dispatcher(), phone.id, false);
    await expect(service.approve(dispatcher(), tags.id, false)).rejects.toMatchObject({
      statusCode: 409,
    });
    expect((await opened.requests.find(tags.id))!.status).toBe('pending');
    const accepted = await service.approve(dispatcher(), tags.id, true);
    expect(accepted.conflict).not.toBeNull();
    expect((await opened.requests.find(tags.id))!.conflict).toEqual(accepted.conflict);
    expect((await opened.requests.person(3))!.tags).toEqual(['disabled']);
  });

  it('applies a move-in once when reviewers on two nodes approve it at once: one approval, the rest refused', async () => {
    const before = await movements(gridA());
    const receipt = await submit(2, moveIn('35010219850412003', '钱同时'));
    const answers = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, (_, index) =>
        // Each accepts a conflict: only the request's state can refuse the ones after the first.
        opened.nodes[index % 2]!.approve(reviewer(`reviewer${index}`), receipt.id, true),
      ),
    );
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
    for (const answer of answers)
      if (answer.status === 'rejected') expect(answer.reason).toMatchObject({ statusCode: 409 });
    expect(await count('SELECT COUNT(*) AS n FROM persons WHERE name = ?', ['钱同时'])).toBe(1);
    expect(
      await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'approve_register_request'"),
    ).toBe(1);
    expect(await movements(gridA())).toEqual({ ...before, registration: before.registration + 1 });
  });

  it('takes turns on a household: of two changes decided on one version at once, the second sees a conflict', async () => {
    const first = await submit(2, moveIn('35010219850412003', '赵先到'));
    const second = await submit(2, moveIn('35010219750101004', '孙后到'));
    const answers = await Promise.allSettled([
      opened.nodes[0].approve(dispatcher(), first.id, false),
      opened.nodes[1].approve(reviewer('admin'), second.id, false),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = answers.find((answer) => answer.status === 'rejected')!;
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ statusCode: 409 });
    expect((await opened.requests.household(2))!.members).toHaveLength(4);
  });

  it('takes turns on a person: a phone change and their move to another grid at once end as one after the other', async () => {
    const [sealed] = await opened.rows('SELECT id_number_sealed FROM persons WHERE id = 7');
    const idNumber = opened.sealer.open('id_number', sealed!.id_number_sealed as Buffer);
    const phone = await submit(3, { kind: 'phone', personId: 7, phone: NEW_PHONE });
    const move = await submit(1, {
      kind: 'move_in',
      name: '迁入者',
      idNumber,
      relation: 'child',
      phone: null,
      tags: [],
    });
    await Promise.allSettled([
      opened.nodes[0].approve(dispatcher(), move.id, false),
      opened.nodes[1].approve(reviewer('admin'), phone.id, false),
    ]);
    // Phone first: the move writes its own (no phone). Move first: the phone change finds the
    // person gone from the household and is refused. Either way no phone, and the move applied.
    const person = (await opened.requests.person(7))!;
    expect({ householdId: person.householdId, phone: person.phone }).toEqual({
      householdId: 1,
      phone: null,
    });
  });

  it("gives the cockpit's register figures SQLite gives after the same approvals", async ({
    skip,
  }) => {
    const [sealed] = await opened.rows('SELECT id_number_sealed FROM persons WHERE id = 7');
    const changes: Array<[number, HouseholdChange]> = [
      [2, moveIn('35010219900307002')],
      [
        1,
        {
          kind: 'move_in',
          name: '迁入者',
          idNumber: opened.sealer.open('id_number', sealed!.id_number_sealed as Buffer),
          relation: 'child',
          phone: null,
          tags: ['disabled'],
        },
      ],
      [1, { kind: 'move_out', personId: 1 }],
      [2, { kind: 'tags', personId: 5, tags: ['elderly_alone', 'key_care'] }],
    ];
    for (const [householdId, change] of changes) {
      const receipt = await submit(householdId, change);
      await opened.nodes[0].approve(dispatcher(), receipt.id, false);
    }
    const areas: StatsArea[] = [
      { gridCode: null, scopes: [district().districtCode] },
      { gridCode: gridA(), scopes: [district().districtCode] },
      { gridCode: gridB(), scopes: [district().districtCode] },
    ];
    const figures = [];
    for (const area of areas) figures.push(await registerFiguresOf(opened.stats, area));
    expect(figures[1]!.movements.length).toBeGreaterThan(0);
    if (engine.name === 'SQLite') {
      figuresByEngine.set(engine.name, figures);
      return;
    }
    // Run alone (no SQLite run before it), PostgreSQL has nothing to compare with.
    if (!figuresByEngine.has('SQLite')) skip();
    expect(figures).toEqual(figuresByEngine.get('SQLite'));
  });

  it('changes nothing when the audit row cannot be written', async () => {
    const receipt = await submit(1, moveIn('35010219900307002'));
    const before = { movements: await movements(gridA()), audit: await auditActions() };
    await expect(opened.failing.approve(dispatcher(), receipt.id, false)).rejects.toThrow(
      'audit unavailable',
    );
    await expect(
      submit(1, { kind: 'visit', note: '走访' }, { node: opened.failing }),
    ).rejects.toThrow('audit unavailable');
    expect(await count('SELECT COUNT(*) AS n FROM persons')).toBe(12);
    expect((await opened.requests.find(receipt.id))!.status).toBe('pending');
    expect(await count('SELECT COUNT(*) AS n FROM register_requests')).toBe(1);
    expect({ movements: await movements(gridA()), audit: await auditActions() }).toEqual(before);
  });
});
