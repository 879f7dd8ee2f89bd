/**
 * What a person at the wall would see (DESIGN.md §7): the district renders in 3D without a
 * single request leaving this machine, a click on a unit opens its households, deep links and
 * search bring the camera and the panel to a unit.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toLocalMetres } from '../src/domain/localFrame';
import type { BuildingDetail, UnitDetail } from '../src/shared/api';
import {
  GLOBE_SELECTOR,
  UI_TIMEOUT_MS,
  WALL_4K_VIEWPORT,
  WALL_VIEWPORT,
  isLocalUrl,
  launchBrowser,
  logIn,
  openAppPage,
  waitForGlobeReady,
  waitForGlobeSettled,
  type AppPage,
} from './browser';
import { screenshotStats } from './screenshotStats';
import {
  allBuildings,
  connectTestApi,
  tallestInhabitedBuilding,
  unitWithHouseholds,
  type TestApi,
} from './testApi';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'test-results');
/** A rendered district is far from one flat colour; a blank or black canvas is near 0. */
const MIN_LUMINANCE_STD_DEV = 12;
const MIN_BRIGHT_SHARE = 0.01;
/** "Near the building": the camera's focus within this distance of the building's origin. */
const NEAR_BUILDING_M = 60;

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let api: TestApi;
let building: BuildingDetail;
let unit: UnitDetail;
const openPages: AppPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  api = await connectTestApi(baseUrl, password);
  building = tallestInhabitedBuilding(await allBuildings(api));
  unit = await unitWithHouseholds(api, building);
});

afterAll(async () => {
  for (const { context } of openPages) await context.close();
  await browser?.close();
});

async function openSignedIn(hash = '', viewport = WALL_VIEWPORT): Promise<AppPage> {
  const app = await openAppPage(browser, viewport);
  openPages.push(app);
  await app.page.goto(`${baseUrl}/${hash}`);
  await logIn(app.page, password);
  await waitForGlobeReady(app.page);
  return app;
}

async function waitForCameraView(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`${GLOBE_SELECTOR}[data-camera-view="${view}"]`, {
    timeout: UI_TIMEOUT_MS,
  });
  await waitForGlobeSettled(page);
}

async function cameraFocusDistanceM(page: Page, target: BuildingDetail): Promise<number> {
  const focus = await page.locator(GLOBE_SELECTOR).getAttribute('data-camera-focus');
  const [lon = Number.NaN, lat = Number.NaN] = (focus ?? '').split(',').map(Number);
  const offset = toLocalMetres(target.origin, { lon, lat });
  return Math.hypot(offset.eastM, offset.northM);
}

async function expectUnitPanel(page: Page, expected: UnitDetail): Promise<void> {
  const panel = page.getByTestId('unit-panel');
  await expect
    .poll(() => panel.getAttribute('data-unit-id'), { timeout: UI_TIMEOUT_MS })
    .toBe(String(expected.id));
  await expect
    .poll(() => page.getByTestId('unit-room-label').textContent(), { timeout: UI_TIMEOUT_MS })
    .toBe(expected.roomLabel);
  await expect
    .poll(() => panel.getByTestId('household').count(), { timeout: UI_TIMEOUT_MS })
    .toBe(expected.households.length);
  const names = await panel.locator('.resident-name').allTextContents();
  expect(names.sort()).toEqual(
    expected.households.flatMap((household) => household.members.map((person) => person.name)).sort(),
  );
}

async function saveScreenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  return page.locator(GLOBE_SELECTOR).screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}-globe.png`),
  });
}

describe('3D command center in the browser', () => {
  it('renders the district with buildings, and no request leaves localhost', async () => {
    const { page, requestedUrls } = await openSignedIn();
    await waitForCameraView(page, 'district');
    const globePng = await saveScreenshot(page, 'district-1920x1080');
    const stats = await screenshotStats(browser, globePng);
    expect(stats.luminanceStdDev).toBeGreaterThan(MIN_LUMINANCE_STD_DEV);
    expect(stats.brightShare).toBeGreaterThan(MIN_BRIGHT_SHARE);

    expect(requestedUrls.some((url) => url.includes('/tilesets/'))).toBe(true);
    expect(requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  });

  it('stays legible on a 3840x2160 wall', async () => {
    const { page, requestedUrls } = await openSignedIn('', WALL_4K_VIEWPORT);
    await waitForCameraView(page, 'district');
    const globePng = await saveScreenshot(page, 'district-3840x2160');
    const stats = await screenshotStats(browser, globePng);
    expect(stats.luminanceStdDev).toBeGreaterThan(MIN_LUMINANCE_STD_DEV);
    expect(requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  });

  it('opens the households of a unit clicked in the 3D view', async () => {
    const { page } = await openSignedIn(`#/building/${building.id}`);
    await waitForCameraView(page, 'building');
    await saveScreenshot(page, 'building-1920x1080');
    const box = await page.locator(GLOBE_SELECTOR).boundingBox();
    if (!box) throw new Error('globe not laid out');
    // The building preset centres the building in the view.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

    await expect
      .poll(() => page.getByTestId('unit-panel').getAttribute('data-unit-id'), {
        timeout: UI_TIMEOUT_MS,
      })
      .toMatch(/^\d+$/);
    const clickedUnitId = Number(await page.getByTestId('unit-panel').getAttribute('data-unit-id'));
    const clicked = await api.get<UnitDetail>(`/units/${clickedUnitId}`);
    expect(clicked.buildingId).toBe(building.id);
    await expectUnitPanel(page, clicked);
    expect(page.url()).toContain(`#/unit/${clickedUnitId}`);
    await waitForCameraView(page, 'unit');
    await saveScreenshot(page, 'unit-clicked-1920x1080');
  });

  it('restores a unit from its deep link, also after a reload', async () => {
    const { page } = await openSignedIn(`#/unit/${unit.id}`);
    await expectUnitPanel(page, unit);
    await waitForCameraView(page, 'unit');
    expect(await cameraFocusDistanceM(page, building)).toBeLessThan(NEAR_BUILDING_M);

    await page.reload();
    await waitForGlobeReady(page);
    await expectUnitPanel(page, unit);
    await waitForCameraView(page, 'unit');
    expect(await cameraFocusDistanceM(page, building)).toBeLessThan(NEAR_BUILDING_M);
  });

  it('flies to the unit of a resident found by search', async () => {
    const resident = unit.households[0]?.members[0];
    if (!resident) throw new Error('unit without residents');
    const { page } = await openSignedIn();
    await waitForCameraView(page, 'district');
    await page.getByTestId('search-input').fill(resident.name);
    const hit = page.locator(`[data-testid="search-hit"][data-unit-id="${unit.id}"]`).first();
    await hit.click({ timeout: UI_TIMEOUT_MS });

    await expectUnitPanel(page, unit);
    await waitForCameraView(page, 'unit');
    expect(await cameraFocusDistanceM(page, building)).toBeLessThan(NEAR_BUILDING_M);
    await saveScreenshot(page, 'search-unit-1920x1080');
  });
});
