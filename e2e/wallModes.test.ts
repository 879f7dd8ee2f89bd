/**
 * The public wall modes in the browser: the leader wall (`#/mode/wall`) and the guided tour
 * (`#/mode/tour`, played at `?tourSpeed=` so it runs in seconds). Both are signed in as the
 * administrator, the role that could see the most: the page must still never ask for a person
 * (checked on every request the page made) nor show one (checked against the names the API
 * gives the same administrator at the desk).
 */
import type { Browser, Page } from 'playwright-core';
import demoTour from '../tours/demo.json';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BuildingDetail } from '../src/shared/api';
import type { AreaScoreResponse } from '../src/shared/assessment';
import type { CreateIncidentResponse } from '../src/shared/incidents';
import type { WorkerSummary } from '../src/shared/tracking';
import {
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  waitForGlobeReady,
  type AppPage,
} from './browser';
import { connectAs, placeInScope } from './dispatcherApi';
import { allBuildings, connectTestApi, tallestInhabitedBuilding, type TestApi } from './testApi';

const STEP_TIMEOUT_MS = 480_000;
/** The demo tour lasts 110 s; at 10× each step still gets most of a second on a busy CPU. */
const TOUR_SPEED = 10;
const DEMO_TOUR_STEPS = demoTour.steps.map((step) => step.id);

/** Paths that name a person or their whereabouts (the server's PERSON_LEVEL_ROUTES). */
const PERSON_LEVEL_PATH =
  /\/api\/(units\/\d|persons\/|search|workers|tracks|users|audit|rentals|exports|photos\/|incidents\/(?!heat)[^/?]+)/;

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let api: TestApi;
let building: BuildingDetail;
/** Names the administrator's desk would show: residents of the building and grid workers. */
let personNames: string[] = [];

function personRequests(app: AppPage): string[] {
  return app.requestedUrls.filter((url) => PERSON_LEVEL_PATH.test(new URL(url).pathname));
}

async function expectNoPersonShown(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  const shown = personNames.filter((name) => text.includes(name));
  expect(shown, 'person names on a public screen').toEqual([]);
}

/** A fresh page (its own cookies) for one test, closed whatever happens. */
async function onAppPage(run: (app: AppPage) => Promise<void>): Promise<void> {
  const app = await openAppPage(browser);
  try {
    await run(app);
  } finally {
    await app.context.close();
  }
}

/** One incident carried round the whole loop, for the tour's replay step. */
async function closeOneIncident(): Promise<void> {
  const admin = await connectAs(baseUrl, password, 'admin');
  const handler = await connectAs(baseUrl, password, 'handler01');
  const place = await placeInScope(admin);
  const created = await admin.call<CreateIncidentResponse>('POST', '/incidents', {
    categoryCode: 'city_appearance',
    lon: place.lon,
    lat: place.lat,
    description: 'e2e tour: litter by the gate',
  });
  const id = created.incident.id;
  const step = (user: typeof admin, command: Record<string, unknown>) =>
    user.call('POST', `/incidents/${id}/transitions`, { command });
  await step(admin, { action: 'register' });
  await step(admin, {
    action: 'dispatch',
    assigneeUsername: 'handler01',
    department: 'urban_management',
  });
  await step(handler, { action: 'accept' });
  await step(handler, { action: 'feed_back', note: 'litter removed' });
  await step(admin, { action: 'verify' });
}

beforeAll(async () => {
  browser = await launchBrowser();
  api = await connectTestApi(baseUrl, password);
  building = tallestInhabitedBuilding(await allBuildings(api));
  const units = building.units.filter((unit) => unit.householdCount > 0);
  for (const unit of units) {
    const detail = await api.get<{ households: { members: { name: string }[] }[] }>(
      `/units/${unit.id}`,
    );
    for (const household of detail.households) {
      for (const member of household.members) personNames.push(member.name);
    }
  }
  const workers = await api.get<WorkerSummary[]>('/workers');
  personNames.push(...workers.map((worker) => worker.displayName), 'Administrator');
  personNames = [...new Set(personNames)].filter((name) => name.length >= 2);
  await closeOneIncident();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
});

