// Needs the C anchor (pnpm test:anchors, not the default suite): its sources in
// SPARSEPROP_ANCHOR_DIR or shared/anchors/c beside the clone, and gcc and make.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchOptions } from './bench-options.js';
import { formatReport } from './bench-table.js';
import { runBenchmark } from './run-benchmark.js';

const scratch = mkdtempSync(join(tmpdir(), 'sparseprop-bench-anchor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('runBenchmark with the C anchor (tiny sweep: N = 200, 2000 spikes)', () => {
  it('matches the C anchor spike for spike: sp, sp_best and naive against the kernel, the JS engine and the O(N) reference', async () => {
    // a named anchor folder (--anchor-source or SPARSEPROP_ANCHOR_DIR) that cannot be used stops the run:
    // this test fails, saying what is missing, rather than measuring without the anchor
    const notes: string[] = [];
    const options = parseBenchOptions(['--n', '200', '--spikes', '2000', '--warmup', '500', '--reps', '2', '--reference-max-n', '200', '--naive-max-n', '200', '--brian2', 'off']);
    const report = await runBenchmark(options, { onNote: (note) => notes.push(note) }, { anchorBuildDir: join(scratch, 'anchor') });
    expect(notes).toEqual([]); // no "measuring without the C series"
    expect(report.anchor.used).toBe(true);
    const [kernel] = report.configurations[0].sizes;
    expect(kernel.checks.oursVsSp.status).toBe('identical');
    // the lazy calendar prototype, when its source is beside sp.c, simulates the same spikes
    if (report.anchor.lazy === true) {
      expect(kernel.runs['c-sp_lazy']).toHaveLength(2);
      expect(kernel.checks.oursVsSpLazy?.status).toBe('identical');
    }
    const [size] = report.configurations[1].sizes;
    expect(size.runs['c-sp']).toHaveLength(2);
    expect(size.runs['c-sp_best']).toHaveLength(2);
    expect(size.runs['c-naive']).toHaveLength(2);
    expect(size.checks.oursVsSp.status).toBe('identical');
    expect(size.checks.spBestVsSp.status).toBe('identical');
    expect(size.checks.referenceVsNaive.status).toBe('identical');
    expect(size.ratios.oursOverSp).toBeGreaterThan(0);
    expect(formatReport(report)).toMatch(/\| identical \|/);
  });
});
