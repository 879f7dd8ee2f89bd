/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after the default
 * reporter, so CI logs say how many tests ran in a form any reader can parse; before it, the
 * slowest test files (time in their tests and hooks plus their import), so a CI log also says
 * where `npm test`'s time goes.
 */
import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST_SHOWN = 12;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      let failedTests = 0;
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failedTests++;
        else counts.skipped++;
      }
      // A file that failed outside its tests (its import, a beforeAll whose tests were then
      // skipped) counts as one failure: the line must never read 0 failed on a failed run.
      counts.failed += testModule.state() === 'failed' ? Math.max(failedTests, 1) : failedTests;
    }
    console.log(slowestFiles(testModules));
    console.log(
      `\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
}

/** The slowest files as lines `  12.3 s  [project] path`, with their sum against the whole. */
export function slowestFiles(testModules: ReadonlyArray<TestModule>): string {
  const timed = testModules.map((testModule) => {
    const diagnostic = testModule.diagnostic();
    return {
      seconds: (diagnostic.duration + diagnostic.collectDuration) / 1000,
      name: `[${testModule.project.name}] ${testModule.relativeModuleId}`,
    };
  });
  timed.sort((a, b) => b.seconds - a.seconds);
  const total = timed.reduce((sum, file) => sum + file.seconds, 0);
  const shown = timed.slice(0, SLOWEST_SHOWN);
  const shownTotal = shown.reduce((sum, file) => sum + file.seconds, 0);
  return [
    `\nslowest test files (${shownTotal.toFixed(0)} s of ${total.toFixed(0)} s summed over ${timed.length} files):`,
    ...shown.map((file) => `${file.seconds.toFixed(1).padStart(7)} s  ${file.name}`),
  ].join('\n');
}
