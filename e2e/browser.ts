/**
 * Headless Chromium for the browser tests (Debian's package, driven by playwright-core; WebGL
 * on the CPU through SwiftShader) and the steps every test shares: open the app, record every
 * request, log in, wait for the globe.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--metrics-recording-only',
];

export const WALL_VIEWPORT = { width: 1920, height: 1080 };
/** The command center's name on a hall's network in the HTTPS test (mapped to 127.0.0.1). */
export const PHONE_HALL_HOST = 'command-hall.test';
/** A phone as the phone app and the resident page are checked on. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };
/**
 * A 4K wall as most are driven: 3840x2160 device pixels at 200% scaling. Cesium renders at the
 * CSS resolution (browser-recommended), the panels' text at full device sharpness. Set
 * E2E_WALL_4K_NATIVE=1 for 3840x2160 CSS pixels at 100% (four times the CPU rendering).
 */
export const WALL_4K = process.env.E2E_WALL_4K_NATIVE
  ? { viewport: { width: 3840, height: 2160 }, deviceScaleFactor: 1 }
  : { viewport: WALL_VIEWPORT, deviceScaleFactor: 2 };
/** SwiftShader draws a frame in hundreds of milliseconds; tiles and flights take seconds. */
export const GLOBE_TIMEOUT_MS = 180_000;
export const UI_TIMEOUT_MS = 60_000;
/** A screenshot waits for a frame; on a busy CPU one frame can take many seconds. */
export const SCREENSHOT_TIMEOUT_MS = 120_000;

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'test-results');

/** Saves a screenshot of the page as test-results/<name>.png and returns its PNG bytes. */
export async function saveScreenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    timeout: SCREENSHOT_TIMEOUT_MS,
  });
}

export const GLOBE_SELECTOR = '[data-testid="globe"]';

export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page and its workers requested, in order. */
  requestedUrls: string[];
}

/** Requests that stay on this machine: the test server, inline data and blobs. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

export interface Screen {
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
}

export const WALL_1080: Screen = { viewport: WALL_VIEWPORT, deviceScaleFactor: 1 };

export async function openAppPage(browser: Browser, screen: Screen = WALL_1080): Promise<AppPage> {
  const context = await browser.newContext(screen);
  // Clicks and checks wait as long as the suites' own UI waits: Playwright's 30 s default was
  // what failed under load (a door-knock checkbox, the 2D view's button at load 10-12).
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const requestedUrls: string[] = [];
  context.on('request', (request) => requestedUrls.push(request.url()));
  // Belt and braces: whatever was not caught above never reaches the network either.
  await context.route(
    (url) => !isLocalUrl(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => console.warn('[page error]', error.message));
  return { context, page, requestedUrls };
}

export async function logIn(page: Page, password: string, username = 'admin'): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Waits until the tileset's first tiles are drawn. */
export async function waitForGlobeReady(page: Page, timeoutMs = GLOBE_TIMEOUT_MS): Promise<void> {
  await page.waitForSelector(`${GLOBE_SELECTOR}[data-globe-ready="true"]`, { timeout: timeoutMs });
}

/** Waits until no flight is under way and every tile the view needs is loaded. */
export async function waitForGlobeSettled(page: Page): Promise<void> {
  await page.waitForSelector(
    `${GLOBE_SELECTOR}[data-globe-ready="true"][data-camera-flying="false"][data-tiles-loaded="true"]`,
    { timeout: GLOBE_TIMEOUT_MS },
  );
}

/**
 * A phone: 390×844 at 2×, touch, Chinese, standing at `at` with location permission granted.
 */
export async function newPhoneContext(
  browser: Browser,
  at: { lon: number; lat: number },
  accuracyM: number,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    geolocation: { longitude: at.lon, latitude: at.lat, accuracy: accuracyM },
    permissions: ['geolocation'],
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  return context;
}

/** A JPEG as a phone camera makes one (drawn and encoded by the browser). */
export async function cameraPhoto(on: Page): Promise<Buffer> {
  const base64 = await on.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#4a6b8a';
    context.fillRect(0, 0, 1600, 1200);
    context.fillStyle = '#f0c040';
    context.fillRect(400, 300, 800, 600);
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
