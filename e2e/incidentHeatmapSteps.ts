/**
 * The incident heatmap and the 2D analytics view as the hall sees them, as steps on a signed-in
 * desk page that `globe.test.ts` opens (each page of its own costs a WebGL start-up on the CPU).
 * Heat is read through the globe's documented hooks (`data-heat-incidents`, `data-heat-probe` →
 * `data-heat-probe-value`); a report made by REST must raise the heat at its place within 2 s,
 * carried by the /live incident feed to the wall's incident store and from there to the heat.
 */
import { WebMercatorViewport } from '@deck.gl/core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { GridNode, LoginResponse } from '../src/shared/api';
import type { CreateIncidentRequest } from '../src/shared/incidents';
import { GLOBE_SELECTOR, UI_TIMEOUT_MS, saveScreenshot } from './browser';

const STEP_TIMEOUT_MS = 480_000;
/** Where reports cluster must show while it matters: a new incident is in the heatmap within 2 seconds. */
const HEAT_LATENCY_MS = 2_000;
const HEAT_POLL_MS = 50;
const BASE_GRID_LEVEL = 4;

const baseUrl = inject('baseUrl');
const password = inject('password');

let token = '';
let grids: GridNode[] = [];

async function api<T>(method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${apiPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function reportAt(grid: GridNode): CreateIncidentRequest {
  return {
    categoryCode: 'street_order',
    lon: grid.center.lon,
    lat: grid.center.lat,
    description: 'e2e heatmap: stall on the pavement',
  };
}

async function heatAt(page: Page, lon: number, lat: number): Promise<number> {
  const globe = page.locator(GLOBE_SELECTOR);
  const probe = `${lon},${lat}`;
  await globe.evaluate((element, value) => {
    if (element.getAttribute('data-heat-probe') !== value) {
      element.removeAttribute('data-heat-probe-value');
      element.setAttribute('data-heat-probe', value);
    }
  }, probe);
  await expect
    .poll(() => globe.getAttribute('data-heat-probe-value'), { timeout: UI_TIMEOUT_MS })
    .not.toBeNull();
  return Number(await globe.getAttribute('data-heat-probe-value'));
}

/** Registers the heatmap's steps, in order, on the signed-in admin desk page `wallPage` gives. */
export function describeIncidentHeatmap(wallPage: () => Page): void {
  describe('incident heatmap in the browser', { timeout: STEP_TIMEOUT_MS }, () => {
    beforeAll(async () => {
      const login = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      token = ((await login.json()) as LoginResponse).token;
      grids = (await api<GridNode[]>('GET', '/grids')).filter(
        (grid) => grid.level === BASE_GRID_LEVEL,
      );
    });

    it('draws the reports of the window on the ground', async () => {
      const [first, second] = grids;
      if (!first || !second) throw new Error('the e2e district needs two base grids');
      await api('POST', '/incidents', reportAt(first));
      await api('POST', '/incidents', reportAt(second));
      const page = wallPage();
      const globe = page.locator(GLOBE_SELECTOR);
      await expect
        .poll(async () => Number(await globe.getAttribute('data-heat-incidents')), {
          timeout: UI_TIMEOUT_MS,
        })
        .toBeGreaterThanOrEqual(2);
      expect(await heatAt(page, first.center.lon, first.center.lat)).toBeGreaterThan(0);
      expect(await page.getByTestId('heat-legend').isVisible()).toBe(true);
    });

    it('raises the heat where a new report is made within 2 seconds', async () => {
      const page = wallPage();
      const grid = grids.at(-1)!;
      const before = await heatAt(page, grid.center.lon, grid.center.lat);
      const globe = page.locator(GLOBE_SELECTOR);
      const versionBefore = Number(await globe.getAttribute('data-heat-version'));
      await api('POST', '/incidents', reportAt(grid));
      const reportedAtMs = Date.now();
      let after = before;
      while (Date.now() - reportedAtMs < HEAT_LATENCY_MS) {
        const value = Number(await globe.getAttribute('data-heat-probe-value'));
        const version = Number(await globe.getAttribute('data-heat-version'));
        if (version > versionBefore && value > before) {
          after = value;
          break;
        }
        await page.waitForTimeout(HEAT_POLL_MS);
      }
      expect(after).toBeGreaterThan(before);
    });

    it('opens the 2D analytics view, linked with the 3D selection both ways', async () => {
      const page = wallPage();
      await page.getByTestId('analytics-toggle').click();
      const view = page.getByTestId('analytics-view');
      await expect
        .poll(async () => Number(await view.getAttribute('data-cells')), { timeout: UI_TIMEOUT_MS })
        .toBeGreaterThan(0);
      // A grid chosen for the 3D view (the grid tree) is highlighted in 2D.
      const street = page.getByTestId('grid-node').nth(1);
      const streetCode = (await street.getAttribute('data-grid-code')) ?? '';
      await street.click();
      await expect
        .poll(() => view.getAttribute('data-selected-grid'), { timeout: UI_TIMEOUT_MS })
        .toBe(streetCode);
      await saveScreenshot(page, 'heatmap-analytics');
      // A click in 2D on a base grid's centre (placed with the deck's own view state) selects what
      // is there: a hex cell over the grid, outlined on the ground, or the grid itself.
      const deckView = page.getByTestId('analytics-deck');
      await expect
        .poll(() => deckView.getAttribute('data-view-state'), { timeout: UI_TIMEOUT_MS })
        .toMatch(/^[\d.-]+(,[\d.-]+){4}$/);
      const [longitude = 0, latitude = 0, zoom = 0, width = 0, height = 0] = (
        (await deckView.getAttribute('data-view-state')) ?? ''
      )
        .split(',')
        .map(Number);
      const target = grids.find((grid) => !grid.code.startsWith(streetCode)) ?? grids[0];
      if (!target) throw new Error('the e2e district needs a base grid');
      const [x = 0, y = 0] = new WebMercatorViewport({
        longitude,
        latitude,
        zoom,
        width,
        height,
      }).project([target.center.lon, target.center.lat]);
      const box = await deckView.boundingBox();
      if (!box) throw new Error('analytics deck not laid out');
      await page.mouse.click(box.x + x, box.y + y);
      const globe = page.locator(GLOBE_SELECTOR);
      await expect
        .poll(
          async () => {
            const cell = (await view.getAttribute('data-selected-cell')) ?? '';
            if (cell !== '') return (await globe.getAttribute('data-heat-cell')) === cell;
            return (await view.getAttribute('data-selected-grid')) === target.code;
          },
          { timeout: UI_TIMEOUT_MS },
        )
        .toBe(true);
    });
  });
}
