import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchOptions } from './bench-options.js';
import { renderPlotSvg } from './bench-plot.js';
import { formatReport } from './bench-table.js';
import { AnchorUnavailableError, runBenchmark } from './run-benchmark.js';

const scratch = mkdtempSync(join(tmpdir(), 'sparseprop-bench-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// the C anchor's cross-checks are in run-benchmark.anchors.test.ts (pnpm test:anchors);
// here the default anchor place is a folder that has none, so the sweep must go on without it
const noAnchorHere = { repositoryRoot: join(scratch, 'repository'), variables: {}, anchorBuildDir: join(scratch, 'anchor') };

describe('runBenchmark without the C anchor (tiny sweep: N = 200, 2000 spikes, child processes)', () => {
  it('says what the C series need, measures the JS and wasm series and reports medians of raw repetitions', async () => {
    // Brian2 compiles a program per size (half a minute): its series is checked in brian2-run.test.ts
    const options = parseBenchOptions(['--n', '200', '--spikes', '2000', '--warmup', '500', '--reps', '2', '--reference-max-n', '200', '--naive-max-n', '200', '--brian2', 'off']);
    const steps: string[] = [], notes: string[] = [];
    let planned = 0, done = 0;
    const report = await runBenchmark(
      options,
      { onPlanned: (total) => (planned = total), onTask: (task) => steps.push(task), onStep: () => done++, onNote: (note) => notes.push(note) },
      noAnchorHere,
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/Makefile and sp\.c not found in .*shared\/anchors\/c.*gcc and make.*without the C series/);
    expect(done).toBe(planned);
    expect(steps.some((s) => s.includes('rep 2/2'))).toBe(true);

    // JSON shape: serialisable, raw repetitions and medians per series
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toMatchObject({ tool: 'pnpm bench', formatVersion: 1, clock: 'cpu', anchor: { used: false } });
    expect(json.anchor.note).toMatch(/not available/);
    // the WebAssembly kernel first, then the JS engine with the binary heap
    expect(json.configurations.map((c: { engine: string }) => c.engine)).toEqual(['wasm', 'js']);
    const [kernel] = report.configurations[0].sizes;
    expect(kernel.runs.ours).toHaveLength(2);
    expect(kernel.runs.inlined).toHaveLength(2); // the kernel driven directly, without the engine plugin around it
    expect(kernel.checks.inlinedVsOurs.status).toBe('identical');
    expect(kernel.memory.engine?.arrayBytesPerNeuron).toBeGreaterThan(16); // its linear memory counts as state
    const [size] = report.configurations[1].sizes;
    expect(size).toMatchObject({ n: 200, k: 100, spikes: 2000, linearSpikes: 2000 });
    expect(size.runs.ours).toHaveLength(2);
    expect(size.runs.inlined).toHaveLength(2);
    expect(size.runs.reference).toHaveLength(2);
    expect(size.runs['c-sp']).toBeUndefined();
    expect(size.checks.oursVsSp.status).toBe('not compared');
    expect(size.medians.ours?.spikes).toBe(2000);
    // the reference is measured once per model and size, and shared by both configurations
    expect(size.runs.reference).toBe(kernel.runs.reference);
    // cost per simulated second = cost per spike × N × rate, repetition by repetition
    const [rep] = size.runs.ours ?? [];
    expect(size.medians.ours?.rateHz).toBeGreaterThan(1);
    expect(size.medians.ours?.cpuSecondsPerSimSecond).toBeGreaterThan(0);
    expect(rep.cpuNsPerSpike * 1e-9 * 200 * rep.rateHz).toBeGreaterThan(0);
    expect(size.medians.ours?.cpuNsPerSpike).toBeGreaterThan(0);
    expect(size.rateHz).toBeGreaterThan(1);
    expect(size.memory.engine?.rssBytesPerNeuron).toBeGreaterThanOrEqual(0);
    expect(size.memory.engine?.arrayBytesPerNeuron).toBeGreaterThan(16); // keys and heap indices at least
    expect(size.checks.inlinedVsOurs.status).toBe('identical');
    // the kernel and the JS engine simulate the same network: the same spike train
    expect(size.runs.ours?.[0].hash).toBe(kernel.runs.ours?.[0].hash);

    const text = formatReport(report);
    expect(text).toMatch(/\| 200( ᵐ)? \| 2000 \|/);
    expect(text).toMatch(/seconds per simulated second/);
    expect(text).toMatch(/Brian2: skipped \(--brian2 off\)/);
    expect(text).toMatch(/C anchor: not available/);
    const svg = await renderPlotSvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('ours (DI engine)');
  });

  it('stops when a named anchor folder cannot be used', async () => {
    const options = parseBenchOptions(['--n', '200', '--anchor-source', join(scratch, 'no-such-anchor')]);
    await expect(runBenchmark(options, {}, noAnchorHere)).rejects.toThrow(AnchorUnavailableError);
    const fromVariable = { ...noAnchorHere, variables: { SPARSEPROP_ANCHOR_DIR: join(scratch, 'no-such-anchor') } };
    await expect(runBenchmark(parseBenchOptions(['--n', '200']), {}, fromVariable)).rejects.toThrow(/not found in .*no-such-anchor/);
  });
});
