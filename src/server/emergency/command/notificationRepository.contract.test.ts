/**
 * The contract of NotificationRepository, run against every engine
 * (docs/decisions/0040-postgresql.md) over one small synthetic district written once with the
 * SQLite tools: SQLite gets a copy of its file per case, PostgreSQL its rows once
 * (copySqliteToPostgres) and its command tables emptied per case. Each case gets two nodes, two
 * repositories over one database with their own connections. A household is claimed before it
 * is messaged, so two desks (on two nodes) notifying one zone at once write each household's
 * message to the outbox once; a state moves only from the state its writer read.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DoorKnockHousehold } from '../../../shared/emergencyScenario';
import type { Caller } from '../../registry/accessErrors';
import { openDatabase, type SqliteDatabase } from '../../store/openDatabase';
import { PostgresCommandRepository } from '../../store/pg/postgresCommandRepository';
import { PostgresNotificationRepository } from '../../store/pg/postgresNotificationRepository';
import type { PostgresPool } from '../../store/pg/postgresPool';
import { type IdentifierSealer } from '../../store/sealedIdentifiers';
import { identifierSealerFor, useIdentifierSealer } from '../../store/dataKeyFiles';
import { sqliteCommandRepository } from '../../store/sqliteCommandStore';
import { sqliteNotificationRepository } from '../../store/sqliteNotificationStore';
import { postgresContractEngine, sqliteContractEngine } from '../../testing/contractEngines';
import { copySqliteFileToPostgres } from '../../testing/copySqliteToPostgres';
import { writeSyntheticDistrict } from '../../testing/syntheticDistrict';
import type {
  CommandRepository,
  NewNotification,
  NotificationRepository,
} from './commandRepository';
import { CommandService } from './commandService';
import { OutboxMessageGateway } from './messageGateway';
import { ResidentNotifications } from './residentNotifications';

const T0 = Date.UTC(2026, 11, 6, 9);
/** Claims of one household at once, spread over both nodes (each node's pool holds this many). */
const AT_ONCE = 8;
const SIZE = {
  streetCount: 1,
  communitiesPerStreet: 1,
  gridsPerCommunity: 2,
  buildingsPerGrid: 2,
  floors: 3,
  unitsPerFloor: 2,
  vacantEvery: 5,
  rentalEvery: 3,
  householdsPerUnit: 1,
  personsPerHousehold: 2,
};
/** Households whose phones the district is given here: the head's, a member's, none. */
const HEAD_PHONE = '13900000001';
const OTHER_HEAD_PHONE = '13900000011';
const MEMBER_PHONE = '13900000002';
const COMMANDER: Caller = { username: 'commander', role: 'admin', scopes: ['350102'] };

interface Node {
  notices: NotificationRepository;
  command: CommandRepository;
}

interface Opened {
  nodes: [Node, Node];
  /** The outbox's rows: notification, phone as opened, its index and masked copy. */
  outbox(): Promise<
    Array<{ notificationId: number; phone: string; index: Buffer; masked: string }>
  >;
  close(): void;
}

const districtDir = mkdtempSync(join(tmpdir(), 'gcc-notices-contract-'));
const districtPath = join(districtDir, 'district.sqlite');
let sealer: IdentifierSealer;
/** The district's households, as the door-knocking list would give them (all in one zone). */
let households: DoorKnockHousehold[];
/** [with the head's phone, with a member's phone only, with no phone]. */
let phoneCases: [number, number, number];
let expectedPhones: Map<number, string>;

