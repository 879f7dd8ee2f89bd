/**
 * The grid worker's phone app (/m/) in Chromium with phone emulation (390×844, touch,
 * geolocation): the demo worker signs in and the phone pairs; patrol tracking sends fixes; a
 * dispatcher's dispatch reaches the phone within 2 s; the worker accepts and reports back, and the
 * incident moves on the server; a return for rework reaches the phone within 2 s with the
 * verifier's note; a report made offline arrives once after reconnecting.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IncidentDetail, IncidentListResponse } from '../src/shared/incidents';
import type { DeviceTokenInfo, WorkerToday } from '../src/shared/tracking';
import {
  cameraPhoto,
  UI_TIMEOUT_MS,
  launchBrowser,
  newPhoneContext,
  saveScreenshot,
} from './browser';
import { connectAs, placeInScope, type UserApi } from './dispatcherApi';

const TASK_WITHIN_MS = 2000;
const STEP_TIMEOUT_MS = 120_000;
const WORKER_ACCOUNT = 'worker01';

const baseUrl = inject('baseUrl');
const password = inject('password');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let dispatcher: UserApi;
let admin: UserApi;
let place: { lon: number; lat: number; gridCode: string };
let workerId: number;

async function dispatcherToken(): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dispatcher', password }),
  });
  return ((await answer.json()) as { token: string }).token;
}

/** A dispatcher's registered incident where the phone stands; its id. */
async function registeredAtThePhone(description: string): Promise<string> {
  const created = await dispatcher.call<{ incident: { id: string } }>('POST', '/incidents', {
    categoryCode: 'city_appearance',
    lon: place.lon,
    lat: place.lat,
    description,
  });
  const id = created.incident.id;
  await dispatcher.call('POST', `/incidents/${id}/transitions`, {
    command: { action: 'register' },
  });
  return id;
}

