/**
 * Live tracking as the hall sees it: simulated grid workers appear on the wall and
 * move, a click on one opens its card, and its last hour replays at 60×. The feed simulator
 * runs from the global setup; positions are read through the globe's documented hooks
 * (`data-workers-count`, `data-worker-probe` → `data-worker-probe-screen`, `data-replay-*`).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WORKER_STATUSES } from '../src/domain/tracking/fix';
import type { GridNode } from '../src/shared/api';
import type { WorkerSummary } from '../src/shared/tracking';
import {
  GLOBE_SELECTOR,
  UI_TIMEOUT_MS,
  isLocalUrl,
  launchBrowser,
  saveScreenshot,
  logIn,
  openAppPage,
  waitForGlobeReady,
  waitForGlobeSettled,
  type AppPage,
} from './browser';
import { connectTestApi, type TestApi } from './testApi';

/**
 * Each step may wait for a WebGL start-up and flights on a CPU renderer, on a busy machine: the
 * first step took over four minutes on two cores shared with other test runs.
 */
const STEP_TIMEOUT_MS = 480_000;
/** A walking worker seen from the district view moves at least this far on screen, eventually. */
const MIN_SCREEN_MOVE_PX = 0.5;
/** A click lands on a moving dot: a miss is retried at the dot's new place. */
const CLICK_ATTEMPTS = 5;
const CARD_AFTER_CLICK_TIMEOUT_MS = 15_000;
/** At 60× the replay clock must gain at least this much replay time while we watch. */
const MIN_REPLAY_ADVANCE_MS = 60_000;
const REPLAY_SPEED = 60;

const baseUrl = inject('baseUrl');
const password = inject('password');
const simulatedWorkerIds = inject('simulatedWorkerIds');

let browser: Browser;
let api: TestApi;
let wall: AppPage | null = null;
/** The worker the steps follow: simulated, and drawn inside the free part of the view. */
let chosenWorkerId: number | null = null;

interface ScreenPoint {
  x: number;
  y: number;
}

beforeAll(async () => {
  browser = await launchBrowser();
  api = await connectTestApi(baseUrl, password);
});

afterAll(async () => {
  await wall?.context.close();
  await browser?.close();
});

function wallPage(): Page {
  if (!wall) throw new Error('the wall page opens in the first test');
  return wall.page;
}

function chosenWorker(): number {
  if (chosenWorkerId === null) throw new Error('no worker was chosen in the first test');
  return chosenWorkerId;
}

async function globeNumber(page: Page, attribute: string): Promise<number> {
  return Number((await page.locator(GLOBE_SELECTOR).getAttribute(attribute)) ?? Number.NaN);
}

/** The part of the page the panels leave free, from the layout's own inset lengths. */
async function freeView(
  page: Page,
): Promise<{ left: number; top: number; right: number; bottom: number }> {
  return page.locator(GLOBE_SELECTOR).evaluate((element) => {
    const style = getComputedStyle(element);
    const inset = (side: string) =>
      Number.parseFloat(style.getPropertyValue(`--globe-inset-${side}`)) || 0;
    const box = element.getBoundingClientRect();
    return {
      left: box.left + inset('left'),
      top: box.top + inset('top'),
      right: box.right - inset('right'),
      bottom: box.bottom - inset('bottom'),
    };
  });
}

/**
 * Where the globe draws a worker's dot, in page coordinates: the test hook answers the probed
 * worker's screen position after each frame; null when it is not drawn.
 */
async function probeWorker(page: Page, workerId: number): Promise<ScreenPoint | null> {
  const globe = page.locator(GLOBE_SELECTOR);
  await globe.evaluate((element, id) => {
    if (element.getAttribute('data-worker-probe') !== id) {
      element.removeAttribute('data-worker-probe-screen');
      element.setAttribute('data-worker-probe', id);
    }
  }, String(workerId));
  await expect
    .poll(() => globe.getAttribute('data-worker-probe-screen'), { timeout: UI_TIMEOUT_MS })
    .not.toBeNull();
  const text = (await globe.getAttribute('data-worker-probe-screen')) ?? '';
  if (text === '') return null;
  const [xPx = Number.NaN, yPx = Number.NaN] = text.split(',').map(Number);
  const box = await globe.boundingBox();
  if (!box) throw new Error('globe not laid out');
  return { x: box.x + xPx, y: box.y + yPx };
}

