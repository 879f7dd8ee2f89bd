/**
 * Telling a partner platform (the 12345 hotline, an environment line) that a case it delivered
 * through Open311 has closed. The answer itself is already in the `reporter_answers` outbox,
 * written with the closing step; an adapter here tries to hand it over:
 *
 * - the default (`OutboxLogCallback`) logs one line and leaves the answer waiting in the outbox:
 *   the partner reads it by polling GeoReport (`requests/{id}` carries the closing note in
 *   `status_notes`), which every Open311 client does anyway;
 * - `HttpPartnerCallback` POSTs the answer as JSON to the partner's configured URL
 *   (`OPEN311_CALLBACK_URLS`, `name:url`) and marks it delivered on a 2xx answer; anything else
 *   is logged, the answer stays in the outbox and the retry job tries it again later
 *   (ReporterAnswers, domain/incidents/callbackBackoff).
 */

/** OPEN311_CALLBACK_URLS: `name:url` pairs separated by commas, the names those of the keys. */
export const OPEN311_CALLBACK_URLS_ENV = 'OPEN311_CALLBACK_URLS';
/** A partner that does not answer within this is tried no longer for this answer. */
export const PARTNER_CALLBACK_TIMEOUT_MS = 5_000;

/** What a partner is told: GeoReport's own field names, so its Open311 client can read it. */
export interface PartnerAnswerMessage {
  partner: string;
  service_request_id: string;
  status: 'closed';
  status_notes: string;
  updated_datetime: string;
}

/** `error`: why the partner does not have it, kept in the outbox with the attempt count. */
export type PartnerDeliveryOutcome = { delivered: true } | { delivered: false; error: string };

export interface PartnerCallback {
  /** Whether answers for this partner are sent anywhere (else they only wait to be polled). */
  sendsTo(partner: string): boolean;
  /** Delivered: the partner has it (the outbox entry is then marked delivered). */
  deliver(message: PartnerAnswerMessage): Promise<PartnerDeliveryOutcome>;
}

const NO_CALLBACK_URL = 'no callback URL configured';

export type CallbackLog = (fields: Record<string, unknown>, message: string) => void;

export class OutboxLogCallback implements PartnerCallback {
  constructor(private readonly log: CallbackLog) {}

  sendsTo(): boolean {
    return false;
  }

  deliver(message: PartnerAnswerMessage): Promise<PartnerDeliveryOutcome> {
    this.log(
      { partner: message.partner, serviceRequestId: message.service_request_id },
      `answer to the partner platform waits in the outbox (${NO_CALLBACK_URL})`,
    );
    return Promise.resolve({ delivered: false, error: NO_CALLBACK_URL });
  }
}

/** Parses OPEN311_CALLBACK_URLS; a malformed entry stops the start with a message naming it. */
export function parsePartnerCallbackUrls(text: string | undefined): Map<string, string> {
  const urls = new Map<string, string>();
  if (text === undefined || text.trim() === '') return urls;
  for (const entry of text.split(',')) {
    const separator = entry.indexOf(':');
    const name = entry.slice(0, separator).trim();
    const url = entry.slice(separator + 1).trim();
    if (separator < 1 || !/^https?:\/\//.test(url)) {
      throw new Error(`${OPEN311_CALLBACK_URLS_ENV}: each entry is name:http(s)://… (${entry})`);
    }
    urls.set(name, url);
  }
  return urls;
}

export class HttpPartnerCallback implements PartnerCallback {
  constructor(
    private readonly urls: ReadonlyMap<string, string>,
    private readonly log: CallbackLog,
    private readonly timeoutMs = PARTNER_CALLBACK_TIMEOUT_MS,
  ) {}

  sendsTo(partner: string): boolean {
    return this.urls.has(partner);
  }

  async deliver(message: PartnerAnswerMessage): Promise<PartnerDeliveryOutcome> {
    const url = this.urls.get(message.partner);
    if (url === undefined) return new OutboxLogCallback(this.log).deliver(message);
    const fields = { partner: message.partner, serviceRequestId: message.service_request_id };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.ok) return { delivered: true };
      this.log({ ...fields, status: response.status }, 'partner callback refused; kept in outbox');
      return { delivered: false, error: `HTTP ${response.status}` };
    } catch (error) {
      this.log({ ...fields, error: String(error) }, 'partner callback failed; kept in outbox');
      return { delivered: false, error: String(error) };
    }
  }
}
