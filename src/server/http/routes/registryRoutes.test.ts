/**
 * Scope on every household and person route: a dispatcher of street 1 gets no data for anything
 * in street 2 (a building, unit or person there answers exactly like a missing id; grids and
 * themes a 403), and still gets data in street 1 (so the test can fail both ways).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_USES } from '../../../domain/registry';
import {
  type AuditEntry,
  type BuildingDetail,
  type Page,
  type SearchPage,
  type UnitThemeColumns,
  type BuildingListItem,
  type GridSummary,
} from '../../../shared/api';
import { findTargets, type StreetTargets } from '../../testing/findTargets';
import { syntheticPerson } from '../../testing/syntheticDistrict';
import { startTestServer, type HttpAnswer, type TestServer } from '../../testing/testServer';

/** An id no row has. */
const MISSING_ID = 987_654_321;

let server: TestServer;
let adminToken: string;
let dispatcherToken: string;
let viewerToken: string;
let own: StreetTargets;
let foreign: StreetTargets;

beforeAll(async () => {
  server = await startTestServer();
  adminToken = await server.login('admin');
  dispatcherToken = await server.login('dispatcher');
  viewerToken = await server.login('viewer');
  own = await findTargets(server, adminToken, server.district.streetCodes[0]!);
  foreign = await findTargets(server, adminToken, server.district.streetCodes[1]!);
});

afterAll(async () => {
  await server?.close();
});

async function auditTotal(): Promise<number> {
  return (
    (await server.request('GET', '/api/audit', { token: adminToken })).json as Page<AuditEntry>
  ).total;
}

async function newestAudit(): Promise<AuditEntry | undefined> {
  return (
    (await server.request('GET', '/api/audit', { token: adminToken })).json as Page<AuditEntry>
  ).items[0];
}

function expectForbiddenWithoutData(answer: HttpAnswer): void {
  expect(answer.status).toBe(403);
  // The refusal may carry its words in both languages (`messages`), never data.
  expect(Object.keys(answer.json as object).sort()).toEqual(
    expect.arrayContaining(['error', 'message', 'statusCode']),
  );
  expect(
    Object.keys(answer.json as object).filter(
      (key) => !['error', 'message', 'messages', 'statusCode'].includes(key),
    ),
  ).toEqual([]);
  expect(answer.text).not.toMatch(/idNumber|phone|members|households|"name"/);
}

