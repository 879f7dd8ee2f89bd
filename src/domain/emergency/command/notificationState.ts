/**
 * What a household's emergency message has become, said honestly:
 * - `outbox`: written to the outbox table and the log because no gateway is configured; nobody
 *   has sent it yet (a duty officer or an SMS modem reading the outbox does that);
 * - `sent`: a configured gateway accepted it (HTTP 2xx); not yet known to have arrived;
 * - `delivered`: the gateway's receipt says it reached the handset (or the call was answered);
 * - `acknowledged`: the household confirmed it: a gateway receipt (a key pressed on a voice call,
 *   an SMS reply) or a desk user recording what the household said on the phone;
 * - `failed`: the gateway refused or was unreachable, or its receipt says it did not arrive.
 * A failed message is sent again by the next notification of its zone; the others are not.
 */

export const NOTIFICATION_STATES = [
  'outbox',
  'sent',
  'delivered',
  'acknowledged',
  'failed',
] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** Group SMS or an automated voice call list. */
export const NOTIFICATION_CHANNELS = ['sms', 'voice'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** What a gateway's receipt may report. */
export const RECEIPT_STATES = ['delivered', 'acknowledged', 'failed'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];

const PROGRESS: Record<NotificationState, number> = {
  outbox: 1,
  sent: 1,
  failed: 1,
  delivered: 2,
  acknowledged: 3,
};

/**
 * Whether a receipt moves a message on. Receipts arrive out of order and twice: one never moves
 * a message back (a late "delivered" after "acknowledged" is ignored), and "failed" only counts
 * while nothing better is known.
 */
export function appliesReceipt(current: NotificationState, receipt: ReceiptState): boolean {
  if (receipt === 'failed') return current === 'sent' || current === 'outbox';
  return PROGRESS[receipt] > PROGRESS[current];
}

/** A household is (re)sent to when it has no message in the event yet, or its last one failed. */
export function needsSending(current: NotificationState | null): boolean {
  return current === null || current === 'failed';
}

/**
 * Households per current state: each household counts once, so the states add up to the
 * households (an outbox message a desk user marked acknowledged counts as acknowledged only, never
 * as "accepted by a gateway" it never reached).
 */
export interface NotificationCounts {
  households: number;
  /** Written to the outbox, waiting for someone to send them. */
  outbox: number;
  /** Accepted by a gateway, no receipt yet. */
  sent: number;
  /** Delivered, not (yet) acknowledged. */
  delivered: number;
  acknowledged: number;
  failed: number;
}

export function emptyNotificationCounts(): NotificationCounts {
  return { households: 0, outbox: 0, sent: 0, delivered: 0, acknowledged: 0, failed: 0 };
}

/** Counts per key (the zone) of one state per household. */
export function countNotifications<K extends string>(
  entries: Iterable<{ key: K; state: NotificationState }>,
): Map<K, NotificationCounts> {
  const counts = new Map<K, NotificationCounts>();
  for (const { key, state } of entries) {
    const zone = counts.get(key) ?? emptyNotificationCounts();
    zone.households += 1;
    zone[state] += 1;
    counts.set(key, zone);
  }
  return counts;
}
