/**
 * The PostgreSQL adapter of NotificationRepository (migration 0007: command_notifications and
 * message_outbox; households and persons of the register), checked with the SQLite one by
 * emergency/command/notificationRepository.contract.test.ts. A claim is one
 * `INSERT … ON CONFLICT DO UPDATE … WHERE state = 'failed'`: of two senders claiming a household
 * at once the second waits on the first's row and, finding it no longer failed, gets nothing.
 * An update writes only over the state its writer read. Phones are opened with the sealer of the
 * register's data key and written to the outbox sealed, as on SQLite.
 */
import type {
  NotificationChannel,
  NotificationState,
} from '../../../domain/emergency/command/notificationState';
import type {
  NewNotification,
  NotificationRepository,
  NotificationUpdate,
  StoredNotification,
} from '../../emergency/command/commandRepository';
import type { IdentifierSealer } from '../sealedIdentifiers';
import {
  CLAIM_COLUMNS,
  CLAIM_CONFLICT,
  claimValues,
  firstPhones,
  NOTICE_ORDER,
  OUTBOX_COLUMNS,
  outboxValues,
  toNotification,
  updateNotificationSql,
  updateValues,
  type NotificationRow,
} from '../sqliteNotificationStore';
import type { PostgresPool } from './postgresPool';

const UPDATE_SQL = updateNotificationSql((n) => `$${n}`);

function parameters(from: number, count: number): string {
  return Array.from({ length: count }, (_, n) => `$${from + n}`).join(', ');
}

/** Head of the household first (its phone), then the others by id. */
const PHONES_SQL =
  'SELECT h.id AS household_id, p.phone_sealed FROM households h ' +
  'JOIN persons p ON p.household_id = h.id ' +
  'WHERE h.id = ANY($1::integer[]) AND p.phone_sealed IS NOT NULL ' +
  'ORDER BY h.id, coalesce(h.head_person_id = p.id, false) DESC, p.id';

export class PostgresNotificationRepository implements NotificationRepository {
  constructor(
    private readonly pool: PostgresPool,
    private readonly sealer: IdentifierSealer,
  ) {}

  async listNotifications(eventId: number): Promise<StoredNotification[]> {
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT * FROM command_notifications WHERE event_id = $1 ${NOTICE_ORDER}`,
      [eventId],
    );
    return rows.map(toNotification);
  }

  async findNotification(id: number): Promise<StoredNotification | null> {
    const { rows } = await this.pool.query<NotificationRow>(
      'SELECT * FROM command_notifications WHERE id = $1',
      [id],
    );
    return rows[0] === undefined ? null : toNotification(rows[0]);
  }

  async claimNotification(notification: NewNotification): Promise<number | null> {
    const values = claimValues(notification);
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO command_notifications (${CLAIM_COLUMNS}) ` +
        `VALUES (${parameters(1, values.length)}) ${CLAIM_CONFLICT}`,
      values,
    );
    return rows[0]?.id ?? null;
  }

  async updateNotification(
    id: number,
    from: NotificationState,
    update: NotificationUpdate,
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(UPDATE_SQL, updateValues(id, from, update));
    return rowCount === 1;
  }

  async householdPhones(householdIds: readonly number[]): Promise<Map<number, string>> {
    if (householdIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ household_id: number; phone_sealed: Buffer }>(
      PHONES_SQL,
      [householdIds],
    );
    return firstPhones(this.sealer, rows);
  }

  async writeOutbox(
    notificationId: number,
    channel: NotificationChannel,
    phone: string,
    text: string,
    atMs: number,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO message_outbox (${OUTBOX_COLUMNS}) VALUES (${parameters(1, 7)})`,
      outboxValues(this.sealer, notificationId, channel, phone, text, atMs),
    );
  }
}