describe('scope: dispatcher of street 1', () => {
  it('has the first street as scope', async () => {
    const me = await server.request('GET', '/api/auth/me', { token: dispatcherToken });
    expect(me.json).toMatchObject({
      role: 'dispatcher',
      scopes: [own.streetCode],
      canReveal: true,
    });
  });

  it.each([
    ['grid summary', () => `/api/grids/${foreign.streetCode}`],
    ['base grid summary', () => `/api/grids/${foreign.gridCode}`],
    ['grid buildings', () => `/api/grids/${foreign.gridCode}/buildings`],
    ['unit themes', () => `/api/themes/units?gridCode=${foreign.streetCode}`],
  ])('gets 403 and no data for a %s outside the street', async (_label, path) => {
    expectForbiddenWithoutData(await server.request('GET', path(), { token: dispatcherToken }));
  });

  it.each([
    ['building', 'buildings', () => foreign.buildingId],
    ['unit', 'units', () => foreign.unitId],
    ['person', 'persons', () => foreign.personId],
  ])(
    'gets a %s outside the street answered exactly like a missing id, so none can be probed',
    async (_label, route, foreignId) => {
      const hidden = await server.request('GET', `/api/${route}/${foreignId()}`, {
        token: dispatcherToken,
      });
      const missing = await server.request('GET', `/api/${route}/${MISSING_ID}`, {
        token: dispatcherToken,
      });
      expect(hidden.status).toBe(404);
      expect(hidden.text).toBe(missing.text);
      expect(hidden.headers.get('content-length')).toBe(missing.headers.get('content-length'));
      expect(hidden.text).not.toMatch(/idNumber|phone|members|households|"name"/);
    },
  );

  it.each([
    ['grid summary', () => `/api/grids/${own.gridCode}`],
    ['grid buildings', () => `/api/grids/${own.gridCode}/buildings`],
    ['building', () => `/api/buildings/${own.buildingId}`],
    ['unit households', () => `/api/units/${own.unitId}`],
    ['person', () => `/api/persons/${own.personId}`],
    ['unit themes', () => `/api/themes/units?gridCode=${own.streetCode}`],
  ])('gets 200 for a %s inside the street', async (_label, path) => {
    expect((await server.request('GET', path(), { token: dispatcherToken })).status).toBe(200);
  });

  it('gets 403 revealing a person outside the street, and the refusal is audited', async () => {
    const before = await auditTotal();
    const answer = await server.request('POST', `/api/persons/${foreign.personId}/reveal`, {
      token: dispatcherToken,
      body: { purpose: 'case_handling', reason: 'checking a report' },
    });
    expectForbiddenWithoutData(answer);
    expect(await auditTotal()).toBe(before + 1);
    expect(await newestAudit()).toMatchObject({
      username: 'dispatcher',
      action: 'reveal_refused',
      targetType: 'person',
      targetId: String(foreign.personId),
    });
  });

  it('audits a refused read of the register (404 like a missing id) with who asked for what', async () => {
    const before = await auditTotal();
    const answer = await server.request('GET', `/api/units/${foreign.unitId}`, {
      token: dispatcherToken,
    });
    expect(answer.status).toBe(404);
    expect(await auditTotal()).toBe(before + 1);
    expect(await newestAudit()).toMatchObject({
      username: 'dispatcher',
      action: 'access_refused',
      targetType: '/api/units/:id',
      targetId: String(foreign.unitId),
    });
  });

  it('finds nobody outside the street by search, even by their exact ID tail', async () => {
    const person = syntheticPerson(foreign.personId);
    const tail = person.idNumber.slice(-4);
    const admin = (await server.request('GET', `/api/search?q=${tail}`, { token: adminToken }))
      .json as SearchPage;
    expect(admin.items.map((hit) => hit.personId)).toContain(foreign.personId);
    const scoped = (
      await server.request('GET', `/api/search?q=${tail}`, { token: dispatcherToken })
    ).json as SearchPage;
    expect(scoped.items.map((hit) => hit.personId)).not.toContain(foreign.personId);
    const everyone = (
      await server.request('GET', `/api/search?q=${encodeURIComponent('幸福路')}&pageSize=100`, {
        token: dispatcherToken,
      })
    ).json as SearchPage;
    expect(everyone.total).toBeGreaterThan(0);
    // Counted up to the cap (1,000), far above this district's matches: the total is exact.
    expect(everyone.totalCapped).toBe(false);
    for (const hit of everyone.items) expect(hit.gridCode.startsWith(own.streetCode)).toBe(true);
  });

  it('sees only in-scope buildings, counts and theme units from the district level', async () => {
    const districtCode = server.district.districtCode;
    const buildings = (
      await server.request('GET', `/api/grids/${districtCode}/buildings?pageSize=100`, {
        token: dispatcherToken,
      })
    ).json as Page<BuildingListItem>;
    expect(buildings.total).toBe(server.district.buildingCount / 2);
    for (const building of buildings.items)
      expect(building.gridCode.startsWith(own.streetCode)).toBe(true);
    const summary = (
      await server.request('GET', `/api/grids/${districtCode}`, { token: dispatcherToken })
    ).json as GridSummary;
    const streetSummary = (
      await server.request('GET', `/api/grids/${own.streetCode}`, { token: adminToken })
    ).json as GridSummary;
    expect(summary.residentCount).toBe(streetSummary.residentCount);
    const themes = (await server.request('GET', '/api/themes/units', { token: dispatcherToken }))
      .json as UnitThemeColumns;
    const ownThemes = (
      await server.request('GET', `/api/themes/units?gridCode=${own.streetCode}`, {
        token: adminToken,
      })
    ).json as UnitThemeColumns;
    expect(themes.unitIds).toEqual(ownThemes.unitIds);
    expect(themes.unitIds).not.toContain(foreign.unitId);
  });

  it('gets the use code of each unit, matching the building detail', async () => {
    const themes = (
      await server.request('GET', `/api/themes/units?gridCode=${own.gridCode}`, {
        token: dispatcherToken,
      })
    ).json as UnitThemeColumns;
    const useByUnit = new Map(
      themes.unitIds.map((unitId, index) => [unitId, UNIT_USES[themes.useCodes[index]!]]),
    );
    const buildings = (
      await server.request('GET', `/api/grids/${own.gridCode}/buildings?pageSize=100`, {
        token: adminToken,
      })
    ).json as Page<BuildingListItem>;
    const usesSeen = new Set<string>();
    for (const { id } of buildings.items) {
      const building = (await server.request('GET', `/api/buildings/${id}`, { token: adminToken }))
        .json as BuildingDetail;
      for (const unit of building.units) {
        expect(useByUnit.get(unit.id)).toBe(unit.use);
        usesSeen.add(unit.use);
      }
    }
    // Residential alone would pass with every code left at 0.
    expect([...usesSeen].filter((use) => use !== 'residential').length).toBeGreaterThan(0);
  });

  it('may not read the audit log', async () => {
    expect((await server.request('GET', '/api/audit', { token: dispatcherToken })).status).toBe(
      403,
    );
  });
});

