/**
 * What a person at the wall would see (DESIGN.md §7): the district renders in 3D without a
 * single request leaving this machine, a click on a unit opens its households, deep links and
 * search bring the camera and the panel to a unit, and the assessment's ranking fits the centre of
 * a 1920×1080 desk without a sideways scroll (lower-priority columns give way first). The
 * incident heatmap's steps (`incidentHeatmapSteps.ts`) run on the same desk page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toLocalMetres } from '../src/domain/geo/localFrame';
import type { BuildingDetail, UnitDetail } from '../src/shared/api';
import {
  GLOBE_SELECTOR,
  UI_TIMEOUT_MS,
  WALL_1080,
  WALL_4K,
  WALL_VIEWPORT,
  isLocalUrl,
  launchBrowser,
  saveScreenshot,
  logIn,
  openAppPage,
  waitForGlobeReady,
  waitForGlobeSettled,
  type AppPage,
  type Screen,
} from './browser';
import { readFreeRect } from './freeRect';
import { describeIncidentHeatmap } from './incidentHeatmapSteps';
import { screenshotStats, type ScreenshotStats } from './screenshotStats';
import {
  allBuildings,
  connectTestApi,
  tallestInhabitedBuilding,
  unitWithHouseholds,
  type TestApi,
} from './testApi';

/** A rendered district is far from one flat colour; a blank or black canvas is near 0. */
const MIN_LUMINANCE_STD_DEV = 12;
const MIN_BRIGHT_SHARE = 0.01;
/** "Near the building": the camera's focus within this distance of the building's origin. */
const NEAR_BUILDING_M = 60;
/** Each step may wait for a WebGL start-up and a flight on a CPU renderer, on a busy machine. */
const STEP_TIMEOUT_MS = 300_000;
/** Width and height of the sampled middle of the free view, as a share of the viewport. */
const GLOBE_SAMPLE_SHARE = 0.3;

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let api: TestApi;
let building: BuildingDetail;
let unit: UnitDetail;
/**
 * One signed-in wall page for the 1920x1080 steps, used in order like an operator would: each
 * page costs a WebGL start-up on the CPU, and two live pages would slow each other down.
 */
let wall: AppPage | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  api = await connectTestApi(baseUrl, password);
  building = tallestInhabitedBuilding(await allBuildings(api));
  unit = await unitWithHouseholds(api, building);
});

afterAll(async () => {
  await wall?.context.close();
  await browser?.close();
});

async function openSignedIn(screen: Screen = WALL_1080): Promise<AppPage> {
  const app = await openAppPage(browser, screen);
  await app.page.goto(`${baseUrl}/`);
  await logIn(app.page, password);
  await waitForGlobeReady(app.page);
  return app;
}

function wallPage(): Page {
  if (!wall) throw new Error('the wall page opens in the first test');
  return wall.page;
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

/** Page coordinates of the middle of the view that the panels leave free (where flights aim). */
async function freeViewCentre(page: Page): Promise<{ x: number; y: number }> {
  const free = await readFreeRect(page);
  return { x: free.x + free.width / 2, y: free.y + free.height / 2 };
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
    expected.households
      .flatMap((household) => household.members.map((person) => person.name))
      .sort(),
  );
}

/**
 * Statistics of the 3D view alone: the middle of the free view, in screenshot pixels, so the
 * panels' text cannot make a blank globe look busy.
 */
async function globeStats(page: Page, png: Buffer, scale = 1): Promise<ScreenshotStats> {
  const centre = await freeViewCentre(page);
  const viewport = page.viewportSize() ?? WALL_VIEWPORT;
  const widthPx = viewport.width * GLOBE_SAMPLE_SHARE;
  const heightPx = viewport.height * GLOBE_SAMPLE_SHARE;
  return screenshotStats(browser, png, {
    x: (centre.x - widthPx / 2) * scale,
    y: (centre.y - heightPx / 2) * scale,
    width: widthPx * scale,
    height: heightPx * scale,
  });
}

