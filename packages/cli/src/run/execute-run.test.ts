import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContainer } from '../plugins.js';
import { type CliRunSummary } from './run-summary.js';
import { executeRun } from './execute-run.js';
import { prepareRun } from './prepare-run.js';
import type { ProgressReporter } from './progress.js';
import type { RunConfig } from './run-config.js';

const dir = mkdtempSync(join(tmpdir(), 'sparseprop-slices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const container = createCliContainer();
const memory = { totalBytes: 2 ** 34, freeBytes: 2 ** 33, freeIsAccurate: true };
const silent: ProgressReporter = { needsTime: false, every: 1 << 20, start() {}, update() {}, stop() {} };

async function runSliced(config: RunConfig, sliceSpikes: number | undefined, out: string): Promise<{ summary: CliRunSummary; csv: string }> {
  const prepared = prepareRun(config, { cwd: dir, container, memory });
  const summary = await executeRun(prepared, { out, cwd: dir, progress: silent, sliceSpikes });
  return { summary, csv: readFileSync(join(dir, out), 'utf8') };
}

describe('a run cut into slices (so signals are handled) gives the same spikes and summary', () => {
  const engines: [string, RunConfig][] = [
    ['wasm kernel (LIF)', { model: 'lif' }],
    ['JS exponential keys (LIF)', { model: 'lif', engine: 'js' }],
    ['JS phase frame (QIF)', { model: 'qif' }],
    ['JS time frame (heterogeneous EIF)', { model: 'eif', eta: 0.3 }],
    ['O(N) reference', { model: 'lif', reference: true }],
  ];
  it.each(engines)('%s: any slice size, spikes or duration (property)', async (_name, engineConfig) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: 1, max: 400 }),
        fc.oneof(fc.record({ spikes: fc.integer({ min: 0, max: 1500 }) }), fc.record({ duration: fc.double({ min: 1e-4, max: 0.5, noNaN: true }) })),
        fc.integer({ min: 0, max: 1000 }),
        async (n, slice, stop, seed) => {
          const config: RunConfig = { ...engineConfig, n, k: Math.min(10, n - 1), seed, ...stop };
          const whole = await runSliced(config, 2 ** 30, 'whole.csv');
          const sliced = await runSliced(config, slice, 'sliced.csv');
          expect(sliced.csv).toBe(whole.csv);
          expect({ ...sliced.summary, wallSeconds: 0, nsPerSpike: 0 }).toEqual({ ...whole.summary, wallSeconds: 0, nsPerSpike: 0 });
        },
      ),
      { numRuns: 15 },
    );
  });
});
