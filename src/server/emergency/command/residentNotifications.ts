/**
 * Messages to the households of a threat zone during the active emergency event: the households
 * come from the register through the scenario's zones, exactly as the door-knocking list finds
 * them (the caller's scope, that zone or a worse one); one message per household and channel, to
 * the head's phone (else the first member's), through the configured MessageGateway. A household
 * already reached in the event is not messaged twice, not even by two desks (or two server nodes)
 * at once: each message is claimed before it goes out; one whose message failed is tried again.
 * States are tracked per household (notificationState.ts says what each means): gateway
 * receipts move them on, and a desk user records an acknowledgement taken by phone. The
 * timeline gets summaries (counts), never a number; numbers in logs are masked.
 */
import type { AeglTier } from '../../../domain/emergency/chemicals';
import {
  appliesReceipt,
  countNotifications,
  needsSending,
} from '../../../domain/emergency/command/notificationState';
import { isWithinGrid } from '../../../domain/gridCode';
import { maskIdentifier } from '../../../domain/idNumber';
import type {
  GatewayReceipt,
  NotificationView,
  NotifyRequest,
  NotifyResponse,
  ZoneNotificationCounts,
} from '../../../shared/emergencyCommand';
import type { DoorKnockHousehold } from '../../../shared/emergencyScenario';
import { LocalizedError, type Caller } from '../../registry/accessErrors';
import type {
  NotificationRepository,
  NotificationUpdate,
  StoredNotification,
} from './commandRepository';
import { COMMAND_ACTIONS } from './commandAudit';
import { SYSTEM_ACTOR, type CommandService } from './commandService';
import type { MessageGateway } from './messageGateway';

/** Messages handed to the gateway at once: a zone of hundreds does not open hundreds of sockets. */
export const GATEWAY_CONCURRENCY = 8;

export interface ResidentNotificationsDeps {
  command: CommandService;
  store: NotificationRepository;
  /** Households of the caller's scope in the zone or a worse one (DoorKnocking.list). */
  householdsInZone: (caller: Caller, tier: AeglTier) => Promise<DoorKnockHousehold[]>;
  gateway: MessageGateway;
  now: () => Date;
}

const NOT_FOUND = new LocalizedError(404, { zh: '通知记录不存在', en: 'No such notice' });

export function toNotificationView(stored: StoredNotification): NotificationView {
  return {
    id: stored.id,
    householdId: stored.householdId,
    gridCode: stored.gridCode,
    buildingName: stored.buildingName,
    roomLabel: stored.roomLabel,
    tier: stored.tier,
    channel: stored.channel,
    phoneMasked: stored.phoneMasked,
    state: stored.state,
    gateway: stored.gateway,
    attempts: stored.attempts,
    error: stored.error,
    updatedAtMs: stored.updatedAtMs,
    acknowledgedBy: stored.acknowledgedBy,
    note: stored.note,
  };
}

export function inScope(caller: Caller, gridCode: string): boolean {
  return caller.scopes.some((scope) => isWithinGrid(gridCode, scope));
}

export class ResidentNotifications {
  constructor(private readonly deps: ResidentNotificationsDeps) {}

  get gatewayName(): 'outbox' | 'http' {
    return this.deps.gateway.name;
  }

  async notify(caller: Caller, request: NotifyRequest): Promise<NotifyResponse> {
    await this.deps.command.requireActive();
    const households = await this.deps.householdsInZone(caller, request.tier);
    // Again once the households are read: the event is the one in force while the rest runs.
    const event = await this.deps.command.requireActive();
    const previous = new Map(
      (await this.deps.store.listNotifications(event.id))
        .filter((stored) => stored.channel === request.channel)
        .map((stored) => [stored.householdId, stored.state]),
    );
    const due = households.filter((household) =>
      needsSending(previous.get(household.householdId) ?? null),
    );
    const phones = await this.deps.store.householdPhones(
      due.map((household) => household.householdId),
    );
    const result: NotifyResponse = {
      households: households.length,
      outbox: 0,
      sent: 0,
      failed: 0,
      skipped: households.length - due.length,
      withoutPhone: 0,
    };
    const queue = due.filter((household) => {
      if (phones.has(household.householdId)) return true;
      result.withoutPhone += 1;
      return false;
    });
    let handed = 0;
    const sendOne = async (household: DoorKnockHousehold): Promise<void> => {
      const phone = phones.get(household.householdId)!;
      const phoneMasked = maskIdentifier(phone);
      // Null: another sender claimed the household since the list was read (it is theirs).
      const id = await this.deps.store.claimNotification({
        eventId: event.id,
        householdId: household.householdId,
        gridCode: household.gridCode,
        buildingName: household.buildingName,
        roomLabel: household.roomLabel,
        tier: household.tier,
        channel: request.channel,
        phoneMasked,
        gateway: this.deps.gateway.name,
        atMs: this.deps.now().getTime(),
      });
      if (id === null) {
        result.skipped += 1;
        return;
      }
      handed += 1;
      const outcome = await this.deps.gateway.send({
        messageId: String(id),
        notificationId: id,
        channel: request.channel,
        phone,
        phoneMasked,
        text: request.text,
      });
      result[outcome.state] += 1;
      // From the claimed state only: a receipt that came back first is not overwritten.
      await this.deps.store.updateNotification(id, 'outbox', {
        state: outcome.state,
        atMs: this.deps.now().getTime(),
        error: outcome.state === 'failed' ? outcome.error : null,
      });
    };
    for (let start = 0; start < queue.length; start += GATEWAY_CONCURRENCY) {
      await Promise.all(queue.slice(start, start + GATEWAY_CONCURRENCY).map(sendOne));
    }
    await this.deps.command.append(event.id, {
      atMs: this.deps.now().getTime(),
      actor: caller.username,
      kind: 'notifications_sent',
      payload: {
        tier: request.tier,
        channel: request.channel,
        households: result.households,
        outbox: result.outbox,
        sent: result.sent,
        failed: result.failed,
        withoutPhone: result.withoutPhone,
      },
    });
    await this.deps.command.audit(
      caller,
      COMMAND_ACTIONS.notify,
      event.id,
      `${request.tier} ${request.channel}: ${handed} messages via ${this.deps.gateway.name}`,
    );
    return result;
  }

