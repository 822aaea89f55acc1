import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SimulationConfig, SparseConnectivity, SpikeTrain, composeSimulator, randomInitialPhases } from '@sparseprop/core/plugin';
import { compareSpikeTrains } from '@sparseprop/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { formatInitialPhases } from '../io/initial-phases-file.js';
import { formatNetworkCsv } from '../io/network-file.js';
import { parseSpikeCsv } from '../io/spike-csv-writer.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from './run-command.js';
import { tempDir } from '../temp-dir.test-support.js';

const dir = tempDir('run');
afterAll(dir.cleanup);
const container = createCliContainer();

/** Run the command in-process in the temp directory. */
async function run(argv: string[], tty = false) {
  const io = capturedIo(dir.path, tty);
  const code = await runCommand(argv, io, { container });
  return { code, out: io.out(), err: io.err() };
}

/** The spikes an in-process composeSimulator run records. */
function simulateInProcess(config: SimulationConfig, spikes: number): SpikeTrain {
  const train = new SpikeTrain(spikes);
  composeSimulator(config, container).simulator.run({ maxSpikes: spikes, record: train });
  return train;
}

function readSpikes(file: string): SpikeTrain {
  const { times, neurons } = parseSpikeCsv(readFileSync(join(dir.path, file), 'utf8'));
  const train = new SpikeTrain(times.length);
  times.forEach((t, s) => train.push(t, neurons[s]));
  return train;
}

function expectSameTrain(actual: SpikeTrain, expected: SpikeTrain): void {
  expect(actual.length).toBe(expected.length);
  expect(Array.from(actual.neurons)).toEqual(Array.from(expected.neurons));
  expect(Array.from(actual.times)).toEqual(Array.from(expected.times)); // exact: times are written with full precision
}

