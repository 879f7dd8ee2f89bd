/** Emergency records on the real server: who may write, what is audited, masking, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMERGENCY_RECORDS_PATH, type EmergencyRecordView } from '../../../shared/emergencyRecords';
import { WALL_MODE_HEADER } from '../../../shared/wallModes';
import { startTestServer, type TestServer } from '../../testing/testServer';
import { runTestSql } from '../../testing/testSql';

let server: TestServer;
let site: { lon: number; lat: number };

beforeAll(async () => {
  server = await startTestServer();
  const [first] = (await runTestSql(
    server,
    'SELECT origin_lon AS lon, origin_lat AS lat FROM buildings ORDER BY id LIMIT 1',
  )) as Array<{ lon: number; lat: number }>;
  site = first!;
});

afterAll(async () => {
  await server?.close();
});

const team = () => ({
  kind: 'resource',
  name: '鼓楼区消防救援站',
  location: site,
  attributes: {
    resourceType: 'rescue_team',
    quantity: 24,
    contactName: '林队长',
    contactPhone: '13800138000',
  },
});

async function auditRows(
  action: string,
): Promise<Array<{ username: string; target_id: string; fields: string }>> {
  return (await runTestSql(
    server,
    'SELECT username, target_id, fields FROM audit_log WHERE action = ? ORDER BY id',
    [action],
  )) as Array<{ username: string; target_id: string; fields: string }>;
}

describe('emergency records over HTTP', () => {
  it('lets only administrators write, and audits every write', async () => {
    for (const username of ['viewer', 'dispatcher', 'leader']) {
      const token = await server.login(username);
      const refused = await server.request('POST', EMERGENCY_RECORDS_PATH, { token, body: team() });
      expect(refused.status, username).toBe(403);
    }
    const admin = await server.login('admin');
    const created = await server.request('POST', EMERGENCY_RECORDS_PATH, {
      token: admin,
      body: team(),
    });
    expect(created.status).toBe(200);
    const record = created.json as EmergencyRecordView;
    expect(record).toMatchObject({ kind: 'resource', name: '鼓楼区消防救援站', demo: false });
    expect(record.gridCode).toMatch(/^\d{15}$/);
    expect(record.attributes['contactPhone']).toBe('*******8000');
    expect(await auditRows('create_emergency_record')).toEqual([
      { username: 'admin', target_id: String(record.id), fields: 'resource 鼓楼区消防救援站' },
    ]);

    const viewer = await server.login('viewer');
    const update = await server.request('PUT', `${EMERGENCY_RECORDS_PATH}/${record.id}`, {
      token: viewer,
      body: team(),
    });
    expect(update.status).toBe(403);
    const withoutPhone: Record<string, unknown> = { ...team().attributes };
    delete withoutPhone['contactPhone'];
    const updated = await server.request('PUT', `${EMERGENCY_RECORDS_PATH}/${record.id}`, {
      token: admin,
      body: { ...team(), attributes: { ...withoutPhone, quantity: 30 } },
    });
    expect(updated.status).toBe(200);
    expect((updated.json as EmergencyRecordView).attributes).toMatchObject({
      quantity: 30,
      contactPhone: '*******8000',
    });
    expect(await auditRows('update_emergency_record')).toHaveLength(1);

    const removed = await server.request('DELETE', `${EMERGENCY_RECORDS_PATH}/${record.id}`, {
      token: admin,
    });
    expect(removed.status).toBe(204);
    expect(await auditRows('delete_emergency_record')).toHaveLength(1);
    const gone = await server.request('DELETE', `${EMERGENCY_RECORDS_PATH}/${record.id}`, {
      token: admin,
    });
    expect(gone.status).toBe(404);
  });

  it('stores the contact phone sealed, never in clear', async () => {
    const admin = await server.login('admin');
    const body = {
      ...team(),
      name: '应急专家 甲',
      attributes: { ...team().attributes, resourceType: 'expert' },
    };
    const created = await server.request('POST', EMERGENCY_RECORDS_PATH, { token: admin, body });
    expect(created.status).toBe(200);
    const [row] = (await runTestSql(
      server,
      'SELECT attributes, contact_sealed, contact_masked FROM emergency_records WHERE name = ?',
      ['应急专家 甲'],
    )) as Array<{ attributes: string; contact_sealed: Buffer; contact_masked: string }>;
    expect(row!.attributes).not.toContain('13800138000');
    expect(row!.contact_sealed.includes(Buffer.from('13800138000'))).toBe(false);
    expect(row!.contact_masked).toBe('*******8000');
  });

  it('leaves contacts out on the leader wall', async () => {
    const viewer = await server.login('viewer');
    const desk = await server.request('GET', `${EMERGENCY_RECORDS_PATH}?kind=resource`, {
      token: viewer,
    });
    const wall = await server.request('GET', `${EMERGENCY_RECORDS_PATH}?kind=resource`, {
      token: viewer,
      headers: { [WALL_MODE_HEADER]: 'wall' },
    });
    const deskRecords = desk.json as EmergencyRecordView[];
    const wallRecords = wall.json as EmergencyRecordView[];
    expect(deskRecords.length).toBeGreaterThan(0);
    expect(deskRecords[0]!.attributes['contactName']).toBe('林队长');
    expect(wallRecords.map((record) => record.name)).toEqual(deskRecords.map((r) => r.name));
    for (const record of wallRecords) {
      expect(record.attributes).not.toHaveProperty('contactName');
      expect(record.attributes).not.toHaveProperty('contactPhone');
    }
  });

  it('refuses bad values, a missing place and a duplicate name, writing nothing', async () => {
    const admin = await server.login('admin');
    const count = async () =>
      (
        (await runTestSql(server, 'SELECT COUNT(*) AS n FROM emergency_records')) as Array<{
          n: number;
        }>
      )[0]!.n;
    const before = await count();
    const badSubstance = await server.request('POST', EMERGENCY_RECORDS_PATH, {
      token: admin,
      body: {
        kind: 'hazard',
        name: '某化工厂',
        location: site,
        attributes: { enterprise: '某化工', substance: 'unobtainium', quantityT: 5 },
      },
    });
    expect(badSubstance.status).toBe(400);
    expect(badSubstance.text).toContain('unobtainium');
    const wrongField = await server.request('POST', EMERGENCY_RECORDS_PATH, {
      token: admin,
      body: { kind: 'shelter', name: '某公园', location: site, attributes: { colour: 'red' } },
    });
    expect(wrongField.status).toBe(400);
    const noPlace = await server.request('POST', EMERGENCY_RECORDS_PATH, {
      token: admin,
      body: { ...team(), name: '无位置', location: null },
    });
    expect(noPlace.status).toBe(400);
    const plan = {
      kind: 'plan',
      name: '危化品泄漏专项预案',
      location: null,
      attributes: {
        incidentType: '危化品泄漏',
        responseLevel: 'II',
        steps: ['接警', '疏散'],
        responsibleUnits: ['应急管理局'],
      },
    };
    expect(
      (await server.request('POST', EMERGENCY_RECORDS_PATH, { token: admin, body: plan })).status,
    ).toBe(200);
    const duplicate = await server.request('POST', EMERGENCY_RECORDS_PATH, {
      token: admin,
      body: plan,
    });
    expect(duplicate.status).toBe(409);
    expect(await count()).toBe(before + 1);
  });
});