  /** The configured gateway's receipts; unknown ids and receipts that move nothing are ignored. */
  async applyReceipts(receipts: readonly GatewayReceipt[]): Promise<{ applied: number }> {
    const totals = { delivered: 0, acknowledged: 0, failed: 0 };
    let eventId: number | null = null;
    for (const receipt of receipts) {
      const id = Number(receipt.messageId);
      if (!Number.isSafeInteger(id)) continue;
      const applied = await this.moveOn(id, (stored) =>
        stored.gateway === 'http' && appliesReceipt(stored.state, receipt.status)
          ? {
              state: receipt.status,
              atMs: this.deps.now().getTime(),
              ...(receipt.status === 'failed' ? { error: 'receipt: not delivered' } : {}),
            }
          : null,
      );
      if (applied === null) continue;
      totals[receipt.status] += 1;
      eventId = applied.eventId;
    }
    const applied = totals.delivered + totals.acknowledged + totals.failed;
    if (eventId !== null && applied > 0) {
      await this.deps.command.append(eventId, {
        atMs: this.deps.now().getTime(),
        actor: SYSTEM_ACTOR,
        kind: 'notification_receipts',
        payload: totals,
      });
    }
    return { applied };
  }

  /** A desk user records that the household confirmed (by phone, in person): honest, attributed. */
  async acknowledge(
    caller: Caller,
    notificationId: number,
    note: string,
  ): Promise<NotificationView> {
    const event = await this.deps.command.requireActive();
    const kept = note.trim() === '' ? null : note.trim();
    const atMs = this.deps.now().getTime();
    let alreadyAcknowledged = false;
    const stored = await this.moveOn(notificationId, (current) => {
      if (current.eventId !== event.id || !inScope(caller, current.gridCode)) throw NOT_FOUND;
      alreadyAcknowledged = current.state === 'acknowledged';
      if (alreadyAcknowledged) return null;
      return { state: 'acknowledged', atMs, acknowledgedBy: caller.username, note: kept };
    });
    if (alreadyAcknowledged) {
      throw new LocalizedError(409, {
        zh: '该户已确认',
        en: 'The household has already acknowledged',
      });
    }
    if (stored === null) throw NOT_FOUND;
    await this.deps.command.append(event.id, {
      atMs,
      actor: caller.username,
      kind: 'acknowledgement_recorded',
      payload: { notificationId, tier: stored.tier as AeglTier, note: kept },
    });
    await this.deps.command.audit(
      caller,
      COMMAND_ACTIONS.acknowledge,
      event.id,
      `notice ${notificationId}`,
    );
    return toNotificationView((await this.deps.store.findNotification(notificationId))!);
  }

  /**
   * Reads the message and writes what `next` makes of it, only over the state it read: when
   * another writer (a receipt, a desk) moved it meanwhile, it is read and judged again. Answers
   * the message as read before the write, null when it is gone or `next` leaves it.
   */
  private async moveOn(
    id: number,
    next: (stored: StoredNotification) => NotificationUpdate | null,
  ): Promise<StoredNotification | null> {
    for (;;) {
      const stored = await this.deps.store.findNotification(id);
      if (stored === null) return null;
      const update = next(stored);
      if (update === null) return null;
      if (await this.deps.store.updateNotification(id, stored.state, update)) return stored;
    }
  }

  async list(caller: Caller, eventId: number): Promise<NotificationView[]> {
    return (await this.deps.store.listNotifications(eventId))
      .filter((stored) => inScope(caller, stored.gridCode))
      .map(toNotificationView);
  }

  async counts(caller: Caller, eventId: number): Promise<ZoneNotificationCounts[]> {
    const counts = countNotifications(
      (await this.list(caller, eventId)).map((view) => ({ key: view.tier, state: view.state })),
    );
    return [...counts.entries()]
      .map(([tier, zone]) => ({ tier, ...zone }))
      .sort((a, b) => b.tier.localeCompare(a.tier));
  }
}