/** Margin around a dot that must be free too: it glides a little between probe and click. */
const UNCOVERED_MARGIN_PX = 12;

/**
 * Whether a click at the point lands on the globe itself: the floating panels (incidents, worker
 * card, ticker) lie over the globe without being part of its insets.
 */
async function isUncovered(page: Page, point: ScreenPoint): Promise<boolean> {
  return page.evaluate(
    ({ x, y, margin, selector }) => {
      const globe = document.querySelector(selector);
      if (!globe) return false;
      const offsets = [
        [0, 0],
        [margin, 0],
        [-margin, 0],
        [0, margin],
        [0, -margin],
      ];
      return offsets.every(([dx = 0, dy = 0]) => {
        const hit = document.elementFromPoint(x + dx, y + dy);
        return hit !== null && hit.tagName === 'CANVAS' && globe.contains(hit);
      });
    },
    { x: point.x, y: point.y, margin: UNCOVERED_MARGIN_PX, selector: GLOBE_SELECTOR },
  );
}

function replayPositionOf(positions: string, workerId: number): string | null {
  return positions.split(';').find((entry) => entry.startsWith(`${workerId}:`)) ?? null;
}

describe('live tracking in the browser', { timeout: STEP_TIMEOUT_MS }, () => {
  it('shows the simulated workers on the wall, and they move', async () => {
    expect(simulatedWorkerIds.length).toBeGreaterThan(0);
    wall = await openAppPage(browser);
    const { page, requestedUrls } = wall;
    await page.goto(`${baseUrl}/`);
    await logIn(page, password);
    await waitForGlobeReady(page);
    await page.waitForSelector(`${GLOBE_SELECTOR}[data-camera-view="district"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    await waitForGlobeSettled(page);

    await expect
      .poll(() => globeNumber(page, 'data-workers-count'), { timeout: UI_TIMEOUT_MS })
      .toBeGreaterThanOrEqual(simulatedWorkerIds.length);
    await expect
      .poll(() => globeNumber(page, 'data-workers-moving'), { timeout: UI_TIMEOUT_MS })
      .toBeGreaterThan(0);

    // A simulated worker drawn where no panel covers it.
    const free = await freeView(page);
    let start: ScreenPoint | null = null;
    for (const workerId of simulatedWorkerIds) {
      const point = await probeWorker(page, workerId);
      if (
        point &&
        point.x > free.left &&
        point.x < free.right &&
        point.y > free.top &&
        point.y < free.bottom &&
        (await isUncovered(page, point))
      ) {
        chosenWorkerId = workerId;
        start = point;
        break;
      }
    }
    expect(start, 'a simulated worker drawn in the free part of the view').not.toBeNull();
    const workerId = chosenWorker();
    await expect
      .poll(
        async () => {
          const now = await probeWorker(page, workerId);
          return now && start ? Math.hypot(now.x - start.x, now.y - start.y) : 0;
        },
        { timeout: UI_TIMEOUT_MS },
      )
      .toBeGreaterThan(MIN_SCREEN_MOVE_PX);

    await saveScreenshot(page, 'workers-live-1920x1080');
    expect(requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  });

  it('opens the card of a worker clicked on the wall', async () => {
    const page = wallPage();
    const card = page.getByTestId('worker-card');
    let opened = false;
    let workerId = chosenWorker();
    for (let attempt = 0; attempt < CLICK_ATTEMPTS && !opened; attempt++) {
      // Workers walk under floating panels and out again: click one that is in the open now,
      // the chosen one first.
      let point: ScreenPoint | null = null;
      for (const candidate of [workerId, ...simulatedWorkerIds.filter((id) => id !== workerId)]) {
        const probed = await probeWorker(page, candidate);
        if (probed && (await isUncovered(page, probed))) {
          workerId = candidate;
          point = probed;
          break;
        }
      }
      if (point === null) continue;
      chosenWorkerId = workerId;
      await page.mouse.click(point.x, point.y);
      opened = await expect
        .poll(() => card.getAttribute('data-worker-id'), {
          timeout: CARD_AFTER_CLICK_TIMEOUT_MS,
        })
        .toBe(String(workerId))
        .then(
          () => true,
          () => false,
        );
    }
    expect(opened, `card of worker ${workerId} opened by a click on its dot`).toBe(true);

    const workers = await api.get<WorkerSummary[]>('/workers');
    const expected = workers.find((worker) => worker.workerId === workerId);
    if (!expected) throw new Error(`worker ${workerId} not in /api/workers`);
    const grids = await api.get<GridNode[]>('/grids');
    await expect
      .poll(() => page.getByTestId('worker-card-name').textContent(), { timeout: UI_TIMEOUT_MS })
      .toBe(expected.displayName);
    const gridNames = expected.gridCodes.map(
      (code) => grids.find((grid) => grid.code === code)?.name ?? code,
    );
    const cardText = (await card.textContent()) ?? '';
    for (const name of gridNames) expect(cardText).toContain(name);
    expect(WORKER_STATUSES).toContain(await card.getAttribute('data-status'));
    // Today's figures come from the server: a number of metres or km, a percentage.
    await expect
      .poll(() => page.getByTestId('worker-card-distance').textContent(), {
        timeout: UI_TIMEOUT_MS,
      })
      .toMatch(/\d/);
    await expect
      .poll(() => page.getByTestId('worker-card-coverage').textContent(), {
        timeout: UI_TIMEOUT_MS,
      })
      .toMatch(/\d+(\.\d+)?\s*%/);
    await saveScreenshot(page, 'worker-card-1920x1080');
  });

  it('replays the worker’s last hour at 60×: the replay time advances and the point moves', async () => {
    const page = wallPage();
    const workerId = chosenWorker();
    const globe = page.locator(GLOBE_SELECTOR);
    await page.getByTestId('worker-replay').click({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('replay-panel').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(
      await page
        .locator('[data-testid="replay-preset"][data-value="lastHour"]')
        .getAttribute('aria-checked'),
    ).toBe('true');
    await page
      .locator(`[data-testid="replay-track"][data-worker-id="${workerId}"]`)
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page
      .locator(`[data-testid="replay-speed"][data-value="${REPLAY_SPEED}"]`)
      .click({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('replay-play').click({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() => page.getByTestId('replay-play').getAttribute('data-playing'), {
        timeout: UI_TIMEOUT_MS,
      })
      .toBe('true');
    expect(await page.getByTestId('replay-banner').textContent()).toContain(`×${REPLAY_SPEED}`);

    const readTimeMs = async () =>
      Number(await page.getByTestId('replay-current').getAttribute('data-time-ms'));
    const startMs = await readTimeMs();
    await expect
      .poll(readTimeMs, { timeout: UI_TIMEOUT_MS })
      .toBeGreaterThan(startMs + MIN_REPLAY_ADVANCE_MS);

    const readPosition = async () =>
      replayPositionOf((await globe.getAttribute('data-replay-positions')) ?? '', workerId);
    await expect.poll(readPosition, { timeout: UI_TIMEOUT_MS }).not.toBeNull();
    const firstPosition = await readPosition();
    await expect.poll(readPosition, { timeout: UI_TIMEOUT_MS }).not.toBe(firstPosition);
    expect(await globeNumber(page, 'data-replay-time')).toBeGreaterThan(startMs);
    await saveScreenshot(page, 'replay-1920x1080');
    expect(wall?.requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  });
});