async function stateOf(incidentId: string): Promise<IncidentDetail> {
  return dispatcher.call<IncidentDetail>('GET', `/incidents/${incidentId}`);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  dispatcher = await connectAs(baseUrl, password, 'dispatcher');
  admin = await connectAs(baseUrl, password, 'admin');
  place = await placeInScope(await connectAs(baseUrl, password, WORKER_ACCOUNT));
  browser = await launchBrowser();
  context = await newPhoneContext(browser, place, 8);
  page = await context.newPage();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the phone app', () => {
  it(
    'signs in, pairs and tracks the worker',
    async () => {
      await page.goto(`${baseUrl}/m/`);
      await page.getByTestId('phone-username').fill(WORKER_ACCOUNT);
      await page.getByTestId('phone-password').fill(password);
      await page.getByTestId('phone-login').tap();
      await page.getByTestId('phone-worker').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('[data-link="online"]').waitFor({ timeout: UI_TIMEOUT_MS });
      const devices = await admin.call<DeviceTokenInfo[]>('GET', '/devices');
      const paired = devices.find((device) => device.createdBy === WORKER_ACCOUNT);
      expect(paired).toBeDefined();
      workerId = paired!.workerId;

      await page.getByTestId('phone-gps-toggle').tap();
      await page.locator('[data-gps="on"]').waitFor({ timeout: UI_TIMEOUT_MS });
      // The fix reached the server: the worker is on the wall's list with a position.
      const today = await until(
        () => dispatcher.call<WorkerToday>('GET', `/workers/${workerId}/today`),
        (answer) => answer.fixCount > 0,
      );
      expect(today.fixCount).toBeGreaterThan(0);
      expect(today.worker.lastFix?.lon).toBeCloseTo(place.lon, 5);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'receives a dispatch within 2 s, accepts it, reports back, and hears of a rework',
    async () => {
      const id = await registeredAtThePhone('手机端测试：楼道堆放杂物');
      const dispatchedAt = Date.now();
      await dispatcher.call('POST', `/incidents/${id}/dispatch`, { workerId });
      const task = page.locator(`[data-testid="phone-task"]`, { hasText: id });
      await task.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(Date.now() - dispatchedAt).toBeLessThan(TASK_WITHIN_MS);

      // The way there: along the roads, on the phone's own map.
      await task.getByTestId('phone-task-route').tap();
      await task.getByTestId('phone-route-summary').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await task.getByTestId('phone-route-summary').textContent()).toMatch(/\d+ 米/);
      await task.locator('canvas.maplibregl-canvas').waitFor({ timeout: UI_TIMEOUT_MS });
      await saveScreenshot(page, 'phone-route');
      await task.getByTestId('phone-task-handle').tap();
      expect(
        (
          await until(
            () => stateOf(id),
            (detail) => detail.state === 'handling',
          )
        ).state,
      ).toBe('handling');
      await task.getByTestId('phone-task-feedback').tap();
      await task.getByTestId('phone-feedback-note').fill('杂物已清理，楼道通畅');
      await task.getByTestId('phone-feedback-photo').setInputFiles({
        name: 'corridor.jpg',
        mimeType: 'image/jpeg',
        buffer: await cameraPhoto(page),
      });
      await task.getByText('1/4').waitFor({ timeout: UI_TIMEOUT_MS });
      await task.getByTestId('phone-feedback-send').tap();
      const after = await until(
        () => stateOf(id),
        (detail) => detail.state === 'feedback',
      );
      expect(after.state).toBe('feedback');
      expect(after.history.at(-1)?.note).toContain('杂物已清理');
      // The photo went with it, and the wall can show it to the dispatcher.
      const [photo] = after.history.at(-1)?.attachments ?? [];
      expect(photo?.mime).toBe('image/jpeg');
      const served = await fetch(`${baseUrl}${photo!.url}`, {
        headers: { authorization: `Bearer ${await dispatcherToken()}` },
      });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');

      // The verifier returns it: the phone is told at once, with the note, and can report again.
      const returnedAt = Date.now();
      await dispatcher.call('POST', `/incidents/${id}/transitions`, {
        command: { action: 'return_for_rework', note: '三楼仍有纸箱，请再次清理' },
      });
      await task.getByTestId('phone-task-rework').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(Date.now() - returnedAt).toBeLessThan(TASK_WITHIN_MS);
      expect(await task.getByTestId('phone-task-rework').textContent()).toContain('三楼仍有纸箱');
      await saveScreenshot(page, 'phone-tasks');
      await task.getByTestId('phone-task-feedback').tap();
      await task.getByTestId('phone-feedback-note').fill('三楼纸箱已清走');
      await task.getByTestId('phone-feedback-send').tap();
      const again = await until(
        () => stateOf(id),
        (detail) => detail.state === 'feedback' && detail.history.length > after.history.length,
      );
      expect(again.history.at(-1)?.note).toContain('三楼纸箱已清走');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'declines a task with a reason: it goes back to the dispatcher',
    async () => {
      const id = await registeredAtThePhone('手机端测试：不属于本网格的事项');
      await dispatcher.call('POST', `/incidents/${id}/dispatch`, { workerId });
      const task = page.locator('[data-testid="phone-task"]', { hasText: id });
      await task.getByTestId('phone-task-decline').tap();
      await task.getByTestId('phone-decline-reason').fill('该处属于相邻网格，请改派');
      await task.getByTestId('phone-decline-send').tap();
      await task.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      const back = await until(
        () => stateOf(id),
        (detail) => detail.state === 'registered',
      );
      expect(back.state).toBe('registered');
      expect(back.assigneeUsername).toBeNull();
      expect(back.history.at(-1)).toMatchObject({
        action: 'decline',
        note: '该处属于相邻网格，请改派',
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'keeps a report made offline and sends it once after reconnecting',
    async () => {
      const description = `离线上报测试 ${Date.now()}`;
      await context.setOffline(true);
      await page.locator('[data-link="offline"]').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.getByTestId('phone-report-open').tap();
      await page.getByTestId('phone-report-description').fill(description);
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
      expect(found.items.filter((item) => item.description === description)).toHaveLength(1);
    },
    STEP_TIMEOUT_MS,
  );
});
