/**
 * The emergency module's "done when", on one 1920×1080 desk page signed in as the administrator:
 * a chlorine release placed at the demo chlorine plant (a hazard source record, 在此模拟泄漏)
 * shows the threat zones with the residents inside by vulnerability, door-knocking tasks reach
 * the nearest worker's phone (checked through the device socket as the phone would get it),
 * shelters and walking routes appear in the panel and on the globe, and a wind change updates
 * zones, counts and routes. Everything is waited for through data attributes and compared with
 * what the API answers for the same scenario.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmergencyRecordView } from '../src/shared/emergencyRecords';
import type { ActiveScenario, DoorKnockListResponse } from '../src/shared/emergencyScenario';
import type {
  DeviceTask,
  DispatchSuggestionsResponse,
  IncidentDetail,
} from '../src/shared/incidents';
import type { IssuedDeviceToken } from '../src/shared/tracking';
import { connectDeviceSocket } from '../src/server/testing/testDevice';
import {
  GLOBE_SELECTOR,
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  waitForGlobeReady,
  type AppPage,
} from './browser';
import { connectAs, type UserApi } from './dispatcherApi';

const STEP_TIMEOUT_MS = 300_000;
/**
 * A release the demo district's chlorine plant can send over its neighbours with time to walk
 * out before the gas arrives (a light wind), then a wind shift of 30°.
 */
const RELEASE = { rateGPerS: '300', windMs: '1', windFromDeg: '150' };
const SHIFTED_WIND_FROM_DEG = '120';
/** Simulated workers keep walking between the assignment and the check. */
const NEAREST_SLACK_M = 100;
const POLL_MS = 250;

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let wall: AppPage | null = null;
let admin: UserApi;
const sockets: Array<{ close(): void }> = [];

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await connectAs(baseUrl, password, 'admin');
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await admin?.call('DELETE', '/emergency/scenario').catch(() => undefined);
  await wall?.context.close();
  await browser?.close();
});

function page(): Page {
  if (!wall) throw new Error('the page opens in the first test');
  return wall.page;
}

