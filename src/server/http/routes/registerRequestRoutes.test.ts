/**
 * Household change requests from a worker's phone, reviewed on the wall: only the worker's own
 * grids, exactly once per client id, nothing changes the register before approval, a conflict is
 * shown and must be accepted, a rejection needs a reason, the reviewer's scope decides, every
 * step is audited, and no phone or ID number is stored or answered in clear.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../../domain/idNumber';
import type { AuditEntry, Page, UnitDetail } from '../../../shared/api';
import type {
  DeviceBuilding,
  DeviceUnit,
  RegisterRequestReceipt,
  RegisterRequestSubmission,
  RegisterRequestView,
} from '../../../shared/registerRequests';
import type { PairedDevice } from '../../../shared/tracking';
import { DEMO_WORKER_ACCOUNT } from '../../demoUsers';
import { startTestServer, type TestServer } from '../../testing/testServer';

let server: TestServer;
let device: Record<string, string>;
let dispatcher: string;
let unit: DeviceUnit;

const NEW_PHONE = '13912345678';
const ID_BODY = '35010219900307002';
const NEW_ID = ID_BODY + idCheckCharacter(ID_BODY);
let sequence = 0;
/** Approvals of one request sent at once (by two reviewers). */
const CONCURRENT_APPROVALS = 4;

function submission(change: RegisterRequestSubmission['change'], household = unit.households[0]!) {
  sequence += 1;
  const personId = 'personId' in change ? String(change.personId) : null;
  return {
    clientId: `test-client-${sequence}`,
    householdId: household.id,
    observedAt: '2026-06-01T08:00:00.000Z',
    base: personId === null ? household.state : household.memberStates[personId]!,
    change,
  };
}

async function submit(body: unknown) {
  return server.request('POST', '/api/device/register-requests', { headers: device, body });
}

async function readUnit(): Promise<DeviceUnit> {
  return (await server.request('GET', `/api/device/units/${unit.id}`, { headers: device }))
    .json as DeviceUnit;
}

async function pending(token: string): Promise<RegisterRequestView[]> {
  return (
    (await server.request('GET', '/api/register-requests', { token })).json as {
      items: RegisterRequestView[];
    }
  ).items;
}

beforeAll(async () => {
  server = await startTestServer();
  const worker = await server.login(DEMO_WORKER_ACCOUNT);
  const paired = (
    await server.request('POST', '/api/devices/pair', { token: worker, body: { label: 'test' } })
  ).json as PairedDevice;
  device = { authorization: `Device ${paired.token}` };
  dispatcher = await server.login('dispatcher');
  const { buildings } = (await server.request('GET', '/api/device/buildings', { headers: device }))
    .json as { buildings: DeviceBuilding[] };
  const units = (
    (
      await server.request('GET', `/api/device/buildings/${buildings[0]!.id}/units`, {
        headers: device,
      })
    ).json as { units: { id: number }[] }
  ).units;
  for (const candidate of units) {
    unit = (await server.request('GET', `/api/device/units/${candidate.id}`, { headers: device }))
      .json as DeviceUnit;
    if ((unit.households[0]?.members.length ?? 0) >= 2) break;
  }
});

afterAll(async () => {
  await server?.close();
});

describe('the phone picks only from its own grids', () => {
  it("lists the worker's grid's buildings and answers 404 for another grid's building and unit", async () => {
    const { buildings } = (
      await server.request('GET', '/api/device/buildings', { headers: device })
    ).json as { buildings: DeviceBuilding[] };
    expect(buildings.length).toBeGreaterThan(0);
    expect(
      buildings.every((building) => building.gridCode === server.district.baseGridCodes[0]),
    ).toBe(true);
    const admin = await server.login('admin');
    const other = (
      (
        await server.request('GET', `/api/grids/${server.district.baseGridCodes[2]}/buildings`, {
          token: admin,
        })
      ).json as { items: { id: number }[] }
    ).items[0]!;
    expect(
      (await server.request('GET', `/api/device/buildings/${other.id}/units`, { headers: device }))
        .status,
    ).toBe(404);
    const otherUnit = (
      (await server.request('GET', `/api/buildings/${other.id}`, { token: admin })).json as {
        units: { id: number }[];
      }
    ).units[0]!;
    expect(
      (await server.request('GET', `/api/device/units/${otherUnit.id}`, { headers: device }))
        .status,
    ).toBe(404);
    expect(unit.households[0]!.members[0]!.phoneMasked ?? '').not.toMatch(/^\d{11}$/);
  });
});

