/**
 * How emergency messages leave the command center. One interface, one send per household and
 * channel (group SMS or a voice call list: the gateway fans out, we track each household):
 *
 * - `OutboxMessageGateway` (the default, no configuration): writes the message to the
 *   `message_outbox` table (the number sealed) and one line to the server log with the number
 *   masked. The message is then `outbox`: written, not sent — a duty officer or an SMS modem
 *   reading the outbox sends it, and a desk user records the household's answer.
 * - `HttpMessageGateway` (`MESSAGE_GATEWAY_URL` + `MESSAGE_GATEWAY_KEY`): POSTs one JSON per
 *   message with the key as a bearer token; a 2xx answer means `sent` (accepted, not yet
 *   delivered), anything else or no answer in time `failed`. The gateway reports delivery and
 *   acknowledgement later on the receipts route, authenticated with the same key.
 * Full numbers are handed to the gateway only; every log line carries the masked one.
 */
import type { NotificationChannel } from '../../../domain/emergency/command/notificationState';

export const MESSAGE_GATEWAY_URL_ENV = 'MESSAGE_GATEWAY_URL';
export const MESSAGE_GATEWAY_KEY_ENV = 'MESSAGE_GATEWAY_KEY';
/** A gateway that does not answer within this has failed this message (resent with the zone). */
export const MESSAGE_GATEWAY_TIMEOUT_MS = 5_000;
/** Shorter keys are guessable; a receipt route open to anyone with a short key is not closed. */
export const MIN_GATEWAY_KEY_LENGTH = 16;

export interface OutgoingMessage {
  /** The notification's id as text: receipts name it. */
  messageId: string;
  notificationId: number;
  channel: NotificationChannel;
  phone: string;
  phoneMasked: string;
  text: string;
}

export type SendOutcome =
  { state: 'outbox' } | { state: 'sent' } | { state: 'failed'; error: string };

export interface MessageGateway {
  /** Stored with each message: which gateway it went to. */
  readonly name: 'outbox' | 'http';
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

export type GatewayLog = (fields: Record<string, unknown>, message: string) => void;

export interface GatewaySetting {
  url: string;
  key: string;
}

export class OutboxMessageGateway implements MessageGateway {
  readonly name = 'outbox';

  constructor(
    private readonly writeOutbox: (message: OutgoingMessage) => Promise<void>,
    private readonly log: GatewayLog,
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    await this.writeOutbox(message);
    this.log(
      { messageId: message.messageId, channel: message.channel, to: message.phoneMasked },
      'emergency message written to the outbox (no gateway configured): not sent',
    );
    return { state: 'outbox' };
  }
}

export class HttpMessageGateway implements MessageGateway {
  readonly name = 'http';

  constructor(
    private readonly setting: GatewaySetting,
    private readonly log: GatewayLog,
    private readonly timeoutMs = MESSAGE_GATEWAY_TIMEOUT_MS,
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const fields = {
      messageId: message.messageId,
      channel: message.channel,
      to: message.phoneMasked,
    };
    try {
      const response = await fetch(this.setting.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.setting.key}`,
        },
        body: JSON.stringify({
          messageId: message.messageId,
          channel: message.channel,
          to: message.phone,
          text: message.text,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.ok) return { state: 'sent' };
      this.log({ ...fields, status: response.status }, 'message gateway refused the message');
      return { state: 'failed', error: `HTTP ${response.status}` };
    } catch (error) {
      this.log({ ...fields, error: String(error) }, 'message gateway unreachable');
      return { state: 'failed', error: String(error) };
    }
  }
}

/** The configured gateway from the environment, or null (outbox); half a setting stops the start. */
export function gatewaySettingFromEnv(env: NodeJS.ProcessEnv = process.env): GatewaySetting | null {
  const url = env[MESSAGE_GATEWAY_URL_ENV]?.trim() ?? '';
  const key = env[MESSAGE_GATEWAY_KEY_ENV]?.trim() ?? '';
  if (url === '' && key === '') return null;
  if (!/^https?:\/\//.test(url)) {
    throw new Error(
      `${MESSAGE_GATEWAY_URL_ENV} must be an http(s) URL when a gateway is configured`,
    );
  }
  if (key.length < MIN_GATEWAY_KEY_LENGTH) {
    throw new Error(
      `${MESSAGE_GATEWAY_KEY_ENV} must have at least ${MIN_GATEWAY_KEY_LENGTH} characters`,
    );
  }
  return { url, key };
}
