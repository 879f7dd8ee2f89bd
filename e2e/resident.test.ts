/**
 * The resident's report page (/r/) in Chromium with phone emulation (390×844, touch,
 * geolocation), no sign-in: a resident files a report with a position and a phone number, sees
 * its number, finds it under "my reports" and looks its status up by number; the report is an
 * incident in the loop, and the public status shows no phone number. The page switches to English.
 * Closed by the dispatcher, the report shows the closing note and asks this phone's rating once.
 * With location refused, the resident picks the place on the district's offline map (no request
 * leaves this machine) and attaches a photo: the status shows it, the wall's detail lists it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IncidentDetail } from '../src/shared/incidents';
import {
  cameraPhoto,
  isLocalUrl,
  UI_TIMEOUT_MS,
  launchBrowser,
  newPhoneContext,
  PHONE_VIEWPORT,
  saveScreenshot,
} from './browser';
import { connectAs, placeInScope, type UserApi } from './dispatcherApi';

const STEP_TIMEOUT_MS = 120_000;
const RESIDENT_PHONE = '13712345678';
/** The page makes photos at most this wide or tall (shared/photoResize). */
const PHOTO_MAX_EDGE_PX = 1280;

/** Width and height from a JPEG's frame header (SOF0/SOF2). */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  for (let offset = 2; offset + 9 < bytes.length;) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xc0 || marker === 0xc2) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  throw new Error('no frame header');
}

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let dispatcher: UserApi;
let place: { lon: number; lat: number; gridCode: string };
let reportNumber = '';

