import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpikeTrain } from '@sparseprop/core';
import { NetworkReferenceSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { compileNetwork, referencePreset } from '@sparseprop/network';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.test-support.js';
import { capturedIo } from '../cli-io.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from './run-command.js';

const dir = tempDir('network-run');
afterAll(dir.cleanup);
const container = createCliContainer();

async function run(argv: string[]) {
  const io = capturedIo(dir.path, false);
  const code = await runCommand(argv, io, { container });
  return { code, out: io.out(), err: io.err() };
}

const read = (file: string) => readFileSync(join(dir.path, file), 'utf8');

describe('sparseprop run with network features', () => {
  it('the reference preset as a network config gives byte-identical spikes to a plain run', async () => {
    writeFileSync(join(dir.path, 'ref.json'), JSON.stringify(referencePreset({ n: 2000, k: 50 })));
    expect((await run(['--n', '2000', '--k', '50', '--spikes', '3000', '--out', 'plain.csv', '-q'])).code).toBe(0);
    expect((await run(['--config', 'ref.json', '--spikes', '3000', '--out', 'config.csv', '-q'])).code).toBe(0);
    expect((await run(['--preset', 'reference', '--n', '2000', '--k', '50', '--spikes', '3000', '--out', 'preset.csv', '-q'])).code).toBe(0);
    expect(read('config.csv')).toBe(read('plain.csv'));
    expect(read('preset.csv')).toBe(read('plain.csv'));
  });

  it('a network config with delays, refractoriness and input events runs the network engine, equal to --reference', async () => {
    writeFileSync(join(dir.path, 'kicks.csv'), 'time_s,neuron,weight\n0.001,3,0.9\n0.001,4,0.9\n0.004,60,1.2\n');
    const config = {
      tau: 0.02,
      populations: { E: { size: 80, iext: -1, refractory: 0.002, modelParams: { vReset: 0.5 } }, I: { size: 20, iext: -1, refractory: 0.002, modelParams: { vReset: 0.5 } } },
      projections: [
        { from: 'E', to: 'E', inDegree: 10, weight: 0.04, delay: 0.0015 },
        { from: 'E', to: 'I', inDegree: 10, weight: 0.04, delay: 0.0015 },
        { from: 'I', to: 'E', inDegree: 3, weight: -0.2, delay: { uniform: { min: 0.001, max: 0.002 } } },
        { from: 'I', to: 'I', inDegree: 3, weight: -0.2, delay: 0.001 },
      ],
      inputs: [{ poisson: { to: ['E', 'I'], rate: 30, count: 100, weight: 0.04 } }, { events: 'kicks.csv' }],
    };
    writeFileSync(join(dir.path, 'net.json'), JSON.stringify(config));
    const fast = await run(['--config', 'net.json', '--duration', '0.3', '--out', 'fast.csv', '--json']);
    expect(fast.code).toBe(0);
    expect(JSON.parse(fast.out).spikes).toBeGreaterThan(100);
    expect((await run(['--config', 'net.json', '--duration', '0.3', '--out', 'slow.csv', '--reference', '-q'])).code).toBe(0);
    const a = read('fast.csv').trim().split('\n'), b = read('slow.csv').trim().split('\n');
    expect(a.length).toBe(b.length);
    for (let s = 1; s < a.length; s++) {
      const [ta, na] = a[s].split(','), [tb, nb] = b[s].split(',');
      expect(na).toBe(nb);
      // engine vs O(N) reference: rounding only (see packages/network engine-vs-reference.test.ts), far below 1e-9 s
      expect(Math.abs(Number(ta) - Number(tb))).toBeLessThan(1e-9);
    }
    // the CLI ran the same network as the library
    const built = compileNetwork(config, { models: [lif], readFile: (p) => readFileSync(join(dir.path, p), 'utf8') });
    const train = new SpikeTrain();
    new NetworkReferenceSimulator(built.network).run({ maxTimeSeconds: 0.3, record: train });
    expect(train.length).toBe(a.length - 1);
  });

  it('network runs are composed by composeSimulator: --engine reference is --reference, plain-network engines are refused', async () => {
    const config = {
      populations: { E: { size: 40, iext: -1, refractory: 0.002, modelParams: { vReset: 0.5 } }, I: { size: 10, iext: 0.1 } },
      projections: [{ from: 'E', to: 'I', outDegree: 5, weight: 0.05, delay: 0.001 }, { from: 'I', to: 'E', outDegree: 10, weight: -0.1, delay: 0.0005 }],
      inputs: [{ poisson: { to: 'E', rate: 20, count: 50, weight: 0.05 } }],
    };
    writeFileSync(join(dir.path, 'small.json'), JSON.stringify(config));
    const net = ['--config', 'small.json', '--duration', '0.2'];
    const byFlag = await run([...net, '--reference', '--out', 'ref-flag.csv', '--json']);
    expect(byFlag.code).toBe(0);
    expect((await run([...net, '--engine', 'reference', '--out', 'ref-engine.csv', '-q'])).code).toBe(0);
    expect(read('ref-engine.csv')).toBe(read('ref-flag.csv'));
    expect(JSON.parse(byFlag.out).spikes).toBeGreaterThan(50);
    const text = await run([...net, '--engine', 'network']);
    expect(text.out).toMatch(/network engine|32-ary queue/);
    const refused = await run([...net, '--engine', 'exp-key']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/engine must be auto, js, network, reference, network-reference for a network with populations/);
  });

  it('single population flags: --refractory, --param vReset, --delay, an edge file with delay_s, --init-voltage', async () => {
    writeFileSync(join(dir.path, 'edges.csv'), 'pre,post,weight,delay_s\n0,1,-0.2,0.001\n1,2,-0.2,0\n2,0,-0.2,0.0005\n3,0,-0.1,0.002\n');
    writeFileSync(join(dir.path, 'v0.csv'), '0\n0.2\n0.4\n0.6\n');
    const r = await run(['--network', 'edges.csv', '--iext', '0.3', '--refractory', '0.001', '--param', 'vReset=0.1', '--init-voltage', 'v0.csv', '--spikes', '200', '--out', 's.csv', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).spikes).toBe(200);
    const first = read('s.csv').split('\n')[1].split(',');
    // neuron 3 starts closest to threshold: I = 1.3, t = tau ln((1.3 - 0.6)/0.3)
    expect(first[1]).toBe('3');
    expect(Number(first[0])).toBeCloseTo(0.01 * Math.log(0.7 / 0.3), 15);
  });

  it('errors name the file and line, or the flag and the allowed values; nothing is written', async () => {
    writeFileSync(join(dir.path, 'bad.csv'), 'time_s,neuron,weight\n0.001,5,0.5\n0.002,1000,0.5\n');
    const bad = await run(['--n', '1000', '--input-events', 'bad.csv', '--spikes', '10', '--out', 'never.csv']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/bad\.csv:3: neuron 1000 out of range: must be an integer in \[0, 999\]/);
    expect(dir.files()).not.toContain('never.csv');
    const preset = await run(['--preset', 'nest', '--spikes', '10']);
    expect(preset.err).toMatch(/preset must be reference or brunel, got "nest"/);
    writeFileSync(join(dir.path, 'dale.json'), JSON.stringify({ populations: { A: { size: 10 }, B: { size: 10 } }, projections: [{ from: 'A', to: 'B', outDegree: 2, weight: 0.1 }, { from: 'A', to: 'A', outDegree: 2, weight: -0.1 }] }));
    expect((await run(['--config', 'dale.json', '--spikes', '10'])).err).toMatch(/dale\.json: projections\[1\]\.weight must be of the sign of population A's other synapses/);
  });
});
