/**
 * A district's own mesh-only 3D model on the wall, in each format (3D Tiles 1.0: an external
 * tileset whose b3dm uses RTC_CENTER; 1.1: implicit tiling with glb content; neither with feature
 * ids): a click on the model's surface opens the unit under it (resolved by footprint and
 * height), and the unit with its floor is highlighted on the model by classification. Each format
 * has its own small server: the model is configured at start-up.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitVolumesOf } from '../src/domain/geo/unitVolumes';
import { generateDistrict } from '../scripts/district/generateDistrict';
import { writeMeshOnlyTilesets } from '../scripts/fixtures/meshOnlyTilesets';
import { buildTileset } from '../scripts/tiles/buildTileset';
import { createServer, type RunningServer } from '../src/server/createServer';
import { ensureDemoUsers } from '../src/server/demoUsers';
import { openDatabase } from '../src/server/store/openDatabase';
import { sqliteUnitVolumes } from '../src/server/store/sqliteUnitVolumes';
import type { BuildingDetail, UnitDetail } from '../src/shared/api';
import { DEMO_TILESET_NAME } from '../src/shared/tileset';
import {
  GLOBE_SELECTOR,
  GLOBE_TIMEOUT_MS,
  UI_TIMEOUT_MS,
  launchBrowser,
  logIn,
  openAppPage,
  saveScreenshot,
  waitForGlobeReady,
  waitForGlobeSettled,
  type AppPage,
} from './browser';
import { buildAppForTests } from './buildAppForTests';
import { readFreeRect } from './freeRect';
import { allBuildings, connectTestApi, tallestInhabitedBuilding, type TestApi } from './testApi';

const DISTRICT = { seed: 4242, buildingCount: 8, residentCount: 400 };
/** Share of the view around the building searched for highlight colours. */
const SAMPLE_HALF_PX = 300;

/**
 * Pixels of the floor highlight (the palette's cyan, #36e2ff, drawn over the model) and of the
 * selected unit (its amber, #ffc933) in a screenshot region; decoded by the browser itself.
 */
async function highlightPixels(
  png: Buffer,
  region: { x: number; y: number; width: number; height: number },
): Promise<{ cyan: number; amber: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ base64, region }) => {
        const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(region.width, region.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, -region.x, -region.y);
        const { data } = context.getImageData(0, 0, region.width, region.height);
        let cyan = 0;
        let amber = 0;
        for (let offset = 0; offset < data.length; offset += 4) {
          const [red, green, blue] = [data[offset]!, data[offset + 1]!, data[offset + 2]!];
          if (blue > 190 && green > 170 && red < 150) cyan++;
          if (red > 200 && green > 170 && blue < 120 && red - green < 60) amber++;
        }
        return { cyan, amber };
      },
      { base64: png.toString('base64'), region },
    );
  } finally {
    await page.close();
  }
}
const STEP_TIMEOUT_MS = 300_000;

let dataDir: string;
let dbPath: string;
let tilesetsDir: string;
let staticDir: string;
let model: { v10: string; v11: string };
let browser: Browser;
const password = 'model-test-password';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gcc-model-'));
  dbPath = path.join(dataDir, 'district.sqlite');
  tilesetsDir = path.join(dataDir, 'tilesets');
  mkdirSync(tilesetsDir, { recursive: true });
  generateDistrict(dbPath, DISTRICT);
  await buildTileset({ dbPath, outDir: path.join(tilesetsDir, DEMO_TILESET_NAME) });
  await ensureDemoUsers(dbPath, password);
  const db = openDatabase(dbPath);
  const districtCode = (
    db.prepare("SELECT value FROM meta WHERE key = 'district_code'").get() as { value: string }
  ).value;
  const volumes = (
    await sqliteUnitVolumes(db).listVolumeBuildings(
      { bbox: null, gridCode: districtCode },
      [districtCode],
      1_000,
    )
  ).buildings.flatMap(unitVolumesOf);
  db.close();
  model = await writeMeshOnlyTilesets(path.join(dataDir, 'model'), volumes);
  staticDir = await buildAppForTests();
  browser = await launchBrowser();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Each format on its own server: the model is configured at start-up. */
