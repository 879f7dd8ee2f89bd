/**
 * Incidents on the wall in the browser: a dispatcher's wall shows an incident
 * created through the API within 2 seconds of the POST's answer, its drawer shows the timeline,
 * a refused command shows the state machine's words with the form kept, and — when a simulated
 * worker has a position — the dispatch flow sends the nearest worker.
 *
 * "On the wall" is a list of checks (WALL_APPEARANCE_CHECKS), each polled against the same
 * 2-second budget: add one (the heatmap, say) without touching the test body.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  CreateIncidentRequest,
  CreateIncidentResponse,
  IncidentDetail,
} from '../src/shared/incidents';
import {
  GLOBE_SELECTOR,
  UI_TIMEOUT_MS,
  launchBrowser,
  saveScreenshot,
  logIn,
  openAppPage,
  waitForGlobeReady,
  type AppPage,
} from './browser';
import { connectAs, placeInScope, type UserApi } from './dispatcherApi';

/** A dispatcher steers from the wall: a new incident must be on it within this long of the POST's answer. */
const ON_WALL_WITHIN_MS = 2000;
/** How often the appearance checks look; small against the budget. */
const APPEARANCE_POLL_MS = 25;
/** Each step may wait for a WebGL start-up on a CPU renderer, on a busy machine. */
const STEP_TIMEOUT_MS = 300_000;
const DISPATCHER = 'dispatcher';

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let wall: AppPage | null = null;
let dispatcher: UserApi;
let createdId: string | null = null;

function wallPage(): Page {
  if (!wall) throw new Error('the wall page opens in the first test');
  return wall.page;
}

function created(): string {
  if (createdId === null) throw new Error('no incident was created in the first test');
  return createdId;
}

async function incidentsOnGlobe(page: Page): Promise<number> {
  const text = await page.locator(GLOBE_SELECTOR).getAttribute('data-incidents-count');
  return Number(text ?? Number.NaN);
}

interface WallState {
  incidentsOnGlobe: number;
}

/** One place a new incident must show up; `before` is read just before the POST. */
interface WallAppearanceCheck {
  name: string;
  appeared(page: Page, incidentId: string, before: WallState): Promise<boolean>;
}

