/**
 * The message a household receives unless the commander rewrites it: what happened, what the
 * zone means for them, what to do, and how to confirm. Chinese only: it goes to residents'
 * phones. Kept short enough for one SMS segment pair (under 140 characters for a typical title).
 */
import type { AeglTier } from '../chemicals';

const ZONE_MEANING: Record<AeglTier, string> = {
  'AEGL-3': '生命危险区',
  'AEGL-2': '严重健康影响区',
  'AEGL-1': '轻微不适区',
};

export function defaultNotificationText(title: string, tier: AeglTier): string {
  return (
    `【应急通知】${title}：您所在位置处于${ZONE_MEANING[tier]}。` +
    '请立即关闭门窗、关停新风，听从网格员指引，勿前往下风向。收到请回复1。'
  );
}