beforeAll(async () => {
  dispatcher = await connectAs(baseUrl, password, 'dispatcher');
  place = await placeInScope(dispatcher);
  browser = await launchBrowser();
  context = await newPhoneContext(browser, place, 12);
  page = await context.newPage();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the resident's report page", () => {
  it(
    'files a report without signing in and shows its number',
    async () => {
      await page.goto(`${baseUrl}/r/`);
      await page.getByText('居民随手拍').first().waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('[data-testid="resident-category"] option').first().waitFor({
        state: 'attached',
        timeout: UI_TIMEOUT_MS,
      });
      await page.getByTestId('resident-category').selectOption('CM01');
      await page.getByTestId('resident-description').fill('3号楼2单元门口垃圾堆放三天无人清运');
      await page.getByTestId('resident-locate').tap();
      await page.getByTestId('resident-located').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId('resident-phone').fill(RESIDENT_PHONE);
      await saveScreenshot(page, 'resident-form-390x844');
      await page.getByTestId('resident-send').tap();

      const number = page.getByTestId('resident-receipt-number');
      await number.waitFor({ timeout: UI_TIMEOUT_MS });
      reportNumber = (await number.textContent())?.trim() ?? '';
      expect(reportNumber).not.toBe('');
      await saveScreenshot(page, 'resident-receipt-390x844');

      // It is an incident in the loop, placed where the phone stood, with the contact kept.
      const detail = await dispatcher.call<IncidentDetail>('GET', `/incidents/${reportNumber}`);
      expect(detail.source).toBe('citizen');
      expect(detail.location.lon).toBeCloseTo(place.lon, 5);
      expect(detail.description).toContain('垃圾堆放');
      expect(detail.reporterContact).not.toBeNull();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lists the report under my reports and reads its public status by number',
    async () => {
      const mine = page.locator(`[data-testid="resident-mine-item"][data-id="${reportNumber}"]`);
      await mine.getByTestId('resident-status').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await mine.getByTestId('resident-status').getAttribute('data-status')).toBe('open');

      await page.getByTestId('resident-lookup-number').fill(reportNumber);
      await page.getByTestId('resident-lookup-go').tap();
      const found = page.getByTestId('resident-lookup').getByTestId('resident-status');
      await found.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await found.textContent()).toContain('处理中');
      expect(await page.content()).not.toContain(RESIDENT_PHONE);

      // A reload keeps the phone's own list (localStorage), in English on the switch.
      await page.reload();
      await page.getByTestId('resident-language').tap();
      await page.getByText('My reports').waitFor({ timeout: UI_TIMEOUT_MS });
      await mine.getByText('In progress').waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, 'resident-status-en-390x844');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'has touch targets of at least 48 px and no sideways scrolling at 390 px',
    async () => {
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      for (const testId of ['resident-locate', 'resident-send', 'resident-language']) {
        const box = await page.getByTestId(testId).boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'answers the resident when the report closes and takes its rating once',
    async () => {
      await dispatcher.call('POST', `/incidents/${reportNumber}/transitions`, {
        command: { action: 'reject', note: '已由物业当日清运，谢谢反映' },
      });
      await page.reload();
      const mine = page.locator(`[data-testid="resident-mine-item"][data-id="${reportNumber}"]`);
      await mine
        .locator('[data-testid="resident-status"][data-status="closed"]')
        .waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await mine.getByTestId('resident-status').textContent()).toContain('已由物业当日清运');
      const satisfied = mine.getByTestId('resident-rate-satisfied');
      expect((await satisfied.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
      await satisfied.tap();
      await mine.getByTestId('resident-rating-given').waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, 'resident-rated-390x844');
      const detail = await dispatcher.call<IncidentDetail>('GET', `/incidents/${reportNumber}`);
      expect(detail.reporterRating).toMatchObject({ rating: 'satisfied', channel: 'citizen' });
      // Asked once: after a reload the phone shows its rating, not the question.
      await page.reload();
      await mine.getByTestId('resident-rating-given').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await mine.getByTestId('resident-rating').count()).toBe(0);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'picks the place on the offline map when location is refused, and attaches a photo',
    async () => {
      // Location refused: no geolocation permission in this phone.
      const refused = await browser.newContext({
        viewport: PHONE_VIEWPORT,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      try {
        const phone = await refused.newPage();
        const requested: string[] = [];
        phone.on('request', (request) => requested.push(request.url()));
        await phone.goto(`${baseUrl}/r/`);
        await phone.locator('[data-testid="resident-category"] option').first().waitFor({
          state: 'attached',
          timeout: UI_TIMEOUT_MS,
        });
        await phone.getByTestId('resident-description').fill('小区北门路灯杆倾斜，有倒伏危险');
        await phone.getByTestId('resident-locate').tap();
        // Refused: the page says so and opens the district's map.
        await phone.getByTestId('resident-picker').waitFor({ timeout: UI_TIMEOUT_MS });
        const map = phone.getByTestId('resident-map');
        await map.locator('canvas').waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await phone.getByTestId('resident-send').isDisabled()).toBe(true);
        const box = (await map.boundingBox())!;
        await phone.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
        await phone.getByTestId('resident-picked').waitFor({ timeout: UI_TIMEOUT_MS });

        await phone.getByTestId('resident-photo-input').setInputFiles({
          name: 'lamp.jpg',
          mimeType: 'image/jpeg',
          buffer: await cameraPhoto(phone),
        });
        await phone.getByTestId('resident-photos').locator('img').waitFor({
          timeout: UI_TIMEOUT_MS,
        });
        await saveScreenshot(phone, 'resident-map-photo-390x844');
        await phone.getByTestId('resident-send').tap();
        const number = phone.getByTestId('resident-receipt-number');
        await number.waitFor({ timeout: UI_TIMEOUT_MS });
        const id = (await number.textContent())?.trim() ?? '';
        expect(await phone.getByTestId('resident-photo-error').count()).toBe(0);

        // The phone's own list shows the report with its photo, loaded from the public address.
        const mine = phone.locator(`[data-testid="resident-mine-item"][data-id="${id}"]`);
        const shown = mine.getByTestId('resident-status-photo');
        await shown.waitFor({ timeout: UI_TIMEOUT_MS });
        await expect
          .poll(() => shown.evaluate((image: HTMLImageElement) => image.naturalWidth))
          .toBeGreaterThan(0);
        await saveScreenshot(phone, 'resident-status-photo-390x844');
        // The map and everything else came from this server only.
        expect(requested.filter((url) => !isLocalUrl(url))).toEqual([]);

        // The wall's incident detail (what the drawer shows) lists the photo on the report step.
        const admin = await connectAs(baseUrl, password, 'admin');
        const detail = await admin.call<IncidentDetail>('GET', `/incidents/${id}`);
        expect(detail.source).toBe('citizen');
        const [photo, ...more] = detail.history[0]?.attachments ?? [];
        expect(more).toEqual([]);
        expect(photo?.mime).toBe('image/jpeg');
        expect(photo?.url).toMatch(/^\/api\/photos\//);
        const mediaUrl = await shown.getAttribute('src');
        expect(mediaUrl).toContain(`/open311/v2/media/${photo!.url.split('/').at(-1)}.jpg`);
        const stored = Buffer.from(await (await fetch(mediaUrl!)).arrayBuffer());
        const size = jpegSize(stored);
        expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(PHOTO_MAX_EDGE_PX);
        expect(stored.includes(Buffer.from('Exif'))).toBe(false);
      } finally {
        await refused.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
