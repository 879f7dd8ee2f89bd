/**
 * SQLite adapter of NotificationRepository: the messages to households of an emergency event and
 * the outbox of the default gateway. Full phone numbers are read (opened from their seal) only
 * to hand them to a gateway, and written only sealed into the outbox. The repository is
 * asynchronous (sqliteNotificationRepository), each method the synchronous store's to its end
 * (promisedMethods.ts); the claim's and the update's SQL is shared with the PostgreSQL adapter.
 */
import type {
  NotificationChannel,
  NotificationState,
} from '../../domain/emergency/command/notificationState';
import { maskIdentifier } from '../../domain/idNumber';
import type {
  NewNotification,
  NotificationRepository,
  NotificationUpdate,
  StoredNotification,
} from '../emergency/command/commandRepository';
import type { SqliteDatabase } from './openDatabase';
import { promisedMethods } from './promisedMethods';
import { type IdentifierSealer } from './sealedIdentifiers';
import { identifierSealerFor } from './dataKeyFiles';
import { StatementCache } from './statementCache';

export interface NotificationRow {
  id: number;
  event_id: number;
  household_id: number;
  grid_code: string;
  building_name: string;
  room_label: string;
  tier: string;
  channel: NotificationChannel;
  phone_masked: string;
  state: NotificationState;
  gateway: string;
  attempts: number;
  error: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  acknowledged_by: string | null;
  note: string | null;
}

export function toNotification(row: NotificationRow): StoredNotification {
  return {
    id: row.id,
    eventId: row.event_id,
    householdId: row.household_id,
    gridCode: row.grid_code,
    buildingName: row.building_name,
    roomLabel: row.room_label,
    tier: row.tier,
    channel: row.channel,
    phoneMasked: row.phone_masked,
    state: row.state,
    gateway: row.gateway,
    attempts: row.attempts,
    error: row.error,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
    acknowledgedBy: row.acknowledged_by,
    note: row.note,
  };
}

const PHONES_SQL =
  'SELECT h.id AS household_id, p.phone_sealed FROM households h ' +
  'JOIN persons p ON p.household_id = h.id ' +
  'WHERE h.id IN (SELECT value FROM json_each(?)) AND p.phone_sealed IS NOT NULL ' +
  'ORDER BY h.id, (h.head_person_id = p.id) DESC, p.id';

export const CLAIM_COLUMNS =
  'event_id, household_id, grid_code, building_name, room_label, tier, channel, phone_masked, ' +
  'state, gateway, attempts, created_at_ms, updated_at_ms';
/**
 * A failed message is taken again (attempts + 1); one in any other state is left alone and
 * nothing is returned: the claim of a household already messaged, or being messaged, fails.
 */
export const CLAIM_CONFLICT =
  'ON CONFLICT (event_id, household_id, channel) DO UPDATE SET ' +
  "tier = excluded.tier, phone_masked = excluded.phone_masked, gateway = excluded.gateway, state = 'outbox', " +
  'attempts = command_notifications.attempts + 1, error = NULL, updated_at_ms = excluded.updated_at_ms ' +
  "WHERE command_notifications.state = 'failed' RETURNING id";
export const NOTICE_ORDER = 'ORDER BY tier, grid_code, id';

/**
 * The conditional update with the engine's placeholder for parameter n (updateValues): state,
 * updated_at_ms, whether error is given (1 or 0), error, acknowledged_by, note, id, the state read.
 */
export function updateNotificationSql(parameter: (n: number) => string): string {
  const [state, atMs, hasError, error, by, note, id, from] = Array.from({ length: 8 }, (_, n) =>
    parameter(n + 1),
  );
  return (
    `UPDATE command_notifications SET state = ${state}, updated_at_ms = ${atMs}, ` +
    `error = CASE WHEN ${hasError} = 1 THEN ${error} ELSE error END, ` +
    `acknowledged_by = coalesce(${by}, acknowledged_by), note = coalesce(${note}, note) ` +
    `WHERE id = ${id} AND state = ${from}`
  );
}
export const OUTBOX_COLUMNS =
  'notification_id, channel, phone_sealed, phone_index, phone_masked, text, created_at_ms';