describe('sparseprop run (in-process)', () => {
  it('prints one JSON object with exactly the summary keys', async () => {
    const { code, out, err } = await run(['--n', '300', '--k', '20', '--spikes', '2000', '--json']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(out) as Record<string, number>;
    expect(Object.keys(summary)).toEqual(['neurons', 'spikes', 'simulatedSeconds', 'rateHz', 'wallSeconds', 'nsPerSpike', 'populations']);
    expect(summary.neurons).toBe(300);
    expect(summary.spikes).toBe(2000);
    expect(summary.simulatedSeconds).toBeGreaterThan(0);
    expect(summary.rateHz).toBeCloseTo(summary.spikes / summary.simulatedSeconds / summary.neurons, 12);
    expect(summary.nsPerSpike).toBeCloseTo((summary.wallSeconds * 1e9) / summary.spikes, 6);
  });

  it('prints the human summary with every figure', async () => {
    const { code, out } = await run(['--n', '200', '--k', '10', '--spikes', '500']);
    expect(code).toBe(0);
    expect(out).toMatch(/^lif model, SparseProp, phase frame \(exponential keys\), wasm engine, procedural network\n/);
    for (const label of ['neurons', 'spikes', 'simulated time', 'mean rate', 'wall time', 'ns per spike']) expect(out).toContain(label);
    expect(out).toMatch(/neurons\s+200\n/);
    expect(out).toMatch(/spikes\s+500\n/);
  });

  it('names the queue when --engine js (default calendar queue) or --queue picks the JS engine', async () => {
    for (const [args, queue] of [[['--engine', 'js'], 'calendar'], [['--queue', 'binary'], 'binary']] as const) {
      const { code, out } = await run(['--n', '200', '--k', '10', '--spikes', '500', ...args]);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^lif model, SparseProp, phase frame \\(exponential keys\\), ${queue} queue, procedural network\n`));
    }
  });

  it('refuses --engine wasm for a model the kernel does not run, naming the engine', async () => {
    const { code, err } = await run(['--n', '200', '--k', '10', '--spikes', '500', '--model', 'qif', '--engine', 'wasm']);
    expect(code).toBe(2);
    expect(err).toMatch(/engine must be an engine that supports this network \(model qif/);
  });

  it('writes --out spikes equal to an in-process composeSimulator run (LIF, phase frame)', async () => {
    const { code } = await run(['--n', '300', '--k', '20', '--seed', '7', '--spikes', '3000', '--out', 'lif.csv', '--quiet']);
    expect(code).toBe(0);
    expect(readFileSync(join(dir.path, 'lif.csv'), 'utf8').split('\n')[0]).toBe('time_s,neuron');
    expectSameTrain(readSpikes('lif.csv'), simulateInProcess({ n: 300, k: 20, seed: 7 }, 3000));
  });

  it('writes --out spikes equal to an in-process run (QIF, heterogeneous, time frame, pairing queue)', async () => {
    const flags = ['--model', 'qif', '--eta', '-0.3', '--queue', 'pairing', '--n', '250', '--k', '25', '--spikes', '2000'];
    const { code } = await run([...flags, '--out', 'qif.csv', '--quiet']);
    expect(code).toBe(0);
    expectSameTrain(readSpikes('qif.csv'), simulateInProcess({ model: 'qif', eta: -0.3, queue: 'pairing', n: 250, k: 25 }, 2000));
  });

  it('gives the same spikes with --reference as SparseProp on a small inhibitory network', async () => {
    const flags = ['--n', '200', '--k', '20', '--j0', '2', '--spikes', '3000', '--quiet'];
    expect((await run([...flags, '--out', 'sparse.csv'])).code).toBe(0);
    expect((await run([...flags, '--reference', '--out', 'reference.csv'])).code).toBe(0);
    const comparison = compareSpikeTrains(readSpikes('sparse.csv'), readSpikes('reference.csv'));
    expect(comparison.compared).toBe(3000);
    expect(comparison.identicalPrefix).toBe(3000);
    expect(comparison.maxRelativeTimeError).toBeLessThan(1e-9);
  });

  it('runs an explicit --network file like the in-process run with the same connectivity, N inferred or given', async () => {
    const n = 120;
    const pre: number[] = [], post: number[] = [], weight: number[] = [];
    for (let j = 0; j < n; j++) {
      for (let s = 1; s <= 10; s++) {
        pre.push(j);
        post.push((j + s * 11) % n);
        weight.push(-0.05 - 0.01 * ((j * s) % 7));
      }
    }
    const connectivity = SparseConnectivity.fromEdges(n, pre, post, weight);
    writeFileSync(join(dir.path, 'edges.csv'), formatNetworkCsv(connectivity));
    const expected = simulateInProcess({ n, k: 10, connectivity }, 1500);
    expect((await run(['--network', 'edges.csv', '--k', '10', '--spikes', '1500', '--out', 'net.csv', '--quiet'])).code).toBe(0);
    expectSameTrain(readSpikes('net.csv'), expected);
    // --n given: more neurons than the file names (the extra ones have no outgoing synapses)
    const wider = simulateInProcess({ n: 130, k: 10, connectivity: SparseConnectivity.fromEdges(130, pre, post, weight) }, 800);
    const { code, out } = await run(['--network', 'edges.csv', '--n', '130', '--k', '10', '--spikes', '800', '--out', 'wide.csv', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).neurons).toBe(130);
    expectSameTrain(readSpikes('wide.csv'), wider);
  });

  it('starts from --init phases: the default random phases written out reproduce the default run', async () => {
    const config = { n: 150, k: 15, seed: 3 };
    const { model, plugin } = composeSimulator(config, container);
    const phases = randomInitialPhases(model, plugin, 3);
    writeFileSync(join(dir.path, 'phases.txt'), `\n${formatInitialPhases(phases).replace(/\n/g, '\n\n')}`); // blank lines are ignored
    expect((await run(['--n', '150', '--k', '15', '--seed', '3', '--spikes', '1000', '--out', 'default.csv', '-q'])).code).toBe(0);
    // another seed for the network would differ; same seed plus --init of the same phases must not
    expect((await run(['--n', '150', '--k', '15', '--seed', '3', '--init', 'phases.txt', '--spikes', '1000', '--out', 'init.csv', '-q'])).code).toBe(0);
    expectSameTrain(readSpikes('init.csv'), readSpikes('default.csv'));
    // other phases: the same as in-process with those phases
    const shifted = phases.map((p) => p * 0.5);
    writeFileSync(join(dir.path, 'shifted.txt'), formatInitialPhases(shifted));
    expect((await run(['--n', '150', '--k', '15', '--seed', '3', '--init', 'shifted.txt', '--spikes', '1000', '--out', 'shifted.csv', '-q'])).code).toBe(0);
    expectSameTrain(readSpikes('shifted.csv'), simulateInProcess({ ...config, initialPhases: shifted }, 1000));
  });

  it('lets flags override the config file, key by key', async () => {
    writeFileSync(join(dir.path, 'net.json'), JSON.stringify({ n: 400, k: 30, seed: 5, spikes: 700, out: 'from-config.csv' }));
    const overridden = await run(['--config', 'net.json', '--n', '300', '--out', 'from-flags.csv', '--json']);
    expect(overridden.code).toBe(0);
    expect(JSON.parse(overridden.out)).toMatchObject({ neurons: 300, spikes: 700 });
    expect(existsSync(join(dir.path, 'from-config.csv'))).toBe(false);
    expect((await run(['--n', '300', '--k', '30', '--seed', '5', '--spikes', '700', '--out', 'flags-only.csv', '-q'])).code).toBe(0);
    expectSameTrain(readSpikes('from-flags.csv'), readSpikes('flags-only.csv'));
    // a flag stop condition replaces the file's
    const timed = await run(['--config', 'net.json', '--duration', '0.05', '--json']);
    expect(timed.code).toBe(0);
    expect(JSON.parse(timed.out).simulatedSeconds).toBeCloseTo(0.05, 12);
  });

  it('passes model parameters from the config and --param, flags winning per parameter (EIF)', async () => {
    writeFileSync(join(dir.path, 'eif.json'), JSON.stringify({ model: 'eif', n: 200, k: 20, spikes: 600, modelParams: { dT: 0.2, vPeak: 500 } }));
    expect((await run(['--config', 'eif.json', '--param', 'dT=0.15', '--out', 'eif-config.csv', '-q'])).code).toBe(0);
    expectSameTrain(readSpikes('eif-config.csv'), simulateInProcess({ model: 'eif', n: 200, k: 20, modelParams: { dT: 0.15, vPeak: 500 } }, 600));
  });

  it('runs a Chebyshev variant close to its base model', async () => {
    const flags = ['--n', '200', '--k', '20', '--spikes', '500', '-q'];
    expect((await run([...flags, '--model', 'chebyshev:lif', '--out', 'cheb.csv'])).code).toBe(0);
    expect((await run([...flags, '--model', 'lif', '--out', 'base.csv'])).code).toBe(0);
    const comparison = compareSpikeTrains(readSpikes('cheb.csv'), readSpikes('base.csv'), 1e-9);
    expect(comparison.identicalPrefix).toBeGreaterThanOrEqual(100);
  });

  it('runs for a simulated --duration', async () => {
    const { code, out } = await run(['--n', '200', '--k', '10', '--duration', '0.25', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary.simulatedSeconds).toBeCloseTo(0.25, 12);
    expect(summary.rateHz).toBeCloseTo(summary.spikes / 0.25 / 200, 9);
  });

  it('draws a progress bar on a terminal only, and never with --quiet', async () => {
    const tty = await run(['--n', '300', '--k', '10', '--spikes', '20000'], true);
    expect(tty.code).toBe(0);
    expect(tty.err).toContain('simulating');
    expect(tty.err).toContain('spikes');
    expect(tty.out).toContain('ns per spike');
    const timed = await run(['--n', '300', '--k', '10', '--duration', '1'], true);
    expect(timed.err).toContain('ms');
    expect((await run(['--n', '300', '--k', '10', '--spikes', '2000'], false)).err).toBe('');
    const quiet = await run(['--n', '300', '--k', '10', '--spikes', '2000', '--quiet'], true);
    expect(quiet).toEqual({ code: 0, out: '', err: '' });
    const quietJson = await run(['--n', '300', '--k', '10', '--spikes', '2000', '--quiet', '--json'], true);
    expect(quietJson.err).toBe('');
    expect(Object.keys(JSON.parse(quietJson.out))).toHaveLength(7); // the six figures and the per-population statistics
  });

  it('prints its usage for --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: sparseprop run/);
  });
});
