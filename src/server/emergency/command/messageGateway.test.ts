import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpMessageGateway,
  OutboxMessageGateway,
  gatewaySettingFromEnv,
  type OutgoingMessage,
} from './messageGateway';

const message: OutgoingMessage = {
  messageId: '7',
  notificationId: 7,
  channel: 'sms',
  phone: '13800138000',
  phoneMasked: '*******8000',
  text: '【应急通知】请关闭门窗',
};

interface Received {
  authorization: string | undefined;
  body: unknown;
}

let gateway: Server;
let url: string;
let answerStatus = 200;
const received: Received[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  gateway = createServer((request, response) => {
    void readBody(request).then((text) => {
      received.push({ authorization: request.headers.authorization, body: JSON.parse(text) });
      response.statusCode = answerStatus;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

describe('the outbox gateway', () => {
  it('writes the message and logs only the masked number: written, not sent', async () => {
    const written: OutgoingMessage[] = [];
    const lines: string[] = [];
    const outbox = new OutboxMessageGateway(
      async (outgoing) => {
        written.push(outgoing);
      },
      (fields, text) => lines.push(JSON.stringify(fields) + text),
    );
    expect(await outbox.send(message)).toEqual({ state: 'outbox' });
    expect(written).toEqual([message]);
    expect(lines.join('\n')).toContain('*******8000');
    expect(lines.join('\n')).not.toContain('13800138000');
  });
});

describe('the HTTP gateway', () => {
  const key = 'k'.repeat(32);

  it('POSTs the message as JSON with the key and counts a 2xx as sent', async () => {
    answerStatus = 202;
    const http = new HttpMessageGateway({ url, key }, () => undefined);
    expect(await http.send(message)).toEqual({ state: 'sent' });
    expect(received.at(-1)).toEqual({
      authorization: `Bearer ${key}`,
      body: { messageId: '7', channel: 'sms', to: '13800138000', text: message.text },
    });
  });

  it('marks a refusal or an unreachable gateway failed, logging the masked number only', async () => {
    answerStatus = 503;
    const lines: string[] = [];
    const log = (fields: Record<string, unknown>, text: string) =>
      lines.push(JSON.stringify(fields) + text);
    const http = new HttpMessageGateway({ url, key }, log);
    expect(await http.send(message)).toEqual({ state: 'failed', error: 'HTTP 503' });
    const closedPort = new HttpMessageGateway({ url: 'http://127.0.0.1:1/send', key }, log, 500);
    const unreachable = await closedPort.send(message);
    expect(unreachable.state).toBe('failed');
    expect(lines.join('\n')).not.toContain('13800138000');
  });
});

describe('the gateway setting', () => {
  it('is none without both variables and refuses half a setting or a short key', () => {
    expect(gatewaySettingFromEnv({})).toBeNull();
    expect(() => gatewaySettingFromEnv({ MESSAGE_GATEWAY_URL: 'https://sms.example' })).toThrow(
      /MESSAGE_GATEWAY_KEY/,
    );
    expect(() =>
      gatewaySettingFromEnv({
        MESSAGE_GATEWAY_URL: 'ftp://x',
        MESSAGE_GATEWAY_KEY: 'k'.repeat(20),
      }),
    ).toThrow(/MESSAGE_GATEWAY_URL/);
    expect(
      gatewaySettingFromEnv({
        MESSAGE_GATEWAY_URL: 'https://sms.example/send',
        MESSAGE_GATEWAY_KEY: 'k'.repeat(20),
      }),
    ).toEqual({ url: 'https://sms.example/send', key: 'k'.repeat(20) });
  });
});