describe('3D command center in the browser', { timeout: STEP_TIMEOUT_MS }, () => {
  it('renders the district with buildings, and no request leaves localhost', async () => {
    wall = await openSignedIn();
    const { page, requestedUrls } = wall;
    await waitForCameraView(page, 'district');
    const stats = await globeStats(page, await saveScreenshot(page, 'district-1920x1080'));
    expect(stats.luminanceStdDev).toBeGreaterThan(MIN_LUMINANCE_STD_DEV);
    expect(stats.brightShare).toBeGreaterThan(MIN_BRIGHT_SHARE);

    expect(requestedUrls.some((url) => url.includes('/tilesets/'))).toBe(true);
    expect(requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  });

  it('highlights the unit under the mouse and opens the households of a clicked unit', async () => {
    const page = wallPage();
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/building/${building.id}`);
    await waitForCameraView(page, 'building');
    await saveScreenshot(page, 'building-1920x1080');
    // The building preset frames the building in the middle of the free view.
    const centre = await freeViewCentre(page);
    // Hovering the building in 3D names the unit under the mouse in the floor view.
    await page.mouse.move(centre.x, centre.y);
    const roomLabels = new Set(building.units.map((candidate) => candidate.roomLabel));
    await expect
      .poll(
        async () => {
          const hint = (await page.getByTestId('floor-hover-label').textContent()) ?? '';
          return [...roomLabels].some((label) => new RegExp(`\\b${label}\\b`).test(hint));
        },
        { timeout: UI_TIMEOUT_MS },
      )
      .toBe(true);
    await page.mouse.click(centre.x, centre.y);

    await expect
      .poll(() => page.getByTestId('unit-panel').getAttribute('data-unit-id'), {
        timeout: UI_TIMEOUT_MS,
      })
      .toMatch(/^\d+$/);
    const clickedUnitId = Number(await page.getByTestId('unit-panel').getAttribute('data-unit-id'));
    const clicked = await api.get<UnitDetail>(`/units/${clickedUnitId}`);
    expect(clicked.buildingId).toBe(building.id);
    await expectUnitPanel(page, clicked);
    await expect
      .poll(() => page.url(), { timeout: UI_TIMEOUT_MS })
      .toContain(`#/unit/${clickedUnitId}`);
    await waitForCameraView(page, 'unit');
    await saveScreenshot(page, 'unit-clicked-1920x1080');
  });

  it('restores a unit from its deep link, also after a reload', async () => {
    const page = wallPage();
    await page.goto(`${baseUrl}/#/unit/${unit.id}`);
    await page.reload();
    await waitForGlobeReady(page);
    await expectUnitPanel(page, unit);
    await waitForCameraView(page, 'unit');
    expect(await cameraFocusDistanceM(page, building)).toBeLessThan(NEAR_BUILDING_M);
  });

  it('flies to the unit of a resident found by search', async () => {
    const resident = unit.households[0]?.members[0];
    if (!resident) throw new Error('unit without residents');
    const page = wallPage();
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await waitForCameraView(page, 'district');
    await page.getByTestId('search-input').fill(resident.name);
    const hit = page.locator(`[data-testid="search-hit"][data-unit-id="${unit.id}"]`).first();
    await hit.click({ timeout: UI_TIMEOUT_MS });

    await expectUnitPanel(page, unit);
    await waitForCameraView(page, 'unit');
    expect(await cameraFocusDistanceM(page, building)).toBeLessThan(NEAR_BUILDING_M);
    await saveScreenshot(page, 'search-unit-1920x1080');
    expect(wall?.requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  });

  // On the same signed-in desk: a page of its own would cost another WebGL start-up on the CPU.
  it('shows the assessment ranking at 1920x1080 without a sideways scroll', async () => {
    const page = wallPage();
    await page.getByTestId('open-assessment').click();
    await page.getByTestId('assessment-ranking').waitFor({ timeout: UI_TIMEOUT_MS });
    const tabs = page.locator('.assessment-levels [role="tab"]');
    const overflowing: string[] = [];
    for (let index = 0; index < (await tabs.count()); index += 1) {
      const tab = tabs.nth(index);
      await tab.click();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      const scroll = page.locator('.assessment-table-scroll');
      if ((await scroll.count()) === 0) continue;
      const widths = await scroll.evaluate((element) => ({
        scroll: element.scrollWidth,
        client: element.clientWidth,
      }));
      expect(widths.client).toBeGreaterThan(0);
      if (widths.scroll > widths.client) {
        overflowing.push(`${await tab.innerText()}: ${JSON.stringify(widths)}`);
      }
    }
    await saveScreenshot(page, 'assessment-1920x1080');
    expect(overflowing).toEqual([]);
    // Closed again: the heatmap's steps below read the desk as it is without it.
    await page.getByTestId('open-assessment').click();
    await page
      .getByTestId('assessment-ranking')
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });

  describeIncidentHeatmap(wallPage);

  it('stays legible on a 3840x2160 wall', async () => {
    // The 1920 page is done; closing it leaves the CPU to the 4K renderer.
    await wall?.context.close();
    wall = null;
    const app = await openSignedIn(WALL_4K);
    try {
      await waitForCameraView(app.page, 'district');
      const png = await saveScreenshot(app.page, 'district-3840x2160');
      const stats = await globeStats(app.page, png, WALL_4K.deviceScaleFactor);
      expect(stats.luminanceStdDev).toBeGreaterThan(MIN_LUMINANCE_STD_DEV);
      expect(app.requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
    } finally {
      await app.context.close();
    }
  });
});