function writeDistrict(): void {
  writeSyntheticDistrict(districtPath, SIZE);
  const db = openDatabase(districtPath);
  try {
    sealer = identifierSealerFor(db);
    const rows = db
      .prepare(
        'SELECT h.id, h.head_person_id AS head, b.id AS building_id, b.name, b.name_en, ' +
          'b.grid_code, u.floor, u.room_label FROM households h JOIN units u ON u.id = h.unit_id ' +
          'JOIN buildings b ON b.id = u.building_id ORDER BY h.id',
      )
      .all() as Array<{
      id: number;
      head: number;
      building_id: number;
      name: string;
      name_en: string;
      grid_code: string;
      floor: number;
      room_label: string;
    }>;
    const setPhone = db.prepare(
      'UPDATE persons SET phone_sealed = ?, phone_index = ?, phone_masked = ? WHERE id = ?',
    );
    const phoneOf = (personId: number, phone: string | null) =>
      setPhone.run(
        phone === null ? null : sealer.seal('phone', phone),
        phone === null ? null : sealer.index('phone', phone),
        phone === null ? null : phone.slice(-4),
        personId,
      );
    const members = db.prepare('SELECT id FROM persons WHERE household_id = ? ORDER BY id');
    const [withHead, withMember, withNone] = rows.slice(0, 3);
    for (const [household, phones] of [
      [withHead!, [HEAD_PHONE, OTHER_HEAD_PHONE]],
      [withMember!, [null, MEMBER_PHONE]],
      [withNone!, [null, null]],
    ] as const) {
      const ids = (members.all(household.id) as Array<{ id: number }>).map((row) => row.id);
      // The head first, then the others by id: the head is not always the first member.
      const ordered = [household.head, ...ids.filter((id) => id !== household.head)];
      ordered.forEach((personId, index) => phoneOf(personId, phones[index] ?? phones[1]));
    }
    phoneCases = [withHead!.id, withMember!.id, withNone!.id];
    households = rows.map(
      (row) =>
        ({
          householdId: row.id,
          buildingId: row.building_id,
          buildingName: row.name,
          buildingNameEn: row.name_en,
          gridCode: row.grid_code,
          floor: row.floor,
          roomLabel: row.room_label,
          tier: 'AEGL-2',
        }) as DoorKnockHousehold,
    );
    const phoneRows = db
      .prepare(
        'SELECT h.id AS household_id, p.phone_sealed FROM households h JOIN persons p ' +
          'ON p.household_id = h.id WHERE p.phone_sealed IS NOT NULL ' +
          'ORDER BY h.id, p.id = h.head_person_id DESC, p.id',
      )
      .all() as Array<{ household_id: number; phone_sealed: Buffer }>;
    expectedPhones = new Map();
    for (const row of phoneRows) {
      if (!expectedPhones.has(row.household_id)) {
        expectedPhones.set(row.household_id, sealer.open('phone', row.phone_sealed));
      }
    }
  } finally {
    db.close();
  }
}

writeDistrict();

function openSqlite(path: string): SqliteDatabase {
  const db = openDatabase(path);
  useIdentifierSealer(db, sealer);
  return db;
}

const ENGINES = [
  sqliteContractEngine<Opened>('notices', (path) => {
    copyFileSync(districtPath, path);
    const first = openSqlite(path);
    const second = openSqlite(path);
    return {
      nodes: [
        { notices: sqliteNotificationRepository(first), command: sqliteCommandRepository(first) },
        { notices: sqliteNotificationRepository(second), command: sqliteCommandRepository(second) },
      ],
      outbox: async () =>
        (
          first
            .prepare(
              'SELECT notification_id, phone_sealed, phone_index, phone_masked FROM message_outbox ORDER BY id',
            )
            .all() as OutboxRow[]
        ).map(openOutboxRow),
      close: () => {
        first.close();
        second.close();
      },
    };
  }),
  postgresContractEngine<Opened>({
    tables: ['command_events'],
    pools: 2,
    poolSize: AT_ONCE,
    async setUp(database) {
      await copySqliteFileToPostgres(districtPath, database.url);
    },
    open: ([first, second]) => ({
      nodes: [pgNode(first!), pgNode(second!)],
      outbox: async () =>
        (
          await first!.query<OutboxRow>(
            'SELECT notification_id, phone_sealed, phone_index, phone_masked FROM message_outbox ORDER BY id',
          )
        ).rows.map(openOutboxRow),
      close: () => {},
    }),
  }),
];

interface OutboxRow {
  notification_id: number;
  phone_sealed: Buffer;
  phone_index: Buffer;
  phone_masked: string;
}

function openOutboxRow(row: OutboxRow) {
  return {
    notificationId: row.notification_id,
    phone: sealer.open('phone', row.phone_sealed),
    index: Buffer.from(row.phone_index),
    masked: row.phone_masked,
  };
}

function pgNode(pool: PostgresPool): Node {
  return {
    notices: new PostgresNotificationRepository(pool, sealer),
    command: new PostgresCommandRepository(pool),
  };
}

function notice(eventId: number, householdId: number, extra: Partial<NewNotification> = {}) {
  return {
    eventId,
    householdId,
    gridCode: '350102001001001',
    buildingName: '1号楼',
    roomLabel: '101',
    tier: 'AEGL-2',
    channel: 'sms',
    phoneMasked: '*******0001',
    gateway: 'outbox',
    atMs: T0,
    ...extra,
  } satisfies NewNotification;
}

