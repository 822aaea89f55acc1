import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AnchorUnavailableError } from './anchor-build.js';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions } from './bench-options.js';
import { writePlot } from './bench-plot.js';
import { BenchProgress } from './bench-progress.js';
import type { BenchReport } from './bench-results.js';
import { formatReport } from './bench-table.js';
import { runBenchmark } from './run-benchmark.js';

/** Exit codes of `pnpm bench`. */
export const BENCH_EXIT = { ok: 0, failed: 1, usage: 2, mismatch: 3 } as const;

function ensureParent(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/**
 * `pnpm bench [options]`: run the sweep, print one Markdown table per
 * configuration on stdout (progress on stderr), write the JSON report and
 * the plot when asked.
 *
 * @param argv the arguments after `bench`
 * @returns the exit code: 0 done, 1 failed, 2 bad usage, 3 a spike train
 *   differs from the C anchor's (the timings are still printed and written)
 */
export async function benchCommand(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (error instanceof BenchUsageError) {
      process.stderr.write(`pnpm bench: ${error.message}\n\n${BENCH_USAGE}`);
      return BENCH_EXIT.usage;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(BENCH_USAGE);
    return BENCH_EXIT.ok;
  }
  if (options.fromJson !== undefined) {
    let report: BenchReport;
    try {
      report = JSON.parse(readFileSync(options.fromJson, 'utf8')) as BenchReport;
      if (report.tool !== 'pnpm bench' || !Array.isArray(report.configurations)) throw new Error('not a pnpm bench --json report');
    } catch (error) {
      process.stderr.write(`pnpm bench: --from-json ${options.fromJson}: ${(error as Error).message}\n`);
      return BENCH_EXIT.usage;
    }
    process.stdout.write(`${formatReport(report)}\n`);
    if (options.plotPath !== undefined) {
      ensureParent(options.plotPath);
      await writePlot(report, options.plotPath);
      process.stderr.write(`wrote ${options.plotPath}\n`);
    }
    return BENCH_EXIT.ok;
  }
  const progress = new BenchProgress();
  let report;
  try {
    report = await runBenchmark(options, {
      onPlanned: (total) => progress.start(total),
      onTask: (task) => progress.describe(task),
      onStep: () => progress.step(),
      onNote: (message) => progress.note(message),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof AnchorUnavailableError) {
      process.stderr.write(`pnpm bench: ${error.message}\n`);
      return BENCH_EXIT.failed;
    }
    process.stderr.write(`pnpm bench failed: ${(error as Error).stack ?? String(error)}\n`);
    return BENCH_EXIT.failed;
  } finally {
    progress.stop();
  }
  process.stdout.write(`${formatReport(report)}\n`);
  if (options.jsonPath !== undefined) {
    ensureParent(options.jsonPath);
    writeFileSync(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`wrote ${options.jsonPath}\n`);
  }
  if (options.plotPath !== undefined) {
    ensureParent(options.plotPath);
    await writePlot(report, options.plotPath);
    process.stderr.write(`wrote ${options.plotPath}\n`);
  }
  const mismatch = report.configurations.some((c) => c.sizes.some((s) => Object.values(s.checks).some((check) => check.status === 'mismatch')));
  return mismatch ? BENCH_EXIT.mismatch : BENCH_EXIT.ok;
}