/** The scenario once the server holds a release that `matches`. */
async function scenarioWhere(
  matches: (request: ActiveScenario['history'][number]['request']) => boolean,
  what: string,
): Promise<ActiveScenario> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const scenario = await admin
      .call<ActiveScenario>('GET', '/emergency/scenario')
      .catch(() => null);
    const request = scenario?.history.at(-1)?.request;
    if (scenario !== null && request !== undefined && matches(request)) return scenario;
    if (Date.now() > deadline) throw new Error(`no scenario with ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Types one value of the release and waits until the server holds it and its push is back in
 * the panel: a push of the previous value must not arrive after the next is typed (the panel
 * takes a pushed release as its draft, as every screen does).
 */
async function setReleaseField(
  field: 'rateGPerS' | 'windMs' | 'windFromDeg',
  value: string,
): Promise<ActiveScenario> {
  const input = page().getByTestId(`plume-${field}`);
  await input.fill(value);
  const scenario = await scenarioWhere((request) => {
    const held =
      field === 'rateGPerS'
        ? request.release.kind === 'continuous'
          ? request.release.rateGPerS
          : null
        : request[field];
    return held === Number(value);
  }, `${field} = ${value}`);
  await page().waitForFunction(
    ([testId, expected]) =>
      (document.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement | null)?.value ===
      expected,
    [`plume-${field}`, value] as const,
    { timeout: UI_TIMEOUT_MS },
  );
  return scenario;
}

const routeCount = (scenario: ActiveScenario) =>
  scenario.evacuation!.buildings.filter((building) => building.route !== null).length;
const routesM = (scenario: ActiveScenario) =>
  scenario.evacuation!.buildings.reduce(
    (sum, building) => sum + (building.route?.distanceM ?? 0),
    0,
  );

/** The panel and the globe show this scenario's zones, counts, shelters and routes. */
async function expectShown(scenario: ActiveScenario): Promise<void> {
  const on = page();
  for (const zone of scenario.assessment.zones) {
    await on.waitForSelector(
      `[data-testid="plume-zone"][data-tier="${zone.tier}"][data-residents="${zone.residents}"]`,
      { timeout: UI_TIMEOUT_MS },
    );
  }
  await on.waitForSelector(
    `[data-testid="evacuation-routes"][data-routes="${routeCount(scenario)}"]`,
    { timeout: UI_TIMEOUT_MS },
  );
  await on.waitForSelector(
    `${GLOBE_SELECTOR}[data-evacuation-routes="${routeCount(scenario)}"][data-evacuation-routes-m="${routesM(scenario)}"]`,
    { timeout: UI_TIMEOUT_MS },
  );
  const shelters = on.getByTestId('evacuation-shelter');
  expect(await shelters.count()).toBe(scenario.evacuation!.shelters.length);
  for (const [index, shelter] of scenario.evacuation!.shelters.entries()) {
    expect(await shelters.nth(index).getAttribute('data-assigned')).toBe(
      String(shelter.assignedPersons),
    );
  }
}

describe('a chlorine release at the demo plant', { timeout: STEP_TIMEOUT_MS }, () => {
  let first: ActiveScenario;

  it('shows zones, the people inside by vulnerability, shelters and routes', async () => {
    const records = await admin.call<EmergencyRecordView[]>('GET', '/emergency/records');
    const plant = records.find(
      (record) => record.kind === 'hazard' && record.attributes['substance'] === 'chlorine',
    );
    expect(plant, 'the demo district has a chlorine plant').toBeDefined();
    wall = await openAppPage(browser);
    const on = wall.page;
    await on.goto(`${baseUrl}/`);
    await logIn(on, password, 'admin');
    await waitForGlobeReady(on);
    await on.getByTestId('records-open').click();
    await on.getByTestId('records-tab-hazard').click();
    await on
      .getByTestId('records-row')
      .filter({ hasText: plant!.name })
      .getByTestId('release-at-hazard')
      .click();
    await on.waitForSelector('[data-testid="emergency-panel"]', { timeout: UI_TIMEOUT_MS });
    // The plant's own substance comes with it: chlorine, at the plant.
    const started = await scenarioWhere(() => true, 'the release at the plant');
    expect(started.history.at(-1)!.request).toMatchObject({
      substance: 'chlorine',
      source: plant!.location,
    });
    await setReleaseField('rateGPerS', RELEASE.rateGPerS);
    await setReleaseField('windMs', RELEASE.windMs);
    first = await setReleaseField('windFromDeg', RELEASE.windFromDeg);
    expect(first.assessment.zones.some((zone) => zone.residents > 0)).toBe(true);
    expect(routeCount(first)).toBeGreaterThan(0);
    await expectShown(first);
    // People by vulnerability: each zone row shows the API's count per tag.
    for (const zone of first.assessment.zones) {
      const row = on.locator(`[data-testid="plume-zone"][data-tier="${zone.tier}"]`);
      const text = (await row.textContent()) ?? '';
      for (const count of Object.values(zone.byTag)) expect(text).toContain(String(count));
    }
    await saveScreenshot(on, 'emergency-release-1920x1080');
  });

  it('sends a door-knocking task to the nearest worker’s phone', async () => {
    const on = page();
    await on.getByTestId('door-knock-tier').selectOption('AEGL-1');
    await on.waitForSelector('[data-testid="door-knock"]:not([data-count="0"])', {
      timeout: UI_TIMEOUT_MS,
    });
    const firstRow = on.getByTestId('door-knock-row').first();
    const householdId = Number(await firstRow.getAttribute('data-household-id'));
    await on
      .locator(`[data-testid="door-knock-row"][data-household-id="${householdId}"]`)
      .getByTestId('door-knock-select')
      .check();
    await on.getByTestId('door-knock-assign').click();
    await on
      .locator(
        `[data-testid="door-knock-row"][data-household-id="${householdId}"] [data-testid="door-knock-task"]`,
      )
      .waitFor({ timeout: UI_TIMEOUT_MS });
    const list = await admin.call<DoorKnockListResponse>(
      'GET',
      '/emergency/scenario/door-knock?tier=AEGL-1',
    );
    const task = list.households.find((entry) => entry.householdId === householdId)!.task!;
    const incident = await admin.call<IncidentDetail>('GET', `/incidents/${task.incidentId}`);
    const workerId = Number(/^worker:(\d+)$/.exec(incident.assigneeUsername ?? '')?.[1]);
    expect(Number.isInteger(workerId), 'dispatched to a worker').toBe(true);
    // Nearest: no other available worker was nearer by the dispatch ranking's walking distance.
    const { suggestions } = await admin.call<DispatchSuggestionsResponse>(
      'GET',
      `/incidents/${task.incidentId}/dispatch-suggestions`,
    );
    const assignee = suggestions.find((suggestion) => suggestion.workerId === workerId)!;
    const others = suggestions.filter(
      (suggestion) =>
        suggestion.workerId !== workerId &&
        (suggestion.status === 'online' || suggestion.status === 'idle'),
    );
    for (const other of others) {
      expect(assignee.distanceM).toBeLessThanOrEqual(other.distanceM + NEAREST_SLACK_M);
    }
    // The worker's phone gets the task on connect, as any open task.
    const issued = await admin.call<IssuedDeviceToken>('POST', '/devices', {
      workerId,
      label: 'e2e emergency phone',
    });
    const socket = connectDeviceSocket(baseUrl, issued.token);
    sockets.push(socket);
    const received = await new Promise<DeviceTask>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the task never reached the phone')),
        UI_TIMEOUT_MS,
      );
      socket.on('task', (deviceTask: DeviceTask) => {
        if (deviceTask.incidentId !== task.incidentId) return;
        clearTimeout(timer);
        resolve(deviceTask);
      });
    });
    expect(received.description).toContain('应急敲门通知');
  });

  it('updates zones, counts and routes on a wind change', async () => {
    const on = page();
    const shifted = await setReleaseField('windFromDeg', SHIFTED_WIND_FROM_DEG);
    expect(shifted.version).toBeGreaterThan(first.version);
    expect(shifted.assessment.zones.map((zone) => zone.polygon)).not.toEqual(
      first.assessment.zones.map((zone) => zone.polygon),
    );
    expect(shifted.assessment.zones.map((zone) => zone.residents)).not.toEqual(
      first.assessment.zones.map((zone) => zone.residents),
    );
    expect(routesM(shifted)).not.toBe(routesM(first));
    await expectShown(shifted);
    await saveScreenshot(on, 'emergency-wind-change-1920x1080');
  });
});
