/**
 * SQLite adapter of NotificationRepository: the messages to households of an emergency event and
 * the outbox of the default gateway. Full phone numbers are read (opened from their seal) only
 * to hand them to a gateway, and written only sealed into the outbox.
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
import { identifierSealerFor } from './sealedIdentifiers';
import { StatementCache } from './statementCache';

interface NotificationRow {
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

function toNotification(row: NotificationRow): StoredNotification {
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

export class SqliteNotificationStore implements NotificationRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  listNotifications(eventId: number): StoredNotification[] {
    const rows = this.statements
      .get('SELECT * FROM command_notifications WHERE event_id = ? ORDER BY tier, grid_code, id')
      .all(eventId) as NotificationRow[];
    return rows.map(toNotification);
  }

  findNotification(id: number): StoredNotification | null {
    const row = this.statements.get('SELECT * FROM command_notifications WHERE id = ?').get(id) as
      NotificationRow | undefined;
    return row === undefined ? null : toNotification(row);
  }

  upsertNotification(notification: NewNotification): number {
    const row = this.statements
      .get(
        'INSERT INTO command_notifications (event_id, household_id, grid_code, building_name, ' +
          'room_label, tier, channel, phone_masked, state, gateway, attempts, created_at_ms, ' +
          "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'outbox', ?, 1, ?, ?) " +
          'ON CONFLICT (event_id, household_id, channel) DO UPDATE SET ' +
          'tier = excluded.tier, phone_masked = excluded.phone_masked, gateway = excluded.gateway, ' +
          'attempts = attempts + 1, error = NULL, updated_at_ms = excluded.updated_at_ms ' +
          'RETURNING id',
      )
      .get(
        notification.eventId,
        notification.householdId,
        notification.gridCode,
        notification.buildingName,
        notification.roomLabel,
        notification.tier,
        notification.channel,
        notification.phoneMasked,
        notification.gateway,
        notification.atMs,
        notification.atMs,
      ) as { id: number };
    return row.id;
  }

  updateNotification(id: number, update: NotificationUpdate): void {
    this.statements
      .get(
        'UPDATE command_notifications SET state = ?, updated_at_ms = ?, ' +
          'error = CASE WHEN ? THEN ? ELSE error END, ' +
          'acknowledged_by = coalesce(?, acknowledged_by), note = coalesce(?, note) WHERE id = ?',
      )
      .run(
        update.state,
        update.atMs,
        update.error === undefined ? 0 : 1,
        update.error ?? null,
        update.acknowledgedBy ?? null,
        update.note ?? null,
        id,
      );
  }

  householdPhones(householdIds: readonly number[]): Map<number, string> {
    const phones = new Map<number, string>();
    if (householdIds.length === 0) return phones;
    const sealer = identifierSealerFor(this.db);
    const rows = this.statements.get(PHONES_SQL).all(JSON.stringify(householdIds)) as Array<{
      household_id: number;
      phone_sealed: Buffer;
    }>;
    for (const row of rows) {
      if (phones.has(row.household_id)) continue;
      phones.set(row.household_id, sealer.open('phone', row.phone_sealed));
    }
    return phones;
  }

  writeOutbox(
    notificationId: number,
    channel: NotificationChannel,
    phone: string,
    text: string,
    atMs: number,
  ): void {
    const sealer = identifierSealerFor(this.db);
    this.statements
      .get(
        'INSERT INTO message_outbox (notification_id, channel, phone_sealed, phone_index, ' +
          'phone_masked, text, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        notificationId,
        channel,
        sealer.seal('phone', phone),
        sealer.index('phone', phone),
        maskIdentifier(phone),
        text,
        atMs,
      );
  }
}
