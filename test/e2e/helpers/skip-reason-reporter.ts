import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why each skipped test was skipped, on one line, so a skip is never silent. */
export default class SkipReasonReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    process.stdout.write(`skipped: ${test.titlePath().filter(Boolean).join(' › ')} — ${reason}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