/** The values of CLAIM_COLUMNS, in their order. */
export function claimValues(notification: NewNotification): unknown[] {
  return [
    notification.eventId,
    notification.householdId,
    notification.gridCode,
    notification.buildingName,
    notification.roomLabel,
    notification.tier,
    notification.channel,
    notification.phoneMasked,
    'outbox',
    notification.gateway,
    1,
    notification.atMs,
    notification.atMs,
  ];
}

/** The parameters of UPDATE_NOTIFICATION_SET, in their order. */
export function updateValues(
  id: number,
  from: NotificationState,
  update: NotificationUpdate,
): unknown[] {
  return [
    update.state,
    update.atMs,
    update.error === undefined ? 0 : 1,
    update.error ?? null,
    update.acknowledgedBy ?? null,
    update.note ?? null,
    id,
    from,
  ];
}

/** The values of OUTBOX_COLUMNS, the phone sealed, its index and its masked copy. */
export function outboxValues(
  sealer: IdentifierSealer,
  notificationId: number,
  channel: NotificationChannel,
  phone: string,
  text: string,
  atMs: number,
): unknown[] {
  return [
    notificationId,
    channel,
    sealer.seal('phone', phone),
    sealer.index('phone', phone),
    maskIdentifier(phone),
    text,
    atMs,
  ];
}

/** The first phone of each household in rows ordered by household, head first. */
export function firstPhones(
  sealer: IdentifierSealer,
  rows: Iterable<{ household_id: number; phone_sealed: Buffer }>,
): Map<number, string> {
  const phones = new Map<number, string>();
  for (const row of rows) {
    if (phones.has(row.household_id)) continue;
    phones.set(row.household_id, sealer.open('phone', row.phone_sealed));
  }
  return phones;
}

const UPDATE_SQL = updateNotificationSql(() => '?');

export function sqliteNotificationRepository(db: SqliteDatabase): NotificationRepository {
  return promisedMethods(new SqliteNotificationStore(db), [
    'listNotifications',
    'findNotification',
    'claimNotification',
    'updateNotification',
    'householdPhones',
    'writeOutbox',
  ]);
}

export class SqliteNotificationStore {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listNotifications(eventId: number): StoredNotification[] {
    const rows = this.statements
      .get(`SELECT * FROM command_notifications WHERE event_id = ? ${NOTICE_ORDER}`)
      .all(eventId) as NotificationRow[];
    return rows.map(toNotification);
  }

  findNotification(id: number): StoredNotification | null {
    const row = this.statements.get('SELECT * FROM command_notifications WHERE id = ?').get(id) as
      NotificationRow | undefined;
    return row === undefined ? null : toNotification(row);
  }

  claimNotification(notification: NewNotification): number | null {
    const row = this.statements
      .get(
        `INSERT INTO command_notifications (${CLAIM_COLUMNS}) ` +
          `VALUES (${placeholders(13)}) ${CLAIM_CONFLICT}`,
      )
      .get(...claimValues(notification)) as { id: number } | undefined;
    return row?.id ?? null;
  }

  updateNotification(id: number, from: NotificationState, update: NotificationUpdate): boolean {
    return this.statements.get(UPDATE_SQL).run(...updateValues(id, from, update)).changes === 1;
  }

  householdPhones(householdIds: readonly number[]): Map<number, string> {
    if (householdIds.length === 0) return new Map();
    const rows = this.statements.get(PHONES_SQL).all(JSON.stringify(householdIds)) as Array<{
      household_id: number;
      phone_sealed: Buffer;
    }>;
    return firstPhones(identifierSealerFor(this.db), rows);
  }

  writeOutbox(
    notificationId: number,
    channel: NotificationChannel,
    phone: string,
    text: string,
    atMs: number,
  ): void {
    this.statements
      .get(`INSERT INTO message_outbox (${OUTBOX_COLUMNS}) VALUES (${placeholders(7)})`)
      .run(
        ...outboxValues(identifierSealerFor(this.db), notificationId, channel, phone, text, atMs),
      );
  }
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
