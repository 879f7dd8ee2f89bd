/**
 * bench:import — register rows per second through `npm run import` (the CLI, in its own
 * process, as the admin page's child process runs it: one pass that parses, checks, matches and
 * writes in one transaction, as a bulk load once the batch is large against the register)
 * from CSV and from XLSX, against one autocommit INSERT per row (household + person) on the
 * same rows in the same run; the import's peak memory; and the p99 of GET /api/health on a
 * server running beside the import on the same database. BENCH_ROWS (default 1,000,000)
 * shrinks it; BENCH_CPU_PROF=<dir> profiles the import child. The last line is JSON with the figures and `ratio`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import ExcelJS from '../../src/server/imports/excel';
import { idCheckCharacter } from '../../src/domain/idNumber';
import { createServer } from '../../src/server/createServer';
import { openDatabase } from '../../src/server/store/openDatabase';
import {
  identifierSealerFor,
  PERSON_SEALED_COLUMNS,
  personSealedValues,
} from '../../src/server/store/sealedIdentifiers';
import { writeSyntheticDistrict } from '../../src/server/testing/syntheticDistrict';
import { percentile } from './percentile';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BASELINE_ROWS = Math.min(ROWS, Number(process.env.BENCH_BASELINE_ROWS ?? 5_000));
const TARGET_RATIO = 10;
const TARGET_PEAK_MB = 600;
const TARGET_HEALTH_P99_MS = 100;
const HEALTH_INTERVAL_MS = 50;
const FLOORS = 20;
const UNITS_PER_FLOOR = 4;
const HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '联系电话',
  '房屋地址',
  '房号',
  '与户主关系',
  '人员类别',
  '标签',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

/** Row i: a unique valid ID number, an address of the synthetic district, a room in it. */
function rowAt(index: number, buildingCount: number): string[] {
  const unit = index % (buildingCount * FLOORS * UNITS_PER_FLOOR);
  const building = Math.floor(unit / (FLOORS * UNITS_PER_FLOOR)) + 1;
  const floor = Math.floor((unit % (FLOORS * UNITS_PER_FLOOR)) / UNITS_PER_FLOOR) + 1;
  const room = `${floor}${String((unit % UNITS_PER_FLOOR) + 1).padStart(2, '0')}`;
  // 1,000 sequences per birth date, dates over 60 years: unique up to ~21 million rows.
  const day = Math.floor(index / 1000);
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const body = `350102${birth}${String(index % 1000).padStart(3, '0')}`;
  const male = (index % 1000) % 2 === 1;
  return [
    SURNAMES[index % SURNAMES.length]! + GIVEN[Math.floor(index / 20) % GIVEN.length]!,
    body + idCheckCharacter(body),
    male ? '男' : '女',
    `139${String(index).padStart(8, '0')}`,
    `幸福路${building}号`,
    room,
    index % 3 === 0 ? '户主' : '子女',
    index % 4 === 0 ? '流动' : '户籍',
    index % 50 === 0 ? '独居老人' : '',
  ];
}

function csvLine(cells: readonly string[]): string {
  return cells.join(',') + '\n';
}

