/**
 * A real phone on the hall's network: it reaches the command center by a LAN name, not
 * localhost, so only HTTPS gives it a secure context (geolocation, camera, service worker). The
 * global server's HTTPS listener is certified for PHONE_HALL_HOST; Chromium maps that name to
 * 127.0.0.1 and trusts the certificate by its key, as a phone trusts the installed local CA.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DeviceTokenInfo } from '../src/shared/tracking';
import { PHONE_HALL_HOST, UI_TIMEOUT_MS, launchBrowser, newPhoneContext } from './browser';
import { connectAs, placeInScope } from './dispatcherApi';

const WORKER_ACCOUNT = 'worker01';
const baseUrl = inject('baseUrl');
const password = inject('password');
const phoneUrl = `https://${PHONE_HALL_HOST}:${inject('securePort')}/m/`;

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const place = await placeInScope(await connectAs(baseUrl, password, WORKER_ACCOUNT));
  browser = await launchBrowser([
    `--host-resolver-rules=MAP ${PHONE_HALL_HOST} 127.0.0.1`,
    `--ignore-certificate-errors-spki-list=${inject('secureSpki')}`,
  ]);
  context = await newPhoneContext(browser, place, 8);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the phone app over HTTPS on the hall network', () => {
  it('is a secure page that installs, signs in, links up and locates the worker', async () => {
    await page.goto(phoneUrl);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.waitForFunction(
      async () => (await navigator.serviceWorker.getRegistrations()).length > 0,
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );
    await page.getByTestId('phone-username').fill(WORKER_ACCOUNT);
    await page.getByTestId('phone-password').fill(password);
    await page.getByTestId('phone-login').tap();
    // Online means the /device socket came up through the HTTPS listener.
    await page.locator('[data-link="online"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('phone-gps-toggle').tap();
    await page.locator('[data-gps="on"]').waitFor({ timeout: UI_TIMEOUT_MS });

    const admin = await connectAs(baseUrl, password, 'admin');
    const devices = await admin.call<DeviceTokenInfo[]>('GET', '/devices');
    const paired = devices.filter((device) => device.createdBy === WORKER_ACCOUNT);
    expect(paired.length).toBeGreaterThan(0);
  });
});
