/**
 * The building's 3D stack as an operator meets it: it opens beside the floor grid, names the
 * unit under the pointer, selects a clicked unit (the unit panel shows its households), orbits
 * on a drag, and can be opened and closed all day on a wall without WebGL contexts or GPU
 * memory piling up.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BuildingDetail, UnitDetail } from '../src/shared/api';
import {
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  waitForGlobeReady,
  type AppPage,
} from './browser';
import { allBuildings, connectTestApi, tallestInhabitedBuilding, type TestApi } from './testApi';

const OPEN_CLOSE_CYCLES = 50;
/** Opened before the heap baseline: the stack's code chunk and shader programs are loaded once. */
const WARM_UP_CYCLES = 3;
/**
 * The JS heap may wobble (the globe and the live feed keep allocating meanwhile) but a view
 * that leaked its scene would add its meshes, materials and buffers on every cycle.
 */
const MAX_HEAP_GROWTH_RATIO = 1.25;
/** Chromium's own words when a page holds more WebGL contexts than it allows (16). */
const TOO_MANY_CONTEXTS = 'Too many active WebGL contexts';
const DRAG_PX = 120;
const STEP_TIMEOUT_MS = 300_000;
const CYCLES_TIMEOUT_MS = 1_500_000;
const LIVE_FEED_PATH = '/socket.io/';

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let api: TestApi;
let building: BuildingDetail;
let wall: AppPage | null = null;
const consoleMessages: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  api = await connectTestApi(baseUrl, password);
  building = tallestInhabitedBuilding(await allBuildings(api));
});

afterAll(async () => {
  await wall?.context.close();
  await browser?.close();
});

function wallPage(): Page {
  if (!wall) throw new Error('the wall page opens in the first test');
  return wall.page;
}

async function switchAttribute(page: Page, name: string): Promise<string | null> {
  return page.getByTestId('building-view-switch').getAttribute(`data-stack-${name}`);
}

/**
 * A tab is pressed by dispatching its click: Playwright's own click first waits for the element
 * to hold still over animation frames, and beside a live globe drawn on the CPU those frames
 * take seconds each, which a loop of 50 cycles cannot afford.
 */
async function pressTab(page: Page, mode: 'floors' | 'stack'): Promise<void> {
  await page.getByTestId(`building-view-${mode}`).dispatchEvent('click');
}

async function openStack(page: Page): Promise<void> {
  await pressTab(page, 'stack');
  await page.waitForSelector('[data-testid="building-stack"][data-stack-state="ready"]', {
    timeout: UI_TIMEOUT_MS,
  });
}

async function closeStack(page: Page): Promise<void> {
  await pressTab(page, 'floors');
  await page.waitForSelector('[data-testid="building-stack"]', {
    state: 'detached',
    timeout: UI_TIMEOUT_MS,
  });
  await page.waitForSelector('[data-testid="floor-view"]', { timeout: UI_TIMEOUT_MS });
}

async function releasedState(page: Page): Promise<Record<string, string | null>> {
  return {
    renderers: await switchAttribute(page, 'live-renderers'),
    geometries: await switchAttribute(page, 'left-geometries'),
    textures: await switchAttribute(page, 'left-textures'),
    contexts: await switchAttribute(page, 'live-contexts'),
  };
}

/** Where on the page the probe says a pointer lands on one of the stack's units. */
async function pickPoint(page: Page): Promise<{ unitId: number; x: number; y: number }> {
  await expect
    .poll(() => switchAttribute(page, 'pick-point'), { timeout: UI_TIMEOUT_MS })
    .toMatch(/^\d+,\d+$/);
  const [xPx = 0, yPx = 0] = ((await switchAttribute(page, 'pick-point')) ?? '')
    .split(',')
    .map(Number);
  const unitId = Number(await switchAttribute(page, 'pick-unit'));
  const box = await page.locator('.building-stack-canvas').boundingBox();
  if (!box) throw new Error('stack canvas not laid out');
  return { unitId, x: box.x + xPx, y: box.y + yPx };
}

async function usedHeapBytes(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await session.detach();
  }
}