const FORMATS = [
  {
    name: '3D Tiles 1.0 (external tileset, b3dm with RTC_CENTER, region)',
    dir: 'v10',
    ext: '.b3dm',
  },
  { name: '3D Tiles 1.1 (implicit tiling, glb, root transform, box)', dir: 'v11', ext: '.glb' },
] as const;

describe.each(FORMATS)(
  'a mesh-only third-party model: $name',
  { timeout: STEP_TIMEOUT_MS },
  (format) => {
    let server: RunningServer;
    let baseUrl: string;
    let api: TestApi;
    let building: BuildingDetail;
    let wall: AppPage | null = null;

    beforeAll(async () => {
      server = await createServer({
        dbPath,
        searchWorkers: 0,
        staticDir,
        tilesetsDir,
        photogrammetry: {
          url: '/photogrammetry/tileset.json',
          localDir: path.dirname(model[format.dir]),
          offset: { eastM: 0, northM: 0, upM: 0 },
        },
      });
      baseUrl = await server.listen(0);
      api = await connectTestApi(baseUrl, password);
      building = tallestInhabitedBuilding(await allBuildings(api));
    }, STEP_TIMEOUT_MS);

    afterAll(async () => {
      await wall?.context.close();
      await server?.close();
    });

    it('opens and highlights the unit clicked on the model surface', async () => {
      wall = await openAppPage(browser);
      const { page, requestedUrls } = wall;
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          console.warn(`[page ${message.type()}]`, message.text());
        }
      });
      await page.goto(`${baseUrl}/`);
      await logIn(page, password);
      try {
        await waitForGlobeReady(page);
      } finally {
        await saveScreenshot(page, `model-${format.dir}-after-login-1920x1080`);
        const attributes = await page
          .locator(GLOBE_SELECTOR)
          .evaluate((element) =>
            element.getAttributeNames().map((name) => `${name}=${element.getAttribute(name)}`),
          );
        console.warn('[globe attributes]', attributes.join(' '));
      }
      await page.waitForSelector(`${GLOBE_SELECTOR}[data-model-loaded="true"]`, {
        timeout: GLOBE_TIMEOUT_MS,
      });
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, `#/building/${building.id}`);
      await page.waitForSelector(`${GLOBE_SELECTOR}[data-camera-view="building"]`, {
        timeout: UI_TIMEOUT_MS,
      });
      await waitForGlobeSettled(page);
      expect(requestedUrls.some((url) => url.endsWith(format.ext))).toBe(true);

      const free = await readFreeRect(page);
      const click = { x: free.x + free.width / 2, y: free.y + free.height / 2 };
      const region = {
        x: Math.round(click.x - SAMPLE_HALF_PX),
        y: Math.round(click.y - SAMPLE_HALF_PX),
        width: 2 * SAMPLE_HALF_PX,
        height: 2 * SAMPLE_HALF_PX,
      };
      const before = await highlightPixels(
        await saveScreenshot(page, `model-${format.dir}-before-click-1920x1080`),
        region,
      );
      await page.mouse.click(click.x, click.y);
      const panel = page.getByTestId('unit-panel');
      await expect
        .poll(() => panel.getAttribute('data-unit-id'), { timeout: UI_TIMEOUT_MS })
        .toMatch(/^\d+$/);
      const unitId = Number(await panel.getAttribute('data-unit-id'));
      const unit = await api.get<UnitDetail>(`/units/${unitId}`);
      expect(unit.buildingId).toBe(building.id);
      const floorUnits = building.units.filter((other) => other.floor === unit.floor).length;
      await expect
        .poll(() => page.locator(GLOBE_SELECTOR).getAttribute('data-model-highlight'), {
          timeout: UI_TIMEOUT_MS,
        })
        .toBe(`${unitId}:${floorUnits}`);
      await waitForGlobeSettled(page);
      const after = await highlightPixels(
        await saveScreenshot(page, `model-${format.dir}-unit-highlight-1920x1080`),
        region,
      );
      // The floor band and the selected unit are painted on the model itself.
      expect(after.cyan, JSON.stringify({ before, after })).toBeGreaterThan(before.cyan + 50);
      expect(after.amber, JSON.stringify({ before, after })).toBeGreaterThan(before.amber + 20);
    });
  },
);
