/**
 * The command's one timeline: every entry has a time, an actor (a user name, or `system`), a kind
 * and a payload of plain values from which the entry is written in Chinese or English
 * (`describeTimelineEntry`, used by the wall and by the report alike). Payloads carry counts,
 * names of plans and buildings, levels and the commanders' own words: never a resident's name,
 * ID number or phone.
 */
import type { AeglTier } from '../chemicals';
import { responseLevelName, type LevelDirection, type ResponseLevel } from './responseLevel';
import type { NotificationChannel } from './notificationState';

/** Residents of one threat zone as the commander's scope counted them at that step. */
export interface ZoneSnapshot {
  tier: AeglTier;
  residents: number;
  buildings: number;
  /** Vulnerability tag → residents with it. */
  byTag: Record<string, number>;
}

export interface TimelinePayloads {
  event_opened: {
    title: string;
    incidentType: string;
    level: ResponseLevel;
    fromScenario: boolean;
  };
  scenario_started: { substanceZh: string; substanceEn: string; zones: ZoneSnapshot[] };
  scenario_changed: { substanceZh: string; substanceEn: string; zones: ZoneSnapshot[] };
  scenario_ended: { steps: number };
  plan_activated: { planId: number; planName: string; level: ResponseLevel; steps: number };
  step_done: { index: number; text: string; note: string | null };
  level_changed: {
    from: ResponseLevel;
    to: ResponseLevel;
    direction: LevelDirection;
    reason: string;
  };
  notifications_sent: {
    tier: AeglTier;
    channel: NotificationChannel;
    households: number;
    outbox: number;
    sent: number;
    failed: number;
    /** Households of the zone with no phone on the register. */
    withoutPhone: number;
  };
  notification_receipts: { delivered: number; acknowledged: number; failed: number };
  acknowledgement_recorded: { notificationId: number; tier: AeglTier; note: string | null };
  door_knock_assigned: {
    tasks: number;
    households: number;
    dispatched: number;
    taskList: Array<{
      incidentId: string;
      buildingId: number;
      households: number;
      dispatched: boolean;
    }>;
  };
  event_terminated: { summary: string };
}

export type TimelineKind = keyof TimelinePayloads;

export const TIMELINE_KINDS = [
  'event_opened',
  'scenario_started',
  'scenario_changed',
  'scenario_ended',
  'plan_activated',
  'step_done',
  'level_changed',
  'notifications_sent',
  'notification_receipts',
  'acknowledgement_recorded',
  'door_knock_assigned',
  'event_terminated',
] as const satisfies readonly TimelineKind[];

export type TimelineEntryOf<K extends TimelineKind> = {
  id: number;
  atMs: number;
  actor: string;
  kind: K;
  payload: TimelinePayloads[K];
};

export type TimelineEntry = { [K in TimelineKind]: TimelineEntryOf<K> }[TimelineKind];

const CHANNEL_NAMES: Record<NotificationChannel, { zh: string; en: string }> = {
  sms: { zh: '群发短信', en: 'group SMS' },
  voice: { zh: '语音外呼', en: 'voice call list' },
};

function zoneText(zones: readonly ZoneSnapshot[]): { zh: string; en: string } {
  const inside = zones.filter((zone) => zone.residents > 0);
  if (inside.length === 0) return { zh: '区内无登记居民', en: 'no registered residents inside' };
  return {
    zh: inside.map((zone) => `${zone.tier} ${zone.residents}人`).join('，'),
    en: inside.map((zone) => `${zone.tier} ${zone.residents} residents`).join(', '),
  };
}

/** The entry as one line in each language. */
export function describeTimelineEntry(entry: TimelineEntry): { zh: string; en: string } {
  switch (entry.kind) {
    case 'event_opened': {
      const { title, incidentType, level, fromScenario } = entry.payload;
      const name = responseLevelName(level);
      return {
        zh: `${fromScenario ? '随推演' : ''}建立应急事件「${title}」（${incidentType}，${name.zh}）`,
        en: `Emergency event "${title}" opened${fromScenario ? ' with the scenario' : ''} (${incidentType}, ${name.en})`,
      };
    }
    case 'scenario_started':
    case 'scenario_changed': {
      const zones = zoneText(entry.payload.zones);
      const started = entry.kind === 'scenario_started';
      return {
        zh: `${started ? '推演开始' : '推演变更'}：${entry.payload.substanceZh}；${zones.zh}`,
        en: `${started ? 'Scenario started' : 'Scenario changed'}: ${entry.payload.substanceEn}; ${zones.en}`,
      };
    }
    case 'scenario_ended':
      return {
        zh: `推演结束（共${entry.payload.steps}步）`,
        en: `Scenario ended (${entry.payload.steps} steps)`,
      };
    case 'plan_activated': {
      const { planName, level, steps } = entry.payload;
      const name = responseLevelName(level);
      return {
        zh: `启动预案「${planName}」（${name.zh}，${steps}项步骤）`,
        en: `Plan "${planName}" activated (${name.en}, ${steps} steps)`,
      };
    }
    case 'step_done': {
      const { index, text, note } = entry.payload;
      return {
        zh: `完成步骤${index + 1}：${text}${note === null ? '' : `（${note}）`}`,
        en: `Step ${index + 1} done: ${text}${note === null ? '' : ` (${note})`}`,
      };
    }
    case 'level_changed': {
      const { from, to, direction, reason } = entry.payload;
      const up = direction === 'escalate';
      return {
        zh: `响应级别${up ? '提升' : '降低'}：${responseLevelName(from).zh} → ${responseLevelName(to).zh}；理由：${reason}`,
        en: `Response level ${up ? 'raised' : 'lowered'}: ${responseLevelName(from).en} → ${responseLevelName(to).en}; reason: ${reason}`,
      };
    }
    case 'notifications_sent': {
      const { tier, channel, households, outbox, sent, failed, withoutPhone } = entry.payload;
      const channelName = CHANNEL_NAMES[channel];
      return {
        zh:
          `通知${tier}区住户（${channelName.zh}）：${households}户，` +
          `写入待发箱${outbox}，网关已接收${sent}，失败${failed}，无登记电话${withoutPhone}`,
        en:
          `Notified ${tier} households (${channelName.en}): ${households}; ` +
          `written to outbox ${outbox}, accepted by gateway ${sent}, failed ${failed}, no phone ${withoutPhone}`,
      };
    }
    case 'notification_receipts': {
      const { delivered, acknowledged, failed } = entry.payload;
      return {
        zh: `网关回执：送达${delivered}，确认${acknowledged}，失败${failed}`,
        en: `Gateway receipts: delivered ${delivered}, acknowledged ${acknowledged}, failed ${failed}`,
      };
    }
    case 'acknowledgement_recorded': {
      const { notificationId, tier, note } = entry.payload;
      return {
        zh: `登记住户确认（${tier}区，通知#${notificationId}）${note === null ? '' : `：${note}`}`,
        en: `Household acknowledgement recorded (${tier}, notice #${notificationId})${note === null ? '' : `: ${note}`}`,
      };
    }
    case 'door_knock_assigned': {
      const { tasks, households, dispatched } = entry.payload;
      return {
        zh: `敲门任务：${households}户，${tasks}个任务，已派${dispatched}个`,
        en: `Door-knocking: ${households} households in ${tasks} tasks, ${dispatched} dispatched`,
      };
    }
    case 'event_terminated':
      return {
        zh: `应急响应终止：${entry.payload.summary}`,
        en: `Emergency response terminated: ${entry.payload.summary}`,
      };
  }
}
