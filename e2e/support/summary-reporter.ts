/**
 * Prints one final line after the list reporter: totals, wall time, and the reason for every skip (the
 * only expected skip is the Electron-launch specs on a machine without an Electron binary), so a log
 * reader sees at a glance what did not run and why.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private readonly counts = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
  private readonly skipReasons = new Set<string>();

  onTestEnd(test: TestCase, result: TestResult): void {
    // Only the final attempt of a test counts (retries report each attempt).
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    const outcome = test.outcome();
    if (outcome === 'expected') this.counts.passed++;
    else if (outcome === 'flaky') this.counts.flaky++;
    else if (outcome === 'skipped') {
      this.counts.skipped++;
      for (const a of [...test.annotations, ...result.annotations]) {
        if (a.type === 'skip' && a.description) this.skipReasons.add(a.description);
      }
    } else this.counts.failed++;
  }

  onEnd(result: FullResult): void {
    const { passed, failed, flaky, skipped } = this.counts;
    const seconds = (result.duration / 1000).toFixed(1);
    const parts = [`${passed} passed`, `${failed} failed`];
    if (flaky) parts.push(`${flaky} flaky`);
    parts.push(`${skipped} skipped`);
    const reasons = [...this.skipReasons].map((r) => ` — skipped: ${r}`).join('');
    console.log(`\ne2e ${result.status.toUpperCase()}: ${parts.join(', ')} in ${seconds} s${reasons}`);
    // scripts/test-all.sh adds these counts to the suite's closing line.
    mkdirSync('.cache', { recursive: true });
    writeFileSync('.cache/e2e-summary.json', JSON.stringify({ passed: passed + flaky, failed, skipped }));
  }

  printsToStdio(): boolean {
    return true;
  }
}
