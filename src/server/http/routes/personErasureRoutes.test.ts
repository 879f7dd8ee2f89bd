/** DELETE /api/persons/:id: admin only, with a reason; the person is gone, the audit row stays. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Page } from '../../../shared/api';
import { COCKPIT_STATS_PATH, type CockpitStatsResponse } from '../../../shared/cockpitStats';
import { findTargets, type StreetTargets } from '../../testing/findTargets';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let adminToken: string;
let dispatcherToken: string;
let own: StreetTargets;

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await server.login('admin');
  dispatcherToken = await server.login('dispatcher');
  own = await findTargets(server, adminToken, server.district.streetCodes[0]!);
});
afterAll(async () => {
  await server?.close();
});

async function streetPeopleTotal(): Promise<number> {
  const street = server.district.streetCodes[0]!;
  const answer = await server.request('GET', `${COCKPIT_STATS_PATH}?gridCode=${street}`, {
    token: adminToken,
  });
  return (answer.json as CockpitStatsResponse).people.total;
}

describe('DELETE /api/persons/:id', () => {
  it('refuses a dispatcher (403, audited) and a missing reason (400); the person stays', async () => {
    const refused = await server.request('DELETE', `/api/persons/${own.personId}`, {
      token: dispatcherToken,
      body: { reason: 'moved away' },
    });
    expect(refused.status).toBe(403);
    const noReason = await server.request('DELETE', `/api/persons/${own.personId}`, {
      token: adminToken,
      body: { reason: '   ' },
    });
    expect(noReason.status).toBe(400);
    expect(
      (await server.request('GET', `/api/persons/${own.personId}`, { token: adminToken })).status,
    ).toBe(200);
    const audit = (await server.request('GET', '/api/audit', { token: adminToken }))
      .json as Page<AuditEntry>;
    expect(
      audit.items.some((row) => row.action === 'access_refused' && row.username === 'dispatcher'),
    ).toBe(true);
  });

  it('lets the admin delete a person: gone from the register and reveal, audited by id only', async () => {
    const peopleBefore = await streetPeopleTotal();
    const answer = await server.request('DELETE', `/api/persons/${own.personId}`, {
      token: adminToken,
      body: { reason: 'PIPL erasure request 2026-12' },
    });
    expect(answer.status).toBe(204);
    expect(
      (await server.request('GET', `/api/persons/${own.personId}`, { token: adminToken })).status,
    ).toBe(404);
    // The cockpit's figures (rollups kept by the register's triggers) follow at once.
    expect(await streetPeopleTotal()).toBe(peopleBefore - 1);
    const reveal = await server.request('POST', `/api/persons/${own.personId}/reveal`, {
      token: adminToken,
      body: { purpose: 'identity_check', reason: 'after the erasure, checking it is gone' },
    });
    expect(reveal.status).toBe(404);
    const audit = (await server.request('GET', '/api/audit', { token: adminToken }))
      .json as Page<AuditEntry>;
    expect(audit.items.find((row) => row.action === 'erase_person')).toMatchObject({
      username: 'admin',
      targetType: 'person',
      targetId: String(own.personId),
      reason: 'PIPL erasure request 2026-12',
    });
    const again = await server.request('DELETE', `/api/persons/${own.personId}`, {
      token: adminToken,
      body: { reason: 'twice' },
    });
    expect(again.status).toBe(404);
  });
});
