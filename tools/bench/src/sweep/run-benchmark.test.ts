import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchOptions } from './bench-options.js';
import { renderPlotSvg } from './bench-plot.js';
import { formatReport } from './bench-table.js';
import { findRepositoryRoot } from './repository-root.js';
import { runBenchmark } from './run-benchmark.js';

const root = findRepositoryRoot();
const anchorPresent = root !== undefined && existsSync(resolve(root, '..', 'shared', 'anchors', 'c', 'sp.c'));
const scratch = mkdtempSync(join(tmpdir(), 'sparseprop-bench-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('runBenchmark (tiny sweep: N = 200, 2000 spikes, child processes)', () => {
  it('measures every series, matches the C anchor spike for spike, and reports medians of raw repetitions', async () => {
    const options = parseBenchOptions([
      '--n', '200', '--spikes', '2000', '--warmup', '500', '--reps', '2', '--reference-max-n', '200', '--naive-max-n', '200',
      ...(anchorPresent ? [] : ['--no-anchor']),
    ]);
    const steps: string[] = [];
    let planned = 0, done = 0;
    const report = await runBenchmark(
      options,
      { onPlanned: (total) => (planned = total), onTask: (task) => steps.push(task), onStep: () => done++ },
      { anchorBuildDir: join(scratch, 'anchor') },
    );
    expect(done).toBe(planned);
    expect(steps.some((s) => s.includes('rep 2/2'))).toBe(true);

    // JSON shape: serialisable, raw repetitions and medians per series
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toMatchObject({ tool: 'sparseprop bench', formatVersion: 1, clock: 'cpu', anchor: { used: anchorPresent } });
    // the WebAssembly kernel first, then the JS engine with the binary heap
    expect(json.configurations.map((c: { engine: string }) => c.engine)).toEqual(['wasm', 'js']);
    const [kernel] = report.configurations[0].sizes;
    expect(kernel.runs.ours).toHaveLength(2);
    expect(kernel.runs.inlined).toHaveLength(2); // the kernel driven directly, without the engine plugin around it
    expect(kernel.checks.inlinedVsOurs.status).toBe('identical');
    expect(kernel.memory.engine?.arrayBytesPerNeuron).toBeGreaterThan(16); // its linear memory counts as state
    if (anchorPresent) expect(kernel.checks.oursVsSp.status).toBe('identical');
    const [size] = report.configurations[1].sizes;
    expect(size).toMatchObject({ n: 200, k: 100, spikes: 2000, linearSpikes: 2000 });
    expect(size.runs.ours).toHaveLength(2);
    expect(size.runs.inlined).toHaveLength(2);
    expect(size.runs.reference).toHaveLength(2);
    expect(size.medians.ours?.spikes).toBe(2000);
    expect(size.medians.ours?.cpuNsPerSpike).toBeGreaterThan(0);
    expect(size.rateHz).toBeGreaterThan(1);
    expect(size.memory.engine?.rssBytesPerNeuron).toBeGreaterThanOrEqual(0);
    expect(size.memory.engine?.arrayBytesPerNeuron).toBeGreaterThan(16); // keys and heap indices at least
    expect(size.checks.inlinedVsOurs.status).toBe('identical');
    if (anchorPresent) {
      expect(size.runs['c-sp']).toHaveLength(2);
      expect(size.runs['c-naive']).toHaveLength(2);
      expect(size.checks.oursVsSp.status).toBe('identical');
      expect(size.checks.spBestVsSp.status).toBe('identical');
      expect(size.checks.referenceVsNaive.status).toBe('identical');
      expect(size.ratios.oursOverSp).toBeGreaterThan(0);
    }

    const text = formatReport(report);
    expect(text).toMatch(/\| 200( ᵐ)? \| 2000 \|/);
    const svg = await renderPlotSvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('ours (DI engine)');
  });
});