describe('reveal', () => {
  it('gives the admin the full values once, with one audit row holding the reason', async () => {
    const before = await auditTotal();
    const person = syntheticPerson(foreign.personId);
    const answer = await server.request('POST', `/api/persons/${foreign.personId}/reveal`, {
      token: adminToken,
      body: { purpose: 'emergency_rescue', reason: '  fire evacuation roll call  ' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      personId: foreign.personId,
      idNumber: person.idNumber,
      phone: person.phone,
    });
    const audit = (await server.request('GET', '/api/audit', { token: adminToken }))
      .json as Page<AuditEntry>;
    expect(audit.total).toBe(before + 1);
    expect(audit.items[0]).toMatchObject({
      username: 'admin',
      action: 'reveal',
      targetType: 'person',
      targetId: String(foreign.personId),
      fields: 'id_number,phone',
      reason: '[emergency_rescue] fire evacuation roll call',
    });
  });

  it('gives the dispatcher the full values inside the street', async () => {
    const answer = await server.request('POST', `/api/persons/${own.personId}/reveal`, {
      token: dispatcherToken,
      body: { purpose: 'home_visit', reason: 'visit arrangement' },
    });
    expect(answer.status).toBe(200);
    expect((answer.json as { idNumber: string }).idNumber).toBe(
      syntheticPerson(own.personId).idNumber,
    );
  });

  it('refuses the viewer (403, no data) and audits the refused reveal', async () => {
    const before = await auditTotal();
    const answer = await server.request('POST', `/api/persons/${own.personId}/reveal`, {
      token: viewerToken,
      body: { purpose: 'identity_check', reason: 'just curious, nothing more' },
    });
    expectForbiddenWithoutData(answer);
    expect(await auditTotal()).toBe(before + 1);
    expect(await newestAudit()).toMatchObject({
      username: 'viewer',
      action: 'reveal_refused',
      targetId: String(own.personId),
    });
  });

  it('answers 404 for a person that does not exist, writing nothing', async () => {
    const before = await auditTotal();
    const answer = await server.request('POST', '/api/persons/999999/reveal', {
      token: adminToken,
      body: { purpose: 'identity_check', reason: 'typo check of the id' },
    });
    expect(answer.status).toBe(404);
    expect(await auditTotal()).toBe(before);
  });
});
