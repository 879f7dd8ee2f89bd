/**
 * The import routes end to end over HTTP: admin only, streamed upload with a size limit, dry
 * run and commit in a child process with progress polling, the problem file, and rollback.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../../domain/idNumber';
import type {
  ExpiringListsWire,
  ImportBatchWire,
  ImportJobWire,
  UploadPreviewWire,
} from '../../../shared/imports';
import { syntheticPerson } from '../../testing/syntheticDistrict';
import { PERSON_TAGS } from '../../../domain/registry';
import { PERSON_CATEGORIES } from '../../../domain/register/registerColumns';
import { startTestServer, type TestServer } from '../../testing/testServer';

const UPLOAD_LIMIT = 4096;
let server: TestServer;
let admin: string;

function id(body: string): string {
  return body + idCheckCharacter(body);
}

const CSV = Papa.unparse([
  ['姓名', '公民身份号码', '房屋地址', '房号', '与户主关系', '人员类别'],
  ['张三', id('35010219850101001'), '幸福路1号', '101', '户主', '户籍'],
  ['李四', id('35010219870202002'), '幸福路2号', '2-01', '户主', '流动'],
  ['王五', '350102199003030031', '幸福路9号', '101', '户主', '户籍'],
]);

async function upload(token: string, body: string, name = 'register.csv', kind = 'registers') {
  const response = await fetch(
    `${server.baseUrl}/api/imports/uploads?kind=${kind}&name=${encodeURIComponent(name)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body,
    },
  );
  return { status: response.status, json: (await response.json()) as unknown };
}

async function finished(jobId: string): Promise<ImportJobWire> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const answer = await server.request('GET', `/api/imports/jobs/${jobId}`, { token: admin });
    const job = answer.json as ImportJobWire;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('import job did not finish');
}

beforeAll(async () => {
  server = await startTestServer(undefined, { importMaxBytes: UPLOAD_LIMIT });
  admin = await server.login('admin');
});
afterAll(async () => {
  await server?.close();
});

describe('import routes', () => {
  it('are for admins only', async () => {
    const viewer = await server.login('viewer');
    const dispatcher = await server.login('dispatcher');
    expect((await server.request('GET', '/api/imports/kinds')).status).toBe(401);
    expect((await server.request('GET', '/api/imports/kinds', { token: viewer })).status).toBe(403);
    expect((await upload(dispatcher, CSV)).status).toBe(403);
    const kinds = await server.request('GET', '/api/imports/kinds', { token: admin });
    expect((kinds.json as Array<{ name: string }>).map((kind) => kind.name)).toContain('registers');
  });

  it('refuses an unknown kind, a wrong file type, and a file over the limit', async () => {
    expect((await upload(admin, CSV, 'x.csv', 'nonsense')).status).toBe(400);
    expect((await upload(admin, CSV, 'x.pdf')).status).toBe(400);
    const big = await upload(admin, 'a'.repeat(UPLOAD_LIMIT + 1));
    expect(big.status).toBe(413);
    expect((big.json as { message: string }).message).toContain('上限');
  });

  it('previews, commits, serves the problem file, and rolls back', async () => {
    const uploaded = await upload(admin, CSV);
    expect(uploaded.status).toBe(201);
    const preview = uploaded.json as UploadPreviewWire;
    expect(preview.columns).toEqual([
      '姓名',
      '公民身份号码',
      '房屋地址',
      '房号',
      '与户主关系',
      '人员类别',
    ]);
    expect(preview.sample).toHaveLength(3);

    const started = await server.request('POST', '/api/imports/jobs', {
      token: admin,
      body: { uploadId: preview.uploadId, dryRun: true },
    });
    expect(started.status).toBe(202);
    const dry = await finished((started.json as ImportJobWire).id);
    expect(dry.state).toBe('done');
    expect(dry.result).toMatchObject({ rows: 3, accepted: 2, rejected: 1, batchId: null });
    expect(dry.result!.changes).toEqual({ created: 2, updated: 0, moved: 0, unchanged: 0 });
    expect(dry.result!.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual([
      'id-check-digit',
      'address-unknown',
    ]);

    const file = await fetch(`${server.baseUrl}/api/imports/jobs/${dry.id}/problems?format=csv`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('公民身份号码校验码错误');
    const xlsx = await fetch(`${server.baseUrl}/api/imports/jobs/${dry.id}/problems?format=xlsx`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    const committed = await server.request('POST', '/api/imports/jobs', {
      token: admin,
      body: { uploadId: preview.uploadId, dryRun: false },
    });
    const done = await finished((committed.json as ImportJobWire).id);
    expect(done.result!.batchId).toMatch(/[0-9a-f-]{36}/);
    const search = await server.request('GET', `/api/search?q=${encodeURIComponent('张三')}`, {
      token: admin,
    });
    expect(search.text).toContain('张三');

    const batches = (await server.request('GET', '/api/imports/batches', { token: admin }))
      .json as ImportBatchWire[];
    expect(batches[0]).toMatchObject({
      id: done.result!.batchId,
      actor: 'admin',
      accepted: 2,
      rolledBackAt: null,
    });
    const rolled = await server.request(
      'POST',
      `/api/imports/batches/${done.result!.batchId}/rollback`,
      { token: admin },
    );
    expect(rolled.status).toBe(200);
    expect((rolled.json as ImportBatchWire).rolledBackBy).toBe('admin');
    const again = await server.request(
      'POST',
      `/api/imports/batches/${done.result!.batchId}/rollback`,
      { token: admin },
    );
    expect(again.status).toBe(409);
    const audit = await server.request('GET', '/api/audit?pageSize=20', { token: admin });
    expect(audit.text).toContain('import_rollback');
    expect(audit.text).toContain('import_commit');
  });

  it('imports rentals and lists leases and permits ending within 30 days, per scope', async () => {
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const rentals = Papa.unparse([
      ['房屋地址', '房号', '出租人', '承租人', '租赁开始日期', '租赁结束日期'],
      ['幸福路1号', '102', '陈房东', '甲、乙', day(-300), day(10)],
      ['幸福路8号', '101', '林房东', '丙', day(-300), day(12)],
      ['幸福路2号', '101', '王房东', '丁', day(-10), day(200)],
      ['幸福路3号', '101', '', '戊', day(5), day(1)],
    ]);
    const uploaded = (await upload(admin, rentals, 'rentals.csv', 'rentals'))
      .json as UploadPreviewWire;
    const started = await server.request('POST', '/api/imports/jobs', {
      token: admin,
      body: { uploadId: uploaded.uploadId, dryRun: false },
    });
    const job = await finished((started.json as ImportJobWire).id);
    expect(job.result).toMatchObject({ rows: 4, accepted: 3, rejected: 1 });
    expect(job.result!.problems.map((p) => p.code)).toEqual(['landlord-empty', 'lease-order']);

    const permits = Papa.unparse([
      ['姓名', '公民身份号码', '房屋地址', '房号', '人员类别', '居住证有效期至'],
      ['流动甲', id('35010219920505005'), '幸福路2号', '201', '流动', day(20)],
    ]);
    const permitUpload = (await upload(admin, permits)).json as UploadPreviewWire;
    const permitJob = await server.request('POST', '/api/imports/jobs', {
      token: admin,
      body: { uploadId: permitUpload.uploadId, dryRun: false },
    });
    expect((await finished((permitJob.json as ImportJobWire).id)).result!.accepted).toBe(1);

    const all = (await server.request('GET', '/api/rentals/expiring', { token: admin }))
      .json as ExpiringListsWire;
    expect(all.leases.map((lease) => lease.landlordName)).toEqual(['陈房东', '林房东']);
    expect(all.permits.map((permit) => permit.name)).toEqual(['流动甲']);
    const dispatcher = await server.login('dispatcher');
    const scoped = (await server.request('GET', '/api/rentals/expiring', { token: dispatcher }))
      .json as ExpiringListsWire;
    expect(scoped.leases.map((lease) => lease.landlordName)).toEqual(['陈房东']);
  });

  it('exports residents masked and units, in scope, as CSV and XLSX, audited', async () => {
    const get = (token: string, path: string) =>
      fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const all = await (await get(admin, '/api/exports/residents?format=csv')).text();
    const person = syntheticPerson(1);
    expect(all).toContain(person.name);
    expect(all).toContain(`**************${person.idNumber.slice(-4)}`);
    expect(all).not.toContain(person.idNumber);
    const table = Papa.parse<Record<string, string>>(all.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    // Each value sits under its own header: the category column once held the tags.
    expect(table.length).toBeGreaterThan(0);
    for (const row of table) {
      expect(PERSON_CATEGORIES).toContain(row['人员类别 Category']);
      for (const tag of (row['标签 Tags'] ?? '').split(',').filter(Boolean))
        expect(PERSON_TAGS).toContain(tag);
    }
    expect(table.some((row) => row['标签 Tags'] !== '')).toBe(true);
    const dispatcher = await server.login('dispatcher');
    const scoped = await (await get(dispatcher, '/api/exports/residents')).text();
    expect(scoped.split('\r\n').length).toBeLessThan(all.split('\r\n').length);
    expect(scoped).not.toContain('幸福路8号');
    const units = await get(admin, '/api/exports/units?format=xlsx');
    expect(units.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await units.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const audit = await server.request('GET', '/api/audit?pageSize=50', { token: admin });
    expect(audit.text).toContain('export_residents');
    expect(audit.text).toContain('export_units');
  });
});
