/** /live (workers' positions, the incident feed) admits only roles that read the wall. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

/** Engine.IO v4 long-polling by hand: the server layer may not import socket.io-client. */
async function connectLive(token: string): Promise<string> {
  const base = `${server.baseUrl}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  await fetch(`${base}&sid=${sid}`, {
    method: 'POST',
    body: `40/live,${JSON.stringify({ token })}`,
    headers: { 'content-type': 'text/plain' },
  });
  return (await fetch(`${base}&sid=${sid}`)).text();
}

describe('/live access by role', () => {
  it.each(['viewer', 'leader', 'dispatcher'])('admits %s', async (username) => {
    expect(await connectLive(await server.login(username))).toMatch(/^40\/live,\{"sid"/);
  });

  it.each(['auditor', 'handler01', 'worker01'])('refuses %s', async (username) => {
    expect(await connectLive(await server.login(username))).toBe('44/live,{"message":"forbidden"}');
  });
});
