/**
 * The docked wall layout in the browser: with everything a dispatcher keeps open (grid tree,
 * unit detail, incident list and drawer, heat controls and the 2D analytics, the ticker when a
 * worker event is showing), no two panels overlap, and a unit reached by deep link is flown
 * into the part of the view the panels leave free, at the wall sizes of a command hall.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BuildingDetail, UnitDetail } from '../src/shared/api';
import {
  GLOBE_SELECTOR,
  GLOBE_TIMEOUT_MS,
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  waitForGlobeReady,
  type AppPage,
} from './browser';
import { connectAs, reportIncidentInScope } from './dispatcherApi';
import { readFreeRect, type PageRect } from './freeRect';
import {
  allBuildings,
  connectTestApi,
  tallestInhabitedBuilding,
  unitWithHouseholds,
} from './testApi';

/** Each size re-lays the wall and flies twice on a CPU renderer (4K: four times the pixels). */
const STEP_TIMEOUT_MS = 480_000;
/** Sub-pixel rounding between neighbours is not an overlap. */
const TOUCH_TOLERANCE_PX = 1;
/** The globe must keep a real share of the wall, not a sliver between panels. */
const MIN_FREE_SHARE = 0.15;
const WALL_SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 5760, height: 1080 },
];
const DISPATCHER = 'dispatcher';

const baseUrl = inject('baseUrl');
const password = inject('password');

interface Box extends PageRect {
  id: string;
  /** The framed region that draws its box around this panel, if any. */
  insideRegion: string | null;
  /** A framed region's own box. */
  region: string | null;
}

let browser: Browser;
let wall: AppPage;
let building: BuildingDetail;
let unit: UnitDetail;
let incidentId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const dispatcher = await connectAs(baseUrl, password, DISPATCHER);
  incidentId = await reportIncidentInScope(dispatcher, `e2e layout: blocked drain ${Date.now()}`);
  const api = await connectTestApi(baseUrl, password);
  // The unit must be in the dispatcher's scope for its households to show.
  const me = await dispatcher.call<{ scopes: string[] }>('GET', '/auth/me');
  const inScope = (await allBuildings(api)).filter((candidate) =>
    me.scopes.some((scope) => candidate.gridCode.startsWith(scope)),
  );
  building = tallestInhabitedBuilding(inScope);
  unit = await unitWithHouseholds(api, building);

  wall = await openAppPage(browser);
  await wall.page.goto(`${baseUrl}/`);
  await logIn(wall.page, password, DISPATCHER);
  await waitForGlobeReady(wall.page);
  const { page } = wall;
  await page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`).click({
    timeout: UI_TIMEOUT_MS,
  });
  await page.getByTestId('incident-drawer').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId('analytics-toggle').click({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId('analytics-view').waitFor({ timeout: UI_TIMEOUT_MS });
});

afterAll(async () => {
  await wall?.context.close();
  await browser?.close();
});

/** Every docked box on screen: framed regions as one box, other panels one by one. */
async function visibleBoxes(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const boxes: Box[] = [];
    const elements = document.querySelectorAll('[data-wall-panel], .wall-region.is-framed');
    for (const element of elements) {
      const rect = element.getBoundingClientRect();
      if (rect.width <= 0 || rect.height <= 0) continue;
      const framedParent = element.parentElement?.closest('.wall-region.is-framed');
      boxes.push({
        id: element.getAttribute('data-wall-panel') ?? element.id,
        insideRegion: framedParent?.id ?? null,
        region: element.matches('.wall-region') ? element.id : null,
        x: rect.x,
        y: rect.y,
        width: rect.width,
        height: rect.height,
      });
    }
    return boxes;
  });
}

function overlaps(a: PageRect, b: PageRect): boolean {
  return (
    a.x + TOUCH_TOLERANCE_PX < b.x + b.width &&
    b.x + TOUCH_TOLERANCE_PX < a.x + a.width &&
    a.y + TOUCH_TOLERANCE_PX < b.y + b.height &&
    b.y + TOUCH_TOLERANCE_PX < a.y + a.height
  );
}

/** Pairs of boxes that overlap, except a framed region and the panels it frames. */
function overlappingPairs(boxes: Box[]): string[] {
  const pairs: string[] = [];
  boxes.forEach((a, index) => {
    for (const b of boxes.slice(index + 1)) {
      const framing =
        (a.region !== null && b.insideRegion === a.region) ||
        (b.region !== null && a.insideRegion === b.region);
      if (!framing && overlaps(a, b)) pairs.push(`${a.id} × ${b.id}`);
    }
  });
  return pairs;
}

/** Deep links to the unit's building, then to the unit: two flights, whatever was shown before. */
async function flyToUnitByDeepLink(page: Page): Promise<void> {
  for (const [hash, view] of [
    [`#/building/${building.id}`, 'building'],
    [`#/unit/${unit.id}`, 'unit'],
  ] as const) {
    await page.evaluate((next) => {
      window.location.hash = next;
    }, hash);
    await page.waitForSelector(
      `${GLOBE_SELECTOR}[data-camera-view="${view}"][data-camera-flying="false"]`,
      { timeout: GLOBE_TIMEOUT_MS },
    );
  }
  await expect
    .poll(() => page.getByTestId('unit-panel').getAttribute('data-unit-id'), {
      timeout: UI_TIMEOUT_MS,
    })
    .toBe(String(unit.id));
}

describe('docked wall layout', { timeout: STEP_TIMEOUT_MS }, () => {
  for (const size of WALL_SIZES) {
    const name = `${size.width}x${size.height}`;
    it(`keeps the panels apart and flies a unit into the free area at ${name}`, async () => {
      const { page } = wall;
      await page.setViewportSize(size);
      // The layout measures after the resize: wait until the free area is within the new size.
      await expect
        .poll(
          async () => {
            const free = await readFreeRect(page);
            return (
              free.width > 0 &&
              free.x + free.width <= size.width &&
              free.y + free.height <= size.height
            );
          },
          { timeout: UI_TIMEOUT_MS },
        )
        .toBe(true);
      await flyToUnitByDeepLink(page);

      const boxes = await visibleBoxes(page);
      const shown = new Set(boxes.map((box) => box.id));
      for (const id of [
        'top-bar',
        'grid-tree',
        'heatmap-controls',
        'selection',
        'incidents',
        'analytics',
      ])
        expect(shown, id).toContain(id);
      await expect.poll(() => page.getByTestId('incident-drawer').isVisible()).toBe(true);
      expect(overlappingPairs(boxes)).toEqual([]);

      const free = await readFreeRect(page);
      expect(free.width * free.height).toBeGreaterThan(MIN_FREE_SHARE * size.width * size.height);
      expect(boxes.filter((box) => overlaps(box, free)).map((box) => box.id)).toEqual([]);

      // The flight aims the unit at the free area's centre: hovering there finds its building.
      const centre = { x: free.x + free.width / 2, y: free.y + free.height / 2 };
      const onGlobe = await page.evaluate(
        ({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="globe"]') !== null,
        centre,
      );
      expect(onGlobe).toBe(true);
      await page.mouse.move(centre.x, centre.y);
      const roomLabels = building.units.map((candidate) => candidate.roomLabel);
      await expect
        .poll(
          async () => {
            const hint = (await page.getByTestId('floor-hover-label').textContent()) ?? '';
            return roomLabels.some((label) => new RegExp(`\\b${label}\\b`).test(hint));
          },
          { timeout: UI_TIMEOUT_MS },
        )
        .toBe(true);
      await saveScreenshot(page, `layout-${name}`);
    });
  }
});