/** The resident notifications of one node, the default outbox gateway writing through it. */
function notificationsOn(node: Node): ResidentNotifications {
  const command = new CommandService({
    store: node.command,
    listPlans: async () => [],
    audit: { recordAudit: async () => 0 },
    now: () => new Date(T0),
    endScenario: () => {},
  });
  return new ResidentNotifications({
    command,
    store: node.notices,
    householdsInZone: async () => households,
    gateway: new OutboxMessageGateway(
      (message) =>
        node.notices.writeOutbox(
          message.notificationId,
          message.channel,
          message.phone,
          message.text,
          T0,
        ),
      () => {},
    ),
    now: () => new Date(T0),
  });
}

afterAll(() => rmSync(districtDir, { recursive: true, force: true }));

describe.each(ENGINES)('messages to households on $name', (engine) => {
  let opened: Opened;
  let node: NotificationRepository;
  let otherNode: NotificationRepository;
  let eventId: number;

  beforeAll(() => engine.prepare());
  afterAll(() => engine.dispose());
  beforeEach(async () => {
    opened = await engine.open();
    [node, otherNode] = opened.nodes.map((each) => each.notices) as [
      NotificationRepository,
      NotificationRepository,
    ];
    eventId = await opened.nodes[0].command.openEvent(
      {
        title: '氯气泄漏',
        incidentType: '危化品泄漏',
        level: 'IV',
        scenarioId: null,
        atMs: T0,
        by: 'commander',
      },
      {
        atMs: T0,
        actor: 'commander',
        kind: 'event_opened',
        payload: {
          title: '氯气泄漏',
          incidentType: '危化品泄漏',
          level: 'IV',
          fromScenario: false,
        },
      },
    );
  });
  afterEach(() => opened.close());

  it('claims a household once per channel, and a failed message again with one more attempt', async () => {
    const id = await node.claimNotification(notice(eventId, 1));
    expect(id).not.toBeNull();
    expect(await otherNode.findNotification(id!)).toEqual({
      id,
      eventId,
      householdId: 1,
      gridCode: '350102001001001',
      buildingName: '1号楼',
      roomLabel: '101',
      tier: 'AEGL-2',
      channel: 'sms',
      phoneMasked: '*******0001',
      state: 'outbox',
      gateway: 'outbox',
      attempts: 1,
      error: null,
      createdAtMs: T0,
      updatedAtMs: T0,
      acknowledgedBy: null,
      note: null,
    });
    expect(await otherNode.claimNotification(notice(eventId, 1, { atMs: T0 + 1 }))).toBeNull();
    const voice = await otherNode.claimNotification(notice(eventId, 1, { channel: 'voice' }));
    expect(voice).not.toBe(id);

    expect(
      await node.updateNotification(id!, 'outbox', {
        state: 'failed',
        atMs: T0 + 5,
        error: 'HTTP 503',
      }),
    ).toBe(true);
    expect(
      await otherNode.claimNotification(
        notice(eventId, 1, {
          tier: 'AEGL-3',
          gateway: 'http',
          phoneMasked: '*******0002',
          atMs: T0 + 9,
        }),
      ),
    ).toBe(id);
    expect(await node.findNotification(id!)).toMatchObject({
      state: 'outbox',
      attempts: 2,
      error: null,
      tier: 'AEGL-3',
      gateway: 'http',
      phoneMasked: '*******0002',
      createdAtMs: T0,
      updatedAtMs: T0 + 9,
    });
    expect(await node.findNotification(id! + 100)).toBeNull();
  });

  it('moves a state only from the state read, keeping the error, the acknowledger and the note unless given', async () => {
    const id = (await node.claimNotification(notice(eventId, 1)))!;
    expect(
      await otherNode.updateNotification(id, 'sent', { state: 'delivered', atMs: T0 + 1 }),
    ).toBe(false);
    expect(
      await node.updateNotification(id, 'outbox', {
        state: 'failed',
        atMs: T0 + 2,
        error: 'timeout',
      }),
    ).toBe(true);
    expect(await node.updateNotification(id, 'failed', { state: 'sent', atMs: T0 + 3 })).toBe(true);
    expect(await node.findNotification(id)).toMatchObject({ state: 'sent', error: 'timeout' });
    expect(
      await otherNode.updateNotification(id, 'sent', {
        state: 'acknowledged',
        atMs: T0 + 4,
        error: null,
        acknowledgedBy: 'desk',
        note: '电话确认',
      }),
    ).toBe(true);
    expect(
      await node.updateNotification(id, 'acknowledged', { state: 'acknowledged', atMs: T0 + 5 }),
    ).toBe(true);
    expect(await node.findNotification(id)).toMatchObject({
      state: 'acknowledged',
      error: null,
      acknowledgedBy: 'desk',
      note: '电话确认',
      updatedAtMs: T0 + 5,
    });
  });

  it('lists an event’s messages by zone, grid and id', async () => {
    const a = await node.claimNotification(
      notice(eventId, 3, { tier: 'AEGL-2', gridCode: '350102001001002' }),
    );
    const b = await node.claimNotification(notice(eventId, 1, { tier: 'AEGL-3' }));
    const c = await node.claimNotification(notice(eventId, 2, { tier: 'AEGL-2' }));
    const d = await node.claimNotification(
      notice(eventId, 4, { tier: 'AEGL-2', gridCode: '350102001001001' }),
    );
    expect((await otherNode.listNotifications(eventId)).map((stored) => stored.id)).toEqual([
      c,
      d,
      a,
      b,
    ]);
    expect(await otherNode.listNotifications(eventId + 1)).toEqual([]);
  });

  it('answers each household’s phone: the head’s, else the first member’s with one, never none', async () => {
    const [withHead, withMember, withNone] = phoneCases;
    const phones = await node.householdPhones([withHead, withMember, withNone]);
    expect(phones).toEqual(
      new Map([
        [withHead, HEAD_PHONE],
        [withMember, MEMBER_PHONE],
      ]),
    );
    const all = households.map((household) => household.householdId);
    expect(await otherNode.householdPhones(all)).toEqual(expectedPhones);
    expect(expectedPhones.size).toBeGreaterThan(3);
    expect(await node.householdPhones([])).toEqual(new Map());
  });

  it('writes the outbox with the number sealed, its lookup index and its masked copy', async () => {
    const id = (await node.claimNotification(notice(eventId, 1)))!;
    await otherNode.writeOutbox(id, 'sms', HEAD_PHONE, '请立即撤离', T0);
    expect(await opened.outbox()).toEqual([
      {
        notificationId: id,
        phone: HEAD_PHONE,
        index: sealer.index('phone', HEAD_PHONE),
        masked: '*******0001',
      },
    ]);
  });

  it('gives a household to one sender when both nodes claim it at once', async () => {
    const claims = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, index) =>
        (index % 2 === 0 ? node : otherNode).claimNotification(
          notice(eventId, 7, { atMs: T0 + index }),
        ),
      ),
    );
    expect(claims.filter((id) => id !== null)).toHaveLength(1);
    expect((await node.listNotifications(eventId)).map((stored) => stored.attempts)).toEqual([1]);
  });

  it('moves a message once when two writers move it from the same state at once', async () => {
    const id = (await node.claimNotification(notice(eventId, 1)))!;
    const moved = await Promise.all([
      node.updateNotification(id, 'outbox', { state: 'delivered', atMs: T0 + 1 }),
      otherNode.updateNotification(id, 'outbox', { state: 'acknowledged', atMs: T0 + 1 }),
      node.updateNotification(id, 'outbox', { state: 'sent', atMs: T0 + 1 }),
      otherNode.updateNotification(id, 'outbox', { state: 'failed', atMs: T0 + 1, error: 'x' }),
    ]);
    expect(moved.filter(Boolean)).toHaveLength(1);
  });

  it('messages each household of a zone once when two desks on two nodes notify it at once', async () => {
    const [first, second] = opened.nodes.map(notificationsOn) as [
      ResidentNotifications,
      ResidentNotifications,
    ];
    const request = { tier: 'AEGL-2', channel: 'sms', text: '请立即撤离' } as const;
    const results = await Promise.all([
      first.notify(COMMANDER, request),
      second.notify(COMMANDER, request),
    ]);
    const outbox = await opened.outbox();
    expect(outbox).toHaveLength(expectedPhones.size);
    expect(new Set(outbox.map((row) => row.notificationId)).size).toBe(expectedPhones.size);
    const stored = await node.listNotifications(eventId);
    expect(stored).toHaveLength(expectedPhones.size);
    expect(stored.every((each) => each.attempts === 1 && each.state === 'outbox')).toBe(true);
    expect(
      new Map(
        outbox.map((row) => [
          stored.find((each) => each.id === row.notificationId)!.householdId,
          row.phone,
        ]),
      ),
    ).toEqual(expectedPhones);
    expect(results[0]!.outbox + results[1]!.outbox).toBe(expectedPhones.size);
    for (const result of results) {
      expect(result.households).toBe(households.length);
      expect(result.withoutPhone + result.skipped + result.outbox).toBe(households.length);
    }
  });
});