const WALL_APPEARANCE_CHECKS: WallAppearanceCheck[] = [
  {
    name: 'a marker on the globe',
    appeared: async (page, _incidentId, before) =>
      (await incidentsOnGlobe(page)) >= before.incidentsOnGlobe + 1,
  },
  {
    name: 'a row in the incident list',
    appeared: async (page, incidentId) =>
      (await page
        .locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`)
        .count()) === 1,
  },
];

/** Polls every check until all passed; returns when each first passed (ms after `startMs`). */
async function waitForAppearance(
  page: Page,
  incidentId: string,
  before: WallState,
  startMs: number,
): Promise<Record<string, number | null>> {
  const seenAfterMs: Record<string, number | null> = Object.fromEntries(
    WALL_APPEARANCE_CHECKS.map((check) => [check.name, null]),
  );
  // Poll a little past the budget so a late arrival is reported with its time, not as "never".
  while (performance.now() - startMs < 2 * ON_WALL_WITHIN_MS) {
    for (const check of WALL_APPEARANCE_CHECKS) {
      if (seenAfterMs[check.name] !== null) continue;
      if (await check.appeared(page, incidentId, before)) {
        seenAfterMs[check.name] = performance.now() - startMs;
      }
    }
    if (Object.values(seenAfterMs).every((value) => value !== null)) break;
    await new Promise((resolve) => setTimeout(resolve, APPEARANCE_POLL_MS));
  }
  return seenAfterMs;
}

beforeAll(async () => {
  browser = await launchBrowser();
  dispatcher = await connectAs(baseUrl, password, DISPATCHER);
});

afterAll(async () => {
  await wall?.context.close();
  await browser?.close();
});

describe('incidents on the wall', { timeout: STEP_TIMEOUT_MS }, () => {
  it('shows a new incident on the wall within 2 seconds of the POST', async () => {
    wall = await openAppPage(browser);
    const { page } = wall;
    await page.goto(`${baseUrl}/`);
    await logIn(page, password, DISPATCHER);
    await waitForGlobeReady(page);
    await page.waitForSelector('[data-testid="incidents-panel"][data-feed="live"]', {
      timeout: UI_TIMEOUT_MS,
    });

    const place = await placeInScope(dispatcher);
    const before: WallState = { incidentsOnGlobe: await incidentsOnGlobe(page) };
    const request: CreateIncidentRequest = {
      categoryCode: 'city_appearance',
      lon: place.lon,
      lat: place.lat,
      description: `e2e: bins overflowing ${Date.now()}`,
      priority: 'high',
    };
    const answer = await dispatcher.call<CreateIncidentResponse>('POST', '/incidents', request);
    const answeredAtMs = performance.now();
    createdId = answer.incident.id;
    expect(answer.incident.gridCode).toBe(place.gridCode);

    const seenAfterMs = await waitForAppearance(page, createdId, before, answeredAtMs);
    console.info('[incidents] on the wall after (ms):', JSON.stringify(seenAfterMs));
    for (const check of WALL_APPEARANCE_CHECKS) {
      const afterMs = seenAfterMs[check.name];
      expect(afterMs, `${check.name} never appeared`).not.toBeNull();
      expect(afterMs ?? Number.POSITIVE_INFINITY, check.name).toBeLessThanOrEqual(
        ON_WALL_WITHIN_MS,
      );
    }
  });

  it("opens the drawer with the timeline; a refused command shows the state machine's words", async () => {
    const page = wallPage();
    const incidentId = created();
    await page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`).click();
    const drawer = page.locator(
      `[data-testid="incident-drawer"][data-incident-id="${incidentId}"]`,
    );
    await drawer.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() => page.locator(GLOBE_SELECTOR).getAttribute('data-selected-incident'))
      .toBe(incidentId);
    const report = drawer.locator('[data-testid="incident-timeline-entry"][data-action="report"]');
    await report.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await report.textContent()).toContain(DISPATCHER);

    // Rejecting needs a reason: the server refuses, the wall says why in Chinese, the form stays.
    await drawer.getByTestId('incident-action-reject').click();
    await drawer.getByTestId('incident-action-submit').click();
    const error = drawer.getByTestId('incident-action-error');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await expect.poll(() => drawer.getByTestId('incident-action-note').count()).toBe(1);
    expect(await drawer.getAttribute('data-state')).toBe('reported');

    await drawer.getByTestId('incident-action-register').click();
    await drawer.getByTestId('incident-action-note').fill('e2e: registered from the wall');
    await drawer.getByTestId('incident-action-submit').click();
    await page
      .locator(
        `[data-testid="incident-drawer"][data-incident-id="${incidentId}"][data-state="registered"]`,
      )
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() =>
        drawer.locator('[data-testid="incident-timeline-entry"][data-action="register"]').count(),
      )
      .toBe(1);
    await saveScreenshot(page, 'incidents-drawer-1080');
  });

  it('dispatches the nearest worker when a simulated worker has a position', async (context) => {
    const page = wallPage();
    const incidentId = created();
    const drawer = page.locator(
      `[data-testid="incident-drawer"][data-incident-id="${incidentId}"]`,
    );
    await drawer.getByTestId('incident-action-dispatch').click();
    const panel = drawer.getByTestId('dispatch-panel');
    await panel.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(
        async () =>
          (await panel.getByTestId('dispatch-suggestion').count()) > 0 ||
          (await panel.locator('.empty-hint').count()) > 0,
        { timeout: UI_TIMEOUT_MS },
      )
      .toBe(true);
    const suggestions = panel.getByTestId('dispatch-suggestion');
    if ((await suggestions.count()) === 0) {
      context.skip('no grid worker with a position near the incident: the dispatch step needs one');
      return;
    }
    const workerId = await suggestions.first().getAttribute('data-worker-id');
    expect(await suggestions.first().textContent()).toMatch(/\d/);
    await panel.getByTestId('dispatch-confirm').click();
    await page
      .locator(
        `[data-testid="incident-drawer"][data-incident-id="${incidentId}"][data-state="dispatched"]`,
      )
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await expect
      .poll(() =>
        drawer.locator('[data-testid="incident-timeline-entry"][data-action="dispatch"]').count(),
      )
      .toBe(1);
    const detail = await dispatcher.call<IncidentDetail>('GET', `/incidents/${incidentId}`);
    expect(detail.assigneeUsername).toBe(`worker:${workerId}`);
    await saveScreenshot(page, 'incidents-dispatched-1080');
  });
});
