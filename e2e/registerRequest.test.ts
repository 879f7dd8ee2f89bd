/**
 * Door-to-door collection end to end: on a phone (390×844, touch) the demo worker picks a
 * household of their grid and files a new phone as a change request; on the wall the dispatcher
 * (register.review) opens that unit, sees the pending change, approves it, and the unit panel
 * shows the new phone (masked).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RegisterRequestList } from '../src/shared/registerRequests';
import {
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  newPhoneContext,
  openAppPage,
  saveScreenshot,
  waitForGlobeSettled,
} from './browser';
import { connectAs, placeInScope, type UserApi } from './dispatcherApi';

const STEP_TIMEOUT_MS = 420_000;
const WORKER_ACCOUNT = 'worker01';
const NEW_PHONE = '13912346789';
const NEW_PHONE_MASKED = '*******6789';

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let phoneContext: BrowserContext;
let phone: Page;
let dispatcher: UserApi;

beforeAll(async () => {
  dispatcher = await connectAs(baseUrl, password, 'dispatcher');
  const place = await placeInScope(await connectAs(baseUrl, password, WORKER_ACCOUNT));
  browser = await launchBrowser();
  phoneContext = await newPhoneContext(browser, place, 8);
  phone = await phoneContext.newPage();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await phoneContext?.close();
  await browser?.close();
});

/** Chooses units in turn until one has a household with people; its id. */
async function pickInhabitedUnit(): Promise<number> {
  const unitSelect = phone.getByTestId('collect-unit');
  await phone.locator('[data-testid="collect-unit"] option:not([disabled])').first().waitFor({
    state: 'attached',
    timeout: UI_TIMEOUT_MS,
  });
  const values = await phone
    .locator('[data-testid="collect-unit"] option:not([disabled])')
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  for (const value of values) {
    await unitSelect.selectOption(value);
    await phone
      .getByTestId('collect-household')
      .waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await phone.getByTestId('collect-kind').selectOption('phone');
    const people = await phone.locator('[data-testid="collect-person"] option').count();
    if (people > 0) return Number(value);
  }
  throw new Error('no inhabited unit in the first building');
}

describe('a change request from the phone', () => {
  it(
    'is approved on the wall and appears in the unit panel',
    async () => {
      await phone.goto(`${baseUrl}/m/`);
      await phone.getByTestId('phone-username').fill(WORKER_ACCOUNT);
      await phone.getByTestId('phone-password').fill(password);
      await phone.getByTestId('phone-login').tap();
      await phone.locator('[data-link="online"]').waitFor({ timeout: UI_TIMEOUT_MS });

      await phone.getByTestId('phone-collect-open').tap();
      await phone
        .locator('[data-testid="collect-building"] option:not([disabled])')
        .first()
        .waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
      const building = await phone
        .locator('[data-testid="collect-building"] option:not([disabled])')
        .first()
        .getAttribute('value');
      await phone.getByTestId('collect-building').selectOption(building!);
      const unitId = await pickInhabitedUnit();
      await phone.getByTestId('collect-phone').fill(NEW_PHONE);
      await saveScreenshot(phone, 'phone-collect');
      await phone.getByTestId('collect-send').tap();

      const deadline = Date.now() + UI_TIMEOUT_MS;
      let requestId: number | undefined;
      while (requestId === undefined && Date.now() < deadline) {
        const list = await dispatcher.call<RegisterRequestList>(
          'GET',
          `/register-requests?unitId=${unitId}`,
        );
        requestId = list.items.find((item) => item.change.phoneMasked === NEW_PHONE_MASKED)?.id;
        if (requestId === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(requestId).toBeDefined();

      const wall = await openAppPage(browser);
      try {
        await wall.page.goto(`${baseUrl}/#/unit/${unitId}`);
        await logIn(wall.page, password, 'dispatcher');
        const card = wall.page.locator(
          `[data-testid="request-card"][data-request-id="${requestId}"]`,
        );
        await card.waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await card.textContent()).toContain(NEW_PHONE_MASKED);
        expect(await wall.page.getByTestId('unit-panel').textContent()).not.toContain(NEW_PHONE);
        // The unit's flight moves the docked panels; click once the view has settled.
        await waitForGlobeSettled(wall.page);
        const approve = card.getByTestId('request-approve');
        await approve.scrollIntoViewIfNeeded();
        await saveScreenshot(wall.page, 'wall-request-pending');
        await approve.click();
        await wall.page
          .locator('[data-testid="resident-phone"]', { hasText: NEW_PHONE_MASKED })
          .waitFor({ timeout: UI_TIMEOUT_MS });
        await card.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
        await saveScreenshot(wall.page, 'wall-request-approved');
      } finally {
        await wall.context.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
