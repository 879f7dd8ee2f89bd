/**
 * Messages to the households of a zone: the zone and channel, the text (a default the commander
 * may rewrite), the counts per zone, and the messages per household (masked phone) where a desk
 * user records an acknowledgement the household gave by phone. What each state means is said
 * beside the counts: with no gateway configured, messages are written to the outbox, not sent.
 */
import { useState } from 'react';
import { AEGL_TIERS, type AeglTier } from '../../../domain/emergency/chemicals';
import {
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
} from '../../../domain/emergency/command/notificationState';
import { defaultNotificationText } from '../../../domain/emergency/command/notificationText';
import type {
  CommandEventView,
  NotificationView,
  NotifyResponse,
} from '../../../shared/emergencyCommand';
import { useApi } from '../../shell/ApiContext';
import { useI18n } from '../../shell/i18n';
import { useApiResource } from '../../widgets/useApiResource';
import type { CommandAction } from './useCommandAction';

const COUNT_COLUMNS = [
  'households',
  'outbox',
  'sent',
  'delivered',
  'acknowledged',
  'failed',
] as const;

function NotificationList({ event, action }: { event: CommandEventView; action: CommandAction }) {
  const { t } = useI18n();
  const api = useApi();
  const [list, setList] = useState<NotificationView[]>([]);
  // Reloaded whenever the timeline grows (a send, a receipt, an acknowledgement).
  useApiResource(
    `notifications:${event.id}:${event.timeline.at(-1)?.id ?? 0}`,
    (client, signal) => client.commandNotifications(signal),
    (loaded) => setList(loaded.notifications),
  );
  return (
    <ul className="command-notices" data-testid="command-notices">
      {list.map((notice) => (
        <li key={notice.id} data-state={notice.state}>
          <span className="mono">{notice.tier}</span> {notice.buildingName} {notice.roomLabel} ·{' '}
          <span className="mono">{notice.phoneMasked}</span> · {t(`command.state.${notice.state}`)}
          {notice.state !== 'acknowledged' && (
            <button
              type="button"
              className="link-button"
              disabled={action.busy}
              data-testid="command-acknowledge"
              onClick={() => action.run(() => api.acknowledgeNotification(notice.id, ''))}
            >
              {t('command.recordAck')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function NotifySection({
  event,
  action,
  commands,
}: {
  event: CommandEventView;
  action: CommandAction;
  commands: boolean;
}) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const [tier, setTier] = useState<AeglTier>('AEGL-2');
  const [channel, setChannel] = useState<NotificationChannel>('sms');
  const [text, setText] = useState<string | null>(null);
  const [result, setResult] = useState<NotifyResponse | null>(null);
  const [showList, setShowList] = useState(false);
  const message = text ?? defaultNotificationText(event.title, tier);
  return (
    <section className="command-section" aria-label={t('command.notify')}>
      <h3>{t('command.notify')}</h3>
      <p className="emergency-muted" data-testid="command-gateway">
        {t(event.gateway === 'outbox' ? 'command.gatewayOutbox' : 'command.gatewayHttp')}
      </p>
      {commands && (
        <div className="command-notify-form">
          <select
            value={tier}
            aria-label={t('command.zone')}
            onChange={(change) => setTier(change.target.value as AeglTier)}
          >
            {[...AEGL_TIERS].reverse().map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
          <select
            value={channel}
            aria-label={t('command.channel')}
            onChange={(change) => setChannel(change.target.value as NotificationChannel)}
          >
            {NOTIFICATION_CHANNELS.map((option) => (
              <option key={option} value={option}>
                {t(`command.channel.${option}`)}
              </option>
            ))}
          </select>
          <textarea
            value={message}
            maxLength={300}
            rows={3}
            aria-label={t('command.messageText')}
            data-testid="command-message"
            onChange={(change) => setText(change.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={action.busy || message.trim() === ''}
            data-testid="command-notify"
            onClick={() =>
              action.run(() => api.notifyZone({ tier, channel, text: message.trim() }), setResult)
            }
          >
            {t('command.send')}
          </button>
          {result !== null && (
            <p className="emergency-muted" data-testid="command-notify-result">
              {t('command.notifyResult', {
                households: result.households,
                outbox: result.outbox,
                sent: result.sent,
                failed: result.failed,
                skipped: result.skipped,
                withoutPhone: result.withoutPhone,
              })}
            </p>
          )}
        </div>
      )}
      {event.notificationCounts.length > 0 && (
        <table className="command-counts" data-testid="command-counts">
          <thead>
            <tr>
              <th>{t('command.zone')}</th>
              {COUNT_COLUMNS.map((column) => (
                <th key={column}>{t(`command.count.${column}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {event.notificationCounts.map((zone) => (
              <tr key={zone.tier}>
                <td className="mono">{zone.tier}</td>
                {COUNT_COLUMNS.map((column) => (
                  <td key={column} className="mono">
                    {formatNumber(zone[column])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {event.notificationCounts.length > 0 && (
        <button type="button" className="link-button" onClick={() => setShowList(!showList)}>
          {t(showList ? 'command.hideHouseholds' : 'command.showHouseholds')}
        </button>
      )}
      {showList && <NotificationList event={event} action={action} />}
    </section>
  );
}