describe('leader wall mode', () => {
  it(
    'shows the globe and the cockpit, asks for no person and shows none, and survives reload',
    () =>
      onAppPage(async (wall) => {
        const { page } = wall;
        await page.goto(`${baseUrl}/#/mode/wall`);
        await logIn(page, password, 'admin');
        await waitForGlobeReady(page);
        const root = page.locator('.command-center');
        await expect.poll(() => root.getAttribute('data-wall-mode')).toBe('wall');
        await page.getByTestId('aggregates-only').waitFor({ timeout: UI_TIMEOUT_MS });
        await page.locator('[data-wall-panel="statistics"]').waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await page.locator('[data-wall-panel="incidents"]').count()).toBe(0);
        expect(await page.getByTestId('search-input').count()).toBe(0);

        // A building's figures, but no unit: a unit link is refused on the screen.
        await page.evaluate((id) => {
          window.location.hash = `#/mode/wall/building/${id}`;
        }, building.id);
        await page
          .locator(`[data-testid="building-panel"][data-building-id="${building.id}"]`)
          .waitFor({ timeout: UI_TIMEOUT_MS });
        const unitId = building.units.find((unit) => unit.householdCount > 0)?.id ?? 0;
        await page.evaluate((id) => {
          window.location.hash = `#/mode/wall/unit/${id}`;
        }, unitId);
        await page
          .getByText('大屏和导览模式不显示住户：链接中的房屋单元未打开')
          .waitFor({ timeout: UI_TIMEOUT_MS });
        await expectNoPersonShown(page);

        // Down to the building's base grid: its score for last month, as the server gives it.
        const gridCode = building.gridCode;
        await page.evaluate((code) => {
          window.location.hash = `#/mode/wall/grid/${code}`;
        }, gridCode);
        const score = page.locator(`[data-testid="area-score"][data-grid-code="${gridCode}"]`);
        await score.waitFor({ timeout: UI_TIMEOUT_MS });
        const expected = await api.get<AreaScoreResponse>(
          `/assessment/area-score?gridCode=${gridCode}`,
        );
        expect(expected.area?.level).toBe('grid');
        expect(await score.getAttribute('data-score')).toBe(String(expected.area?.score ?? ''));
        expect(await page.getByTestId('area-score-rank').innerText()).toContain(
          expected.area?.rank === null ? '—' : `${expected.area?.rank}/${expected.area?.siblings}`,
        );
        await saveScreenshot(page, 'wall-mode-grid-score-1080');
        await expectNoPersonShown(page);

        await page.reload();
        await waitForGlobeReady(page);
        await expect.poll(() => root.getAttribute('data-wall-mode')).toBe('wall');
        expect(page.url()).toContain('#/mode/wall');
        await saveScreenshot(page, 'wall-mode-1080');
        await expectNoPersonShown(page);
        expect(personRequests(wall)).toEqual([]);
      }),
    STEP_TIMEOUT_MS,
  );
});

describe('guided tour', () => {
  it(
    'plays the demo tour end to end, hands over to a presenter and back, without a person',
    () =>
      onAppPage(async (tour) => {
        const { page } = tour;
        await page.goto(`${baseUrl}/?tourSpeed=${TOUR_SPEED}#/mode/tour`);
        await logIn(page, password, 'admin');
        await waitForGlobeReady(page);
        const panel = page.getByTestId('tour-panel');
        await panel.waitFor({ timeout: UI_TIMEOUT_MS });

        // Auto-play: the step changes by itself.
        const firstStep = await panel.getAttribute('data-step-index');
        await expect
          .poll(() => panel.getAttribute('data-step-index'), { timeout: UI_TIMEOUT_MS })
          .not.toBe(firstStep);

        // A press on the globe takes over; resume plays on.
        await page.mouse.click(960, 500);
        await expect.poll(() => panel.getAttribute('data-status')).toBe('presenter');
        await page.getByTestId('tour-presenter').waitFor();
        await page.getByTestId('tour-play').click();
        await expect.poll(() => panel.getAttribute('data-status')).toBe('playing');

        // Every step by hand, each shown (not failed) before the next: on a CPU-rendered page a
        // timed step can end before its target resolves, which says nothing about the tour.
        await page.getByTestId('tour-play').click();
        await expect.poll(() => panel.getAttribute('data-status')).toBe('paused');
        while ((await panel.getAttribute('data-step-index')) !== '0') {
          await page.getByTestId('tour-next').click();
        }
        for (const [index, stepId] of DEMO_TOUR_STEPS.entries()) {
          if (index > 0) await page.getByTestId('tour-next').click();
          await expect.poll(() => panel.getAttribute('data-step-id')).toBe(stepId);
          await expect
            .poll(() => panel.getAttribute('data-resolution'), { timeout: UI_TIMEOUT_MS })
            .not.toBe('resolving');
          const error = page.getByTestId('tour-step-error');
          const why = (await error.count()) > 0 ? await error.innerText() : '';
          expect(await panel.getAttribute('data-resolution'), `${stepId} ${why}`).toBe('shown');
          if (stepId === 'incident-loop') await page.getByTestId('tour-incident').waitFor();
          await expectNoPersonShown(page);
        }

        // The last step plays out by itself and, without the loop, the tour ends there.
        await page.getByTestId('tour-loop').click();
        await page.getByTestId('tour-play').click();
        await expect
          .poll(() => panel.getAttribute('data-status'), { timeout: STEP_TIMEOUT_MS })
          .toBe('ended');
        expect(await panel.getAttribute('data-step-id')).toBe('cockpit');
        await saveScreenshot(page, 'tour-mode-1080');
        await expectNoPersonShown(page);
        expect(personRequests(tour)).toEqual([]);
      }),
    STEP_TIMEOUT_MS,
  );
});
