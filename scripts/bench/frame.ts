/**
 * npm run bench:frame — script time per frame to move 5,000 live workers in headless Chromium,
 * in the same page and run: (a) the wall's workers layer (point primitives, binary frames,
 * per-frame glide) against (b) one Cesium Entity per worker with a SampledPositionProperty.
 * Builds the bench page (scripts/bench/frame/, never part of the app bundle) with Vite, serves
 * it from a throwaway local server and reads the figures back. The last line is JSON; `ratio`
 * is entities over points (mean script ms per frame). Target: 5× or more.
 *
 * Env: BENCH_WORKERS (5000), BENCH_FRAMES (240 measured per run, after 30 warm-up frames),
 * BENCH_SHELL=resium (the viewer built by Resium's <Viewer>, as on the wall, instead of `new Viewer`).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { sourceStamp } from '../build/sourceStamp';
import type { Distribution, RunFigures } from './frame/framePage';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PAGE_DIR = path.join(ROOT, 'scripts', 'bench', 'frame');
const DIST_DIR = path.join(ROOT, '.cache', 'bench-frame-dist');
const STAMP_FILE = path.join(ROOT, '.cache', 'bench-frame-dist.stamp');
const SOURCE_PATHS = [
  'scripts/bench/frame',
  'src/client/globe',
  'src/client/tracking/globe',
  'src/client/theme',
  'src/shared',
  'src/domain',
];
const CESIUM_BUILD_DIR = path.join(ROOT, 'node_modules', 'cesium', 'Build', 'Cesium');
const CESIUM_STATIC_DIRS = ['Workers', 'ThirdParty', 'Assets', 'Widgets'];
const CESIUM_BASE_PATH = '/cesium/';
const CHUNK_SIZE_WARNING_LIMIT_KB = 6000;
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
];
const BENCH_TIMEOUT_MS = 600_000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 5000);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 240);
const SHELL = process.env.BENCH_SHELL === 'resium' ? 'resium' : 'cesium';
const TARGET_RATIO = 5;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

async function buildPage(): Promise<void> {
  const stamp = sourceStamp(ROOT, SOURCE_PATHS);
  if (existsSync(path.join(DIST_DIR, 'index.html')) && existsSync(STAMP_FILE)) {
    if (readFileSync(STAMP_FILE, 'utf8') === stamp) return;
  }
  console.log('building the bench page (Cesium takes a while)…');
  await build({
    root: PAGE_DIR,
    configFile: false,
    logLevel: 'warn',
    plugins: [
      viteStaticCopy({
        targets: CESIUM_STATIC_DIRS.map((dir) => ({
          src: path.join(CESIUM_BUILD_DIR, dir),
          dest: CESIUM_BASE_PATH.replaceAll('/', ''),
        })),
      }),
    ],
    define: { CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_PATH) },
    build: {
      outDir: DIST_DIR,
      emptyOutDir: true,
      chunkSizeWarningLimit: CHUNK_SIZE_WARNING_LIMIT_KB,
    },
  });
  writeFileSync(STAMP_FILE, stamp);
}

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(dir, urlPath === '/' ? 'index.html' : urlPath);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function describe(name: string, figures: RunFigures): string {
  const line = (what: string, distribution: Distribution) =>
    `  ${what.padEnd(16)} mean ${distribution.meanMs.toFixed(2)} ms/frame · median ` +
    `${distribution.medianMs.toFixed(2)} · p95 ${distribution.p95Ms.toFixed(2)}`;
  return [
    `${name} (${figures.frames} frames; ingest ${figures.ingestMsPerFix.toFixed(2)} ms per 1 Hz frame)`,
    `  steady workers script ${figures.steadyMsPerFrame.toFixed(2)} ms/frame (median between fixes + ingest spread)`,
    line('workers script', figures.workers),
    line('whole frame', figures.frame),
    `  mean script ms per frame by part: ${JSON.stringify(figures.partsMsPerFrame)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  await buildPage();
  const server = await serve(DIST_DIR);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    page.on('pageerror', (error) => console.warn('[page error]', error.message));
    page.on('console', (message) => console.log(`[page] ${message.text()}`));
    const { port } = server.address() as AddressInfo;
    // The page runs the whole bench before its load event: wait for the result instead.
    await page.goto(
      `http://127.0.0.1:${port}/?workers=${WORKERS}&frames=${FRAMES}&shell=${SHELL}`,
      {
        waitUntil: 'commit',
      },
    );
    await page.waitForSelector('#result[data-done="true"]', {
      timeout: BENCH_TIMEOUT_MS,
      state: 'attached',
    });
    const result = JSON.parse((await page.textContent('#result')) ?? '{}') as {
      error?: string;
      workers: number;
      points: RunFigures;
      entities: RunFigures;
    };
    if (result.error) throw new Error(`bench page failed: ${result.error}`);
    const ratio = result.entities.steadyMsPerFrame / result.points.steadyMsPerFrame;
    const meanRatio = result.entities.workers.meanMs / result.points.workers.meanMs;
    const frameRatio = result.entities.frame.meanMs / result.points.frame.meanMs;
    console.log(
      `${result.workers} workers, fixes at 1 Hz, 60 fps simulated clock, viewer built by ${SHELL}`,
    );
    console.log(describe('points', result.points));
    console.log(describe('entities', result.entities));
    console.log(
      `entities / points, steady workers script time: ${ratio.toFixed(1)}× (target ≥ ` +
        `${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); mean workers script ` +
        `time: ${meanRatio.toFixed(1)}×; mean whole frame: ${frameRatio.toFixed(1)}×`,
    );
    console.log(
      JSON.stringify({
        bench: 'frame',
        shell: SHELL,
        workers: result.workers,
        frames: result.points.frames,
        pointsSteadyMsPerFrame: Number(result.points.steadyMsPerFrame.toFixed(3)),
        entitiesSteadyMsPerFrame: Number(result.entities.steadyMsPerFrame.toFixed(3)),
        pointsScriptMsPerFrame: Number(result.points.workers.meanMs.toFixed(3)),
        entitiesScriptMsPerFrame: Number(result.entities.workers.meanMs.toFixed(3)),
        pointsFrameMs: Number(result.points.frame.meanMs.toFixed(3)),
        entitiesFrameMs: Number(result.entities.frame.meanMs.toFixed(3)),
        meanRatio: Number(meanRatio.toFixed(2)),
        frameRatio: Number(frameRatio.toFixed(2)),
        ratio: Number(ratio.toFixed(2)),
        target: TARGET_RATIO,
      }),
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