describe('a change request', () => {
  it('changes nothing until approved, is stored once on a resend, and applies with an audit row', async () => {
    const person = unit.households[0]!.members[0]!;
    const body = submission({ kind: 'phone', personId: person.id, phone: '139-1234-5678' });
    const first = await submit(body);
    expect(first.status).toBe(201);
    const again = await submit(body);
    expect(again.status).toBe(200);
    const receipt = first.json as RegisterRequestReceipt;
    expect(again.json).toEqual({ ...receipt, duplicate: true });
    expect(receipt.status).toBe('pending');

    const before = (await readUnit()).households[0]!.members[0]!;
    expect(before.phoneMasked).toBe(person.phoneMasked);
    const listed = (await pending(dispatcher)).filter((item) => item.id === receipt.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.change.phoneMasked).toBe('*******5678');
    expect(listed[0]!.conflict).toBeNull();
    expect(JSON.stringify(listed)).not.toContain(NEW_PHONE);

    const approved = await server.request('POST', `/api/register-requests/${receipt.id}/approve`, {
      token: dispatcher,
      body: {},
    });
    expect(approved.status).toBe(200);
    expect((approved.json as RegisterRequestView).status).toBe('approved');
    const wall = (await server.request('GET', `/api/units/${unit.id}`, { token: dispatcher }))
      .json as UnitDetail;
    expect(wall.households[0]!.members.find((member) => member.id === person.id)!.phoneMasked).toBe(
      '*******5678',
    );
    const twice = await server.request('POST', `/api/register-requests/${receipt.id}/approve`, {
      token: dispatcher,
      body: {},
    });
    expect(twice.status).toBe(409);

    const admin = await server.login('admin');
    const audit = (await server.request('GET', '/api/audit?pageSize=100', { token: admin }))
      .json as Page<AuditEntry>;
    const actions = audit.items
      .filter((row) => row.targetId === String(unit.households[0]!.id))
      .map((row) => row.action);
    expect(actions.filter((action) => action === 'submit_register_request')).toHaveLength(1);
    expect(actions).toContain('approve_register_request');
  });

  it('shows a conflict when the person changed meanwhile and applies it only when accepted', async () => {
    const person = unit.households[0]!.members[1]!;
    const stale = (await readUnit()).households[0]!;
    const tags = submission({ kind: 'tags', personId: person.id, tags: ['key_care'] }, stale);
    const phone = submission({ kind: 'phone', personId: person.id, phone: '13800007777' }, stale);
    const tagsReceipt = (await submit(tags)).json as RegisterRequestReceipt;
    const phoneReceipt = (await submit(phone)).json as RegisterRequestReceipt;
    expect(
      (
        await server.request('POST', `/api/register-requests/${phoneReceipt.id}/approve`, {
          token: dispatcher,
          body: {},
        })
      ).status,
    ).toBe(200);
    const view = (await pending(dispatcher)).find((item) => item.id === tagsReceipt.id)!;
    expect(view.conflict).toEqual({
      seen: expect.objectContaining({ phone: person.phoneMasked ?? '' }),
      now: expect.objectContaining({ phone: '*******7777' }),
    });
    const refused = await server.request(
      'POST',
      `/api/register-requests/${tagsReceipt.id}/approve`,
      { token: dispatcher, body: {} },
    );
    expect(refused.status).toBe(409);
    expect((await readUnit()).households[0]!.members[1]!.tags).toEqual(person.tags);
    const accepted = await server.request(
      'POST',
      `/api/register-requests/${tagsReceipt.id}/approve`,
      {
        token: dispatcher,
        body: { acceptConflict: true },
      },
    );
    expect(accepted.status).toBe(200);
    expect((accepted.json as RegisterRequestView).conflict).not.toBeNull();
    expect((await readUnit()).households[0]!.members[1]!.tags).toEqual(['key_care']);
  });

  it('moves a new person in after approval, with the ID number and phone sealed in the request', async () => {
    const receipt = (
      await submit(
        submission({
          kind: 'move_in',
          name: '郑海燕',
          idNumber: NEW_ID,
          relation: 'tenant',
          phone: NEW_PHONE,
          tags: ['renter'],
        }),
      )
    ).json as RegisterRequestReceipt;
    const db = new Database(server.dbPath, { readonly: true });
    const stored = db
      .prepare('SELECT * FROM register_requests WHERE id = ?')
      .get(receipt.id) as Record<string, unknown>;
    db.close();
    const clear = JSON.stringify(
      Object.values(stored).map((value) =>
        Buffer.isBuffer(value) ? value.toString('latin1') : value,
      ),
    );
    expect(clear).not.toContain(NEW_ID);
    expect(clear).not.toContain(NEW_PHONE);
    expect(clear).not.toContain('1990-03-07');
    const view = (await pending(dispatcher)).find((item) => item.id === receipt.id)!;
    expect(view.change).toMatchObject({
      name: '郑海燕',
      idNumberMasked: '**************002' + NEW_ID.slice(-1),
    });
    await server.request('POST', `/api/register-requests/${receipt.id}/approve`, {
      token: dispatcher,
      body: {},
    });
    const member = (await readUnit()).households[0]!.members.find(
      (person) => person.name === '郑海燕',
    )!;
    expect(member).toMatchObject({
      relation: 'tenant',
      tags: ['renter'],
      sex: 'F',
      synthetic: false,
    });
    expect(member.idNumberMasked.endsWith(NEW_ID.slice(-4))).toBe(true);
  });

  it('applies a move-in once when reviewers approve it at once: one approval, the rest refused', async () => {
    const idBody = '35010219850412003';
    const body = submission(
      {
        kind: 'move_in',
        name: '钱同时',
        idNumber: idBody + idCheckCharacter(idBody),
        relation: 'tenant',
        phone: null,
        tags: [],
      },
      (await readUnit()).households[0]!,
    );
    const receipt = (await submit(body)).json as RegisterRequestReceipt;
    const admin = await server.login('admin');
    // The check (pending), the change and the mark are one repository method: approvals that
    // arrive together cannot all pass the check before one of them marks the request.
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_APPROVALS }, (_, index) =>
        server.request('POST', `/api/register-requests/${receipt.id}/approve`, {
          token: index % 2 === 0 ? dispatcher : admin,
          body: {},
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      200,
      ...Array<number>(CONCURRENT_APPROVALS - 1).fill(409),
    ]);
    const moved = (await readUnit()).households[0]!.members.filter(
      (person) => person.name === '钱同时',
    );
    expect(moved).toHaveLength(1);
    const audit = (await server.request('GET', '/api/audit?pageSize=100', { token: admin }))
      .json as Page<AuditEntry>;
    expect(
      audit.items.filter(
        (row) =>
          row.action === 'approve_register_request' &&
          row.fields.startsWith(`request ${receipt.id}:`),
      ),
    ).toHaveLength(1);
  });

  it('refuses a bad phone with the field named, and a rejection without a reason', async () => {
    const person = unit.households[0]!.members[0]!;
    const bad = await submit(submission({ kind: 'phone', personId: person.id, phone: 'call me' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('phone');
    const receipt = (await submit(submission({ kind: 'move_out', personId: person.id })))
      .json as RegisterRequestReceipt;
    const noReason = await server.request('POST', `/api/register-requests/${receipt.id}/reject`, {
      token: dispatcher,
      body: { reason: '  ' },
    });
    expect(noReason.status).toBe(400);
    const rejected = await server.request('POST', `/api/register-requests/${receipt.id}/reject`, {
      token: dispatcher,
      body: { reason: '经核实仍在此居住' },
    });
    expect(rejected.json).toMatchObject({ status: 'rejected', reviewReason: '经核实仍在此居住' });
    expect(
      (await readUnit()).households[0]!.members.some((member) => member.id === person.id),
    ).toBe(true);
    const history = (
      await server.request('GET', '/api/register-requests?status=reviewed', { token: dispatcher })
    ).json as { items: RegisterRequestView[] };
    expect(history.items.map((item) => item.status)).toEqual(
      expect.arrayContaining(['approved', 'rejected']),
    );
  });

  it('records a visit log at once, without review', async () => {
    const receipt = (
      await submit(
        submission({ kind: 'visit', note: '独居老人身体状况良好，联系电话 13812345678' }),
      )
    ).json as RegisterRequestReceipt;
    expect(receipt.status).toBe('recorded');
    expect((await pending(dispatcher)).some((item) => item.id === receipt.id)).toBe(false);
    const history = (
      await server.request('GET', `/api/register-requests?status=reviewed&unitId=${unit.id}`, {
        token: dispatcher,
      })
    ).json as { items: RegisterRequestView[] };
    const visit = history.items.find((item) => item.id === receipt.id)!;
    expect(visit.change.note).toContain('独居老人');
    expect(visit.change.note).not.toContain('13812345678');
  });

  it('is invisible to a reviewer of another street: not listed, 404 on approve', async () => {
    const admin = await server.login('admin');
    const created = await server.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'dispatcher-two',
        displayName: '第二街道调度',
        role: 'dispatcher',
        scopes: [server.district.streetCodes[1]],
        password: 'Temporary-Pass-42',
      },
    });
    expect(created.status).toBe(201);
    const receipt = (
      await submit(
        submission({ kind: 'tags', personId: unit.households[0]!.members[0]!.id, tags: [] }),
      )
    ).json as RegisterRequestReceipt;
    const login = await server.request('POST', '/api/auth/login', {
      body: { username: 'dispatcher-two', password: 'Temporary-Pass-42' },
    });
    const temporary = (login.json as { token: string }).token;
    const changed = await server.request('POST', '/api/auth/password', {
      token: temporary,
      body: { currentPassword: 'Temporary-Pass-42', newPassword: 'Second-Street-Pass-77' },
    });
    expect(changed.status).toBeLessThan(300);
    const relogin = await server.request('POST', '/api/auth/login', {
      body: { username: 'dispatcher-two', password: 'Second-Street-Pass-77' },
    });
    const other = (relogin.json as { token: string }).token;
    expect((await server.request('GET', '/api/auth/me', { token: other })).status).toBe(200);
    expect((await pending(other)).some((item) => item.id === receipt.id)).toBe(false);
    expect(
      (
        await server.request('POST', `/api/register-requests/${receipt.id}/approve`, {
          token: other,
          body: {},
        })
      ).status,
    ).toBe(404);
  });
});
