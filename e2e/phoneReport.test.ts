/**
 * A grid worker's new report from the phone (390×844, touch, geolocation): online, open incidents
 * of the category nearby are shown before sending and the worker can cancel; offline, a report
 * with a camera photo at a point tapped on the map (the base map kept on the phone) waits in the
 * outbox, arrives exactly once after reconnecting at the tapped point, and the API the wall's
 * drawer reads shows its photo on the report step.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IncidentDetail, IncidentListResponse } from '../src/shared/incidents';
import { UI_TIMEOUT_MS, launchBrowser, newPhoneContext, saveScreenshot } from './browser';
import { connectAs, placeInScope, type UserApi } from './dispatcherApi';
import { screenshotStats } from './screenshotStats';

const STEP_TIMEOUT_MS = 180_000;
const WORKER_ACCOUNT = 'worker01';
/** Where the map is tapped, from the centre of the map (the worker's position), in CSS pixels. */
const TAP_OFFSET_PX = { x: 40, y: -30 };
/**
 * Share of the map's pixels that are bright (roads; the report's marker alone is under 0.1%):
 * more than this and the base map was drawn.
 */
const ROADS_SHARE_MIN = 0.003;

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let dispatcher: UserApi;
let place: { lon: number; lat: number; gridCode: string };

/** A JPEG as a phone camera makes one (drawn and encoded by the browser). */
async function cameraPhoto(on: Page): Promise<Buffer> {
  const base64 = await on.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#6b4a3a';
    context.fillRect(0, 0, 1600, 1200);
    const blob = await new Promise<Blob>((resolve) =>
      canvas.toBlob((made) => resolve(made!), 'image/jpeg', 0.9),
    );
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
  });
  return Buffer.from(base64, 'base64');
}

/** A session of the dispatcher's for reading the photo as the drawer does (by its URL). */
async function dispatcherToken(): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dispatcher', password }),
  });
  return ((await answer.json()) as { token: string }).token;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openReportSheet(): Promise<void> {
  await page.getByTestId('phone-report-open').tap();
  await page.locator('[data-testid="phone-report-map"][data-map-ready="true"]').waitFor({
    timeout: UI_TIMEOUT_MS,
  });
  await page.locator('[data-testid="phone-report-map"] canvas.maplibregl-canvas').waitFor({
    timeout: UI_TIMEOUT_MS,
  });
}

beforeAll(async () => {
  dispatcher = await connectAs(baseUrl, password, 'dispatcher');
  place = await placeInScope(await connectAs(baseUrl, password, WORKER_ACCOUNT));
  browser = await launchBrowser();
  context = await newPhoneContext(browser, place, 8);
  page = await context.newPage();
  await page.goto(`${baseUrl}/m/`);
  await page.getByTestId('phone-username').fill(WORKER_ACCOUNT);
  await page.getByTestId('phone-password').fill(password);
  await page.getByTestId('phone-login').tap();
  await page.locator('[data-link="online"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId('phone-gps-toggle').tap();
  await page.locator('[data-gps="on"]').waitFor({ timeout: UI_TIMEOUT_MS });
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the phone's new report", () => {
  it(
    'shows an open incident of the category nearby before sending, and cancels',
    async () => {
      const earlier = await dispatcher.call<{ incident: { id: string } }>('POST', '/incidents', {
        categoryCode: 'city_appearance',
        lon: place.lon,
        lat: place.lat,
        description: `查重测试：路面破损 ${Date.now()}`,
      });
      await openReportSheet();
      await page.getByTestId('phone-report-category').selectOption('city_appearance');
      await page.getByTestId('phone-report-description').fill('路面破损');
      await page.getByTestId('phone-report-send').tap();
      const duplicate = page.locator(
        `[data-testid="phone-report-duplicate"][data-incident-id="${earlier.incident.id}"]`,
      );
      await duplicate.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await duplicate.textContent()).toContain('米');
      await saveScreenshot(page, 'phone-report-duplicates');
      await page.getByTestId('phone-report-cancel').tap();
      await page.getByTestId('phone-report').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      const sent = await dispatcher.call<IncidentListResponse>(
        'GET',
        '/incidents?source=worker&pageSize=100',
      );
      expect(sent.items.some((item) => item.description === '路面破损')).toBe(false);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'sends a report made offline with a photo at a tapped point once after reconnecting',
    async () => {
      const description = `离线拍照上报 ${Date.now()}`;
      await context.setOffline(true);
      await page.locator('[data-link="offline"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await openReportSheet();
      await page.getByTestId('phone-report-description').fill(description);
      await page.getByTestId('phone-report-photo').setInputFiles({
        name: 'pothole.jpg',
        mimeType: 'image/jpeg',
        buffer: await cameraPhoto(page),
      });
      await page.getByTestId('phone-report').getByText('1/4').waitFor({ timeout: UI_TIMEOUT_MS });

      const map = page.getByTestId('phone-report-map');
      const box = (await map.boundingBox())!;
      await map.tap({
        position: { x: box.width / 2 + TAP_OFFSET_PX.x, y: box.height / 2 + TAP_OFFSET_PX.y },
      });
      const point = page.locator('[data-testid="phone-report-point"][data-source="map"]');
      await point.waitFor({ timeout: UI_TIMEOUT_MS });
      const tapped = {
        lon: Number(await point.getAttribute('data-lon')),
        lat: Number(await point.getAttribute('data-lat')),
      };
      // East and north of the worker, as tapped right of and above the centre.
      expect(tapped.lon).toBeGreaterThan(place.lon);
      expect(tapped.lat).toBeGreaterThan(place.lat);
      // The base map kept on the phone is drawn offline too: its roads, not only the background.
      const drawn = await until(
        async () => {
          const png = await map.screenshot();
          // A PNG's width and height are the IHDR chunk's first two words.
          const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
          return screenshotStats(browser, png, { x: 0, y: 0, ...size });
        },
        (stats) => stats.brightShare > ROADS_SHARE_MIN,
      );
      expect(drawn.brightShare).toBeGreaterThan(ROADS_SHARE_MIN);
      await saveScreenshot(page, 'phone-report-offline');
      await page.getByTestId('phone-report-send').tap();
      await page.getByTestId('phone-pending').waitFor({ timeout: UI_TIMEOUT_MS });

      await context.setOffline(false);
      await page.locator('[data-link="online"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await page
        .getByTestId('phone-pending')
        .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      const found = await until(
        () => dispatcher.call<IncidentListResponse>('GET', '/incidents?source=worker&pageSize=100'),
        (list) => list.items.some((item) => item.description === description),
      );
      const matching = found.items.filter((item) => item.description === description);
      expect(matching).toHaveLength(1);

      // What the wall's incident drawer reads: the point tapped, the photo on the report step.
      const detail = await dispatcher.call<IncidentDetail>('GET', `/incidents/${matching[0]!.id}`);
      expect(detail.location.lon).toBeCloseTo(tapped.lon, 6);
      expect(detail.location.lat).toBeCloseTo(tapped.lat, 6);
      const [photo, ...more] = detail.history[0]!.attachments;
      expect(more).toEqual([]);
      expect(photo?.mime).toBe('image/jpeg');
      const served = await fetch(`${baseUrl}${photo!.url}`, {
        headers: { authorization: `Bearer ${await dispatcherToken()}` },
      });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
    },
    STEP_TIMEOUT_MS,
  );
});
