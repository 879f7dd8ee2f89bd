/**
 * The hotline desk in Chromium (decision 0026): the demo operator signs in, lands on 热线受理,
 * types the caller's number (it shows masked at once), finds an address of the register, sees
 * the earlier open case of the category there as a possible duplicate, and takes the call; the
 * call is a hotline incident in the loop (the dispatcher's API sees it, the caller's number
 * masked). Closed by the dispatcher, it comes up in the operator's call-back list with the
 * closing note, and the rating given there reaches the incident.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AddressMatch } from '../src/shared/hotline';
import type { IncidentDetail } from '../src/shared/incidents';
import {
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  type AppPage,
} from './browser';
import { connectAs, type UserApi } from './dispatcherApi';

const STEP_TIMEOUT_MS = 120_000;
const CALLER = '13912340000';

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let app: AppPage;
let admin: UserApi;
let operator: UserApi;
let takenId = '';

beforeAll(async () => {
  admin = await connectAs(baseUrl, password, 'admin');
  operator = await connectAs(baseUrl, password, 'hotline01');
  browser = await launchBrowser();
  app = await openAppPage(browser);
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
});

describe('the hotline desk', () => {
  it(
    'takes a call with the number masked, the address from the register and its duplicate shown',
    async () => {
      // Any address of the register in the operator's scope, and an open case of the same
      // category there, taken before: the new call must see it as a possible duplicate.
      const { items } = await operator.call<{ items: AddressMatch[] }>(
        'GET',
        `/hotline/addresses?q=${encodeURIComponent('号')}`,
      );
      const address = items[0];
      if (address === undefined) throw new Error('the e2e register has no address with 号');
      const earlier = await operator.call<{ incidentId: string }>('POST', '/hotline/calls', {
        callerPhone: '13700000001',
        categoryCode: 'street_order',
        description: '早先来电：占道经营',
        lon: address.lon,
        lat: address.lat,
      });

      const { page } = app;
      await page.goto(baseUrl);
      await logIn(page, password, 'hotline01');
      const form = page.getByTestId('hotline-call');
      await form.waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId('hotline-phone').fill(CALLER);
      await page.getByTestId('hotline-phone').blur();
      expect(await page.getByTestId('hotline-phone-masked').textContent()).toMatch(/0000$/);
      expect(await page.locator('body').textContent()).not.toContain(CALLER);
      await page.getByTestId('hotline-category').selectOption('street_order');
      await page.getByTestId('hotline-description').fill('路口夜市占道，车辆无法通行');
      await page.getByTestId('hotline-address-query').fill(address.address);
      await page.getByTestId('hotline-address-search').click();
      await page.getByTestId('hotline-address-match').first().click();
      const duplicate = page
        .getByTestId('hotline-duplicate')
        .filter({ hasText: earlier.incidentId });
      await duplicate.waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, 'hotline-desk-call');
      await page.getByTestId('hotline-submit').click();
      const taken = page.getByTestId('hotline-taken');
      await taken.waitFor({ timeout: UI_TIMEOUT_MS });
      takenId = /INC\d+/.exec((await taken.textContent()) ?? '')?.[0] ?? '';
      expect(takenId).not.toBe('');

      // In the loop: a hotline case, told in the caller's words, the number masked.
      const detail = await admin.call<IncidentDetail>('GET', `/incidents/${takenId}`);
      expect(detail.source).toBe('hotline');
      expect(detail.state).toBe('reported');
      expect(detail.description).toContain('夜市占道');
      expect(detail.reporterContact?.phoneMasked).toMatch(/0000$/);
      expect(JSON.stringify(detail)).not.toContain(CALLER);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lists the closed call for a call-back with its closing note and records the rating',
    async () => {
      await admin.call('POST', `/incidents/${takenId}/transitions`, {
        command: { action: 'reject', note: '已转交城管执法队统一整治' },
      });
      const { page } = app;
      await page.getByTestId('hotline-callbacks-refresh').click();
      const item = page.locator(`[data-testid="hotline-callback"][data-incident-id="${takenId}"]`);
      await item.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await item.getByTestId('hotline-callback-note').textContent()).toContain('城管执法队');
      await item.getByTestId('hotline-callback-dial').click();
      expect(await item.getByTestId('hotline-callback-number').textContent()).toBe(CALLER);
      await item.getByTestId('hotline-rating-satisfied').click();
      await saveScreenshot(page, 'hotline-desk-callback');
      await item.getByTestId('hotline-callback-done').click();
      await item.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      const detail = await admin.call<IncidentDetail>('GET', `/incidents/${takenId}`);
      expect(detail.reporterRating).toMatchObject({ rating: 'satisfied', channel: 'hotline' });
    },
    STEP_TIMEOUT_MS,
  );
});
