/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after the default
 * reporter, so CI logs say how many tests ran in a form any reader can parse.
 */
import type { Reporter, TestModule } from 'vitest/node';

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
    console.log(
      `\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
}
