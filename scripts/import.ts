/**
 * `npm run import -- <grids|buildings|registers|rentals|workers> <file> [--crs …] [--dry-run]
 * [--map field=column]…` and `npm run import -- rollback <batchId>`: the import for scripts.
 * Progress goes to stderr; the last line of stdout is JSON (rows, accepted, rejected, errorFile…,
 * or {error} with a non-zero exit). It writes into `$DATA_DIR/district.sqlite`, or with
 * DISTRICT_CONFIG into that district's register, or with DATABASE_URL=postgres://… into that
 * PostgreSQL database (migrated first; the data key as the server's: DATA_KEY, DATA_KEY_FILE or
 * `$DATA_DIR/data.key`).
 */
import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseImportArgs } from './import/importArgs';
import { runImport, ImportRequestError } from '../src/server/imports/runImport';
import { openImportDatabase } from '../src/server/imports/importDatabase';
import { useImportHeap } from '../src/server/imports/importHeap';
import { databaseConfigFromEnv } from '../src/server/store/databaseConfig';
import { runPostgresMigrationsOnPool } from '../src/server/store/pg/postgresMigrations';
import { RollbackRefused } from '../src/server/store/registerImportStore';
import { CrsError } from '../src/domain/geo/crs';
import { TableFormatError } from '../src/server/imports/tableRows';
import {
  DistrictConfigError,
  loadDistrictConfig,
  type DistrictConfig,
} from '../src/server/config/districtConfig';

const DB_FILE_NAME = 'district.sqlite';

/**
 * The process's memory when its resident set was largest among samples four times a second:
 * the main thread's heap and its external memory (buffers), and the rest (worker threads' heaps,
 * SQLite's page cache and sorter, code), for bench:import's attribution of the peak. A timer
 * cannot fire while the main thread is in a long synchronous SQLite call (the bulk load's
 * catch-up at the end), so a peak reached there is missing: compare rssMb with peakRssMb.
 */
function memoryAtPeak(): () => Record<string, number> {
  let peak = process.memoryUsage();
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  }, 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return {
      rssMb: mb(peak.rss),
      mainHeapMb: mb(peak.heapTotal),
      mainHeapUsedMb: mb(peak.heapUsed),
      externalMb: mb(peak.external),
      restMb: mb(peak.rss - peak.heapTotal - peak.external),
    };
  };
}

function fail(code: string, zh: string, en: string): never {
  process.stderr.write(`${zh}\n${en}\n`);
  process.stdout.write(`${JSON.stringify({ error: { code, messageZh: zh, messageEn: en } })}\n`);
  process.exit(2);
}

/** DISTRICT_CONFIG names the district to import into (its dataDir and register). */
function configuredDistrict(): DistrictConfig | null {
  const configPath = process.env.DISTRICT_CONFIG;
  if (configPath === undefined || configPath === '') return null;
  try {
    return loadDistrictConfig(configPath);
  } catch (error) {
    if (!(error instanceof DistrictConfigError)) throw error;
    fail(
      'config',
      `辖区配置有误：${error.describe()}`,
      `district configuration: ${error.describe()}`,
    );
  }
}

async function main(): Promise<void> {
  useImportHeap();
  let args;
  try {
    args = parseImportArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CrsError) fail('crs', `坐标系无效：${error.message}`, error.message);
    const message = error instanceof Error ? error.message : String(error);
    fail('usage', `参数错误：${message}`, message);
  }
  const district = configuredDistrict();
  const dataDir = district?.dataDir ?? process.env.DATA_DIR ?? './data';
  const engine = databaseConfigFromEnv(process.env);
  const opened = openImportDatabase(
    engine.engine === 'postgres'
      ? { engine: 'postgres', url: engine.url }
      : { engine: 'sqlite', dbPath: district?.dbPath ?? join(dataDir, DB_FILE_NAME) },
    dataDir,
  );
  const actor = `cli:${userInfo().username}`;
  try {
    if (opened.target.engine === 'postgres') await runPostgresMigrationsOnPool(opened.target.pool);
    if (args.command === 'rollback') {
      const batch = await opened.batches.rollback(args.batchId, actor, new Date().toISOString());
      await opened.recordAudit({
        at: new Date().toISOString(),
        username: actor,
        action: 'import_rollback',
        targetType: 'import',
        targetId: batch.id,
        fields: JSON.stringify({
          kind: batch.kind,
          file: batch.fileName,
          sha256: batch.fileSha256,
        }),
        reason: '',
      });
      process.stdout.write(`${JSON.stringify({ rolledBack: batch.id, batch })}\n`);
      return;
    }
    let lastReport = 0;
    const started = performance.now();
    const memory = memoryAtPeak();
    const result = await runImport(opened.target, {
      kind: args.kind,
      filePath: args.file,
      crs: args.crs,
      dryRun: args.dryRun,
      mapping: args.mapping,
      actor,
      dataDir,
      recordAudit: opened.recordAudit,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - lastReport < 500 && done !== total) return;
        lastReport = now;
        process.stderr.write(`${args.kind}: ${done}${total === null ? '' : ` / ${total}`} rows\n`);
      },
    });
    for (const problem of result.problems.slice(0, 20)) {
      process.stderr.write(
        `  ${problem.severity} row ${problem.row ?? '-'} ${problem.column ?? ''}: ${problem.messageZh} / ${problem.messageEn}\n`,
      );
    }
    if (result.problems.length > 20) {
      process.stderr.write(`  … ${result.problems.length - 20} more in ${result.errorFile}\n`);
    }
    const { problems, ...rest } = result;
    process.stdout.write(
      `${JSON.stringify({
        ...rest,
        problems: problems.length,
        errors: problems.filter((p) => p.severity === 'error').length,
        // Peak resident memory of this process (KiB on Linux), for bench:import.
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        memoryAtPeak: memory(),
        importSeconds: Math.round((performance.now() - started) / 100) / 10,
      })}\n`,
    );
  } catch (error) {
    if (error instanceof ImportRequestError) fail(error.code, error.messageZh, error.message);
    if (error instanceof RollbackRefused) fail(error.code, error.messageZh, error.message);
    if (error instanceof TableFormatError) fail('file-type', error.messageZh, error.message);
    throw error;
  } finally {
    await opened.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.stdout.write(
    `${JSON.stringify({ error: { code: 'failed', messageZh: `导入失败：${message}`, messageEn: message } })}\n`,
  );
  process.exit(1);
});
