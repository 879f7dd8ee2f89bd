import { describe, expect, it } from 'vitest';
import {
  HttpPartnerCallback,
  OutboxLogCallback,
  parsePartnerCallbackUrls,
} from './partnerCallbacks';

const MESSAGE = {
  partner: '12345',
  service_request_id: 'INC00000001',
  status: 'closed' as const,
  status_notes: '已核查结案',
  updated_datetime: '2026-12-05T12:00:00+08:00',
};

describe('partner callbacks', () => {
  it('reads name:url pairs and refuses anything else by name', () => {
    expect(parsePartnerCallbackUrls(undefined).size).toBe(0);
    expect([...parsePartnerCallbackUrls('12345:https://a.example/cb, 96005:http://b/x')]).toEqual([
      ['12345', 'https://a.example/cb'],
      ['96005', 'http://b/x'],
    ]);
    expect(() => parsePartnerCallbackUrls('12345:ftp://x')).toThrow(/OPEN311_CALLBACK_URLS/);
    expect(() => parsePartnerCallbackUrls('no-url')).toThrow(/OPEN311_CALLBACK_URLS/);
  });

  it('by default logs and leaves the answer in the outbox', async () => {
    const lines: string[] = [];
    const delivered = await new OutboxLogCallback((_fields, line) => lines.push(line)).deliver(
      MESSAGE,
    );
    expect(delivered).toEqual({ delivered: false, error: 'no callback URL configured' });
    expect(lines).toHaveLength(1);
  });

  it('keeps the answer in the outbox when the partner cannot be reached', async () => {
    const lines: string[] = [];
    // Port 9 on the loopback: nothing listens, the connection is refused at once.
    const callback = new HttpPartnerCallback(
      new Map([['12345', 'http://127.0.0.1:9/answers']]),
      (_fields, line) => lines.push(line),
      1_000,
    );
    expect(callback.sendsTo('12345')).toBe(true);
    expect(callback.sendsTo('96005')).toBe(false);
    const outcome = await callback.deliver(MESSAGE);
    expect(outcome.delivered).toBe(false);
    expect(outcome.delivered ? '' : outcome.error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(lines[0]).toMatch(/kept in outbox/);
  });
});