describe('building view in 3D', () => {
  it(
    'shows the building as a stack whose units name themselves on hover and open on click',
    { timeout: STEP_TIMEOUT_MS },
    async () => {
      wall = await openAppPage(browser);
      // No live feed: the stack needs none, and without moving workers the globe draws only on
      // demand, so the cycles below wait on the view itself, not behind the CPU drawing the globe.
      await wall.context.route(
        (url) => url.pathname.startsWith(LIVE_FEED_PATH),
        (route) => route.abort('blockedbyclient'),
      );
      const { page } = wall;
      page.on('console', (message) => consoleMessages.push(message.text()));
      await page.goto(`${baseUrl}/`);
      await logIn(page, password);
      await waitForGlobeReady(page);
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, `#/building/${building.id}`);
      await page.waitForSelector(
        `[data-testid="building-panel"][data-building-id="${building.id}"]`,
        {
          timeout: UI_TIMEOUT_MS,
        },
      );
      await openStack(page);
      const target = await pickPoint(page);
      const unit = building.units.find((candidate) => candidate.id === target.unitId);
      if (!unit) throw new Error(`the probe named unit ${target.unitId}, not of this building`);
      await saveScreenshot(page, 'building-stack-1920x1080');

      await page.mouse.move(target.x, target.y);
      const tooltip = page.getByTestId('stack-tooltip');
      await expect
        .poll(() => tooltip.getAttribute('data-unit-id'), { timeout: UI_TIMEOUT_MS })
        .toBe(String(unit.id));
      const tooltipText = (await tooltip.textContent()) ?? '';
      expect(tooltipText).toContain(unit.roomLabel);
      expect(tooltipText).toContain(String(unit.householdCount));
      // The hover is the app's hover: the panel's header names the same room.
      expect(await page.getByTestId('floor-hover-label').textContent()).toContain(unit.roomLabel);

      await page.mouse.click(target.x, target.y);
      const expected = await api.get<UnitDetail>(`/units/${unit.id}`);
      const panel = page.getByTestId('unit-panel');
      await expect
        .poll(() => panel.getAttribute('data-unit-id'), { timeout: UI_TIMEOUT_MS })
        .toBe(String(unit.id));
      await expect
        .poll(() => panel.getByTestId('household').count(), { timeout: UI_TIMEOUT_MS })
        .toBe(expected.households.length);
      await expect
        .poll(() => page.url(), { timeout: UI_TIMEOUT_MS })
        .toContain(`#/unit/${unit.id}`);
      // The stack stays open beside the unit, which it now shows selected.
      await page.waitForSelector('[data-testid="building-stack"][data-stack-state="ready"]');
      await saveScreenshot(page, 'building-stack-selected-1920x1080');

      // A drag orbits the stack: the view turns, and the release selects nothing else.
      const pointBeforeDrag = await switchAttribute(page, 'pick-point');
      await page.mouse.move(target.x, target.y);
      await page.mouse.down();
      await page.mouse.move(target.x + DRAG_PX, target.y, { steps: 8 });
      await page.mouse.up();
      await expect
        .poll(() => switchAttribute(page, 'pick-point'), { timeout: UI_TIMEOUT_MS })
        .not.toBe(pointBeforeDrag);
      expect(await panel.getAttribute('data-unit-id')).toBe(String(unit.id));
      await closeStack(page);
    },
  );

  it(
    `opens and closes ${OPEN_CLOSE_CYCLES} times without a WebGL context or GPU memory staying behind`,
    { timeout: CYCLES_TIMEOUT_MS },
    async () => {
      const page = wallPage();
      const canvasesBefore = await page.locator('canvas').count();
      const warmUpStartMs = Date.now();
      for (let cycle = 0; cycle < WARM_UP_CYCLES; cycle++) {
        await openStack(page);
        await closeStack(page);
      }
      console.info(
        `building view: warm-up in ${((Date.now() - warmUpStartMs) / 1000).toFixed(0)} s`,
      );
      const heapBeforeBytes = await usedHeapBytes(page);
      const openedBefore = Number(await switchAttribute(page, 'opened'));

      const cyclesStartMs = Date.now();
      for (let cycle = 0; cycle < OPEN_CLOSE_CYCLES; cycle++) {
        await openStack(page);
        expect(await switchAttribute(page, 'live-renderers')).toBe('1');
        await closeStack(page);
        // Destroyed: no renderer, nothing left on the GPU, and (once the browser says so) no context.
        await expect
          .poll(() => releasedState(page), { timeout: UI_TIMEOUT_MS })
          .toEqual({ renderers: '0', geometries: '0', textures: '0', contexts: '0' });
      }
      console.info(
        `building view: ${OPEN_CLOSE_CYCLES} open/close cycles in ${((Date.now() - cyclesStartMs) / 1000).toFixed(0)} s`,
      );

      const heapAfterBytes = await usedHeapBytes(page);
      const heapRatio = heapAfterBytes / heapBeforeBytes;
      console.info(
        `building view: JS heap after ${OPEN_CLOSE_CYCLES} open/close cycles / before = ${heapRatio.toFixed(3)}`,
      );
      // At least one renderer per open; the test build runs React in development, where
      // StrictMode mounts each view twice (create, destroy, create), and both must be released.
      expect(Number(await switchAttribute(page, 'opened')) - openedBefore).toBeGreaterThanOrEqual(
        OPEN_CLOSE_CYCLES,
      );
      expect(await page.locator('canvas').count()).toBe(canvasesBefore);
      expect(consoleMessages.filter((text) => text.includes(TOO_MANY_CONTEXTS))).toEqual([]);
      expect(heapRatio).toBeLessThan(MAX_HEAP_GROWTH_RATIO);
    },
  );
});
