/**
 * The assessment's ranking fits the centre of a 1920×1080 desk: no sideways scroll (lower
 * priority columns give way first), checked on the page and kept as a screenshot.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  waitForGlobeReady,
} from './browser';

const STEP_TIMEOUT_MS = 300_000;
const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('assessment at 1920×1080', () => {
  it(
    'shows the ranking without a sideways scroll',
    async () => {
      const { page, context } = await openAppPage(browser);
      try {
        await page.goto(baseUrl);
        await logIn(page, password, 'admin');
        await waitForGlobeReady(page);
        await page.getByTestId('open-assessment').click();
        await page.getByTestId('assessment-ranking').waitFor({ timeout: UI_TIMEOUT_MS });
        const tabs = page.locator('.assessment-levels [role="tab"]');
        const overflowing: string[] = [];
        for (let index = 0; index < (await tabs.count()); index += 1) {
          const tab = tabs.nth(index);
          await tab.click();
          await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
          const scroll = page.locator('.assessment-table-scroll');
          if ((await scroll.count()) === 0) continue;
          const widths = await scroll.evaluate((element) => ({
            scroll: element.scrollWidth,
            client: element.clientWidth,
          }));
          expect(widths.client).toBeGreaterThan(0);
          if (widths.scroll > widths.client) {
            overflowing.push(`${await tab.innerText()}: ${JSON.stringify(widths)}`);
          }
        }
        await saveScreenshot(page, 'assessment-1920x1080');
        expect(overflowing).toEqual([]);
      } finally {
        await context.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