async function writeCsv(path: string, buildingCount: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(csvLine(HEADER));
  for (let index = 0; index < ROWS; index++) {
    if (!out.write(csvLine(rowAt(index, buildingCount)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(path: string, buildingCount: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('登记');
  sheet.addRow(HEADER).commit();
  for (let index = 0; index < ROWS; index++) sheet.addRow(rowAt(index, buildingCount)).commit();
  sheet.commit();
  await workbook.commit();
}

/** One autocommit transaction per row: the household, then the person. */
function baselineRowsPerS(dbPath: string, buildingCount: number): number {
  const db = openDatabase(dbPath);
  const household = db.prepare(
    'INSERT INTO households (unit_id, type, head_person_id) VALUES (?, ?, NULL)',
  );
  // Identifiers are stored sealed (decision 0016): the baseline seals them too, as the import does.
  const sealer = identifierSealerFor(db);
  const person = db.prepare(
    `INSERT INTO persons (household_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation, tags, synthetic) ` +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
  );
  const started = performance.now();
  for (let index = 0; index < BASELINE_ROWS; index++) {
    const row = rowAt(index, buildingCount);
    const unitId = (index % (buildingCount * FLOORS * UNITS_PER_FLOOR)) + 1;
    const householdId = Number(household.run(unitId, 'registered').lastInsertRowid);
    person.run(
      householdId,
      row[0],
      row[2] === '男' ? 'M' : 'F',
      '1950-01-01',
      ...personSealedValues(sealer.sealPerson({ idNumber: row[1]!, phone: row[3] ?? null })),
      'head',
      '',
    );
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return BASELINE_ROWS / seconds;
}

/** BENCH_CPU_PROF=<dir>: the import child writes a V8 CPU profile per run there. */
function profileArgs(label: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=import-${label}.cpuprofile`];
}

interface ImportRun {
  /** Accepted rows over the import's own time (file hash, both passes, commit). */
  rowsPerS: number;
  /** The same over the CLI's whole run, process start and TypeScript loading included. */
  rowsPerSWithStart: number;
  importSeconds: number;
  seconds: number;
  accepted: number;
  peakRssMb: number;
  healthP99Ms: number;
  healthSamples: number;
}

/** Runs the CLI on a fresh copy of the district while a server on the same file answers health. */
async function importRun(
  templateDb: string,
  dir: string,
  file: string,
  label: string,
): Promise<ImportRun> {
  const dataDir = join(dir, label);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dataDir, { recursive: true });
  const dbPath = join(dataDir, 'district.sqlite');
  copyFileSync(templateDb, dbPath);
  const server = await createServer({ dbPath, staticDir: dir, tilesetsDir: dir });
  const url = await server.listen(0);
  const latencies: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const started = performance.now();
      await fetch(`${url}/api/health`).then((response) => response.text());
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
    }
  })();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...profileArgs(label), '--import', 'tsx', 'scripts/import.ts', 'registers', file],
    {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  const seconds = (performance.now() - started) / 1000;
  polling = false;
  await poller;
  await server.close();
  const last = JSON.parse(stdout.trim().split('\n').pop()!) as {
    accepted: number;
    rejected: number;
    peakRssMb: number;
    importSeconds: number;
  };
  if (code !== 0) throw new Error(`import ${label} failed: ${stdout}`);
  latencies.sort((a, b) => a - b);
  return {
    rowsPerS: Math.round(last.accepted / last.importSeconds),
    rowsPerSWithStart: Math.round(last.accepted / seconds),
    importSeconds: last.importSeconds,
    seconds: Math.round(seconds * 10) / 10,
    accepted: last.accepted,
    peakRssMb: last.peakRssMb,
    healthP99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
    healthSamples: latencies.length,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    const templateDb = join(dir, 'template.sqlite');
    const district = writeSyntheticDistrict(templateDb, {
      streetCount: 2,
      communitiesPerStreet: 2,
      gridsPerCommunity: 5,
      buildingsPerGrid: 10,
      floors: FLOORS,
      unitsPerFloor: UNITS_PER_FLOOR,
      vacantEvery: 1_000_000,
      rentalEvery: 1_000_000,
      householdsPerUnit: 0,
      personsPerHousehold: 0,
    });
    const csv = join(dir, 'register.csv');
    const xlsx = join(dir, 'register.xlsx');
    process.stderr.write(`writing ${ROWS} rows as CSV and XLSX…\n`);
    await writeCsv(csv, district.buildingCount);
    await writeXlsx(xlsx, district.buildingCount);
    const baselineDb = join(dir, 'baseline.sqlite');
    copyFileSync(templateDb, baselineDb);
    const baseline = baselineRowsPerS(baselineDb, district.buildingCount);
    process.stderr.write(
      `baseline (autocommit per row, ${BASELINE_ROWS} rows): ${Math.round(baseline)} rows/s\n`,
    );
    const fromCsv = await importRun(templateDb, dir, csv, 'csv');
    process.stderr.write(`CSV: ${JSON.stringify(fromCsv)}\n`);
    const fromXlsx = await importRun(templateDb, dir, xlsx, 'xlsx');
    process.stderr.write(`XLSX: ${JSON.stringify(fromXlsx)}\n`);
    const ratio = Math.round((Math.min(fromCsv.rowsPerS, fromXlsx.rowsPerS) / baseline) * 10) / 10;
    const peak = Math.max(fromCsv.peakRssMb, fromXlsx.peakRssMb);
    const p99 = Math.max(fromCsv.healthP99Ms, fromXlsx.healthP99Ms);
    console.log(
      JSON.stringify({
        rows: ROWS,
        csv: fromCsv,
        xlsx: fromXlsx,
        baselineRowsPerS: Math.round(baseline),
        baselineRows: BASELINE_ROWS,
        ratio,
        targetRatio: TARGET_RATIO,
        peakRssMb: peak,
        targetPeakMb: TARGET_PEAK_MB,
        healthP99Ms: p99,
        targetHealthP99Ms: TARGET_HEALTH_P99_MS,
        met: ratio >= TARGET_RATIO && peak <= TARGET_PEAK_MB && p99 <= TARGET_HEALTH_P99_MS,
        loadavg: loadavg().map((value) => Math.round(value * 100) / 100),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
