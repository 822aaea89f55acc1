import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { decodeCheckpoint, matchedSpikeTimeLoss } from '@sparseprop/training';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from '../run/run-command.js';
import { tempDir } from '../temp-dir.test-support.js';
import { trainCommand } from './train-command.js';

const dir = tempDir('train');
afterAll(() => dir.cleanup());
const container = createCliContainer();
const read = (file: string) => readFileSync(join(dir.path, file), 'utf8');

async function train(file: string, task: object, ...flags: string[]) {
  writeFileSync(join(dir.path, file), JSON.stringify(task));
  const io = capturedIo(dir.path);
  const code = await trainCommand([file, '--json', ...flags], io, { container });
  return { code, summary: code === 0 ? JSON.parse(io.out()) : undefined, err: io.err() };
}

async function run(argv: string[]) {
  const io = capturedIo(dir.path, false);
  const code = await runCommand(argv, io, { container });
  return { code, err: io.err() };
}

function readSpikes(file: string): SpikeTrain {
  const train = new SpikeTrain();
  for (const line of read(file).trim().split('\n').slice(1)) {
    const [t, i] = line.split(',');
    train.push(Number(t), Number(i));
  }
  return train;
}

/** The trained network file holds exactly the checkpoint's recurrent weights (shortest round-trip decimals). */
function expectNetworkIsCheckpoint(outDir: string): SparseConnectivity {
  const trained = SparseConnectivity.fromCsv(read(`${outDir}/network.csv`));
  const checkpoint = decodeCheckpoint(read(`${outDir}/checkpoint.json`));
  expect(Array.from(trained.weight)).toEqual(Array.from(checkpoint.parameters.recurrent));
  return trained;
}

const OU = (outDir: string, epochs: number) => ({
  task: 'ou-tracking',
  network: { n: 20, k: 4, signals: 2, trialSeconds: 0.03, burnInSeconds: 0.005, inputRateHz: 200 },
  training: { epochs, batchSize: 2, testBatchSize: 2, learningRate: 0.003, clipNorm: 1, statsEvery: 1 },
  outDir,
});

describe('sparseprop train: teacher-student', () => {
  const task = {
    task: 'teacher-student',
    network: { n: 30, k: 6, spikes: 60, spread: 0.02 },
    training: { epochs: 25, batchSize: 1, testBatchSize: 1, optimizer: 'armijo', learningRate: 1e4, statsEvery: 5 },
    outDir: 'ts',
  };

  it('Armijo descent lowers the loss at every epoch; the trained network and initial state reproduce the final loss through sparseprop run', async () => {
    const { code, summary } = await train('ts.json', task);
    expect(code).toBe(0);
    for (const file of ['metrics.csv', 'metrics.json', 'network.csv', 'teacher-network.csv', 'initial-phases.txt', 'checkpoint.json', 'loss.png', 'weight-error.png']) expect(existsSync(join(dir.path, 'ts', file))).toBe(true);
    const metrics = JSON.parse(read('ts/metrics.json')).metrics as { testLoss: number }[];
    expect(metrics).toHaveLength(26);
    for (let e = 1; e < metrics.length; e++) expect(metrics[e].testLoss).toBeLessThan(metrics[e - 1].testLoss); // Armijo: a strict decrease per accepted step
    expect(summary.after.testLoss).toBeLessThan(1e-2 * summary.before.testLoss); // measured: 1.5e-7 → ~6e-10 s² in 25 steps
    expect(Object.keys(summary.forwardEngines)).toEqual(['wasm']); // LIF without delays: the WebAssembly kernel
    expect(read('ts/metrics.csv').split('\n')[0]).toContain('maxRelativeWeightError');
    expectNetworkIsCheckpoint('ts');

    // round trip: the trained student and the teacher, run by `sparseprop run` from the written initial state
    const flags = ['--init', 'ts/initial-phases.txt', '--iext', String(summary.runFlags.iext), '--tau', String(summary.runFlags.tauSeconds), '--spikes', '60', '-q'];
    expect((await run(['--network', 'ts/network.csv', ...flags, '--out', 'student.csv'])).code).toBe(0);
    expect((await run(['--network', 'ts/teacher-network.csv', ...flags, '--out', 'teacher.csv'])).code).toBe(0);
    const loss = matchedSpikeTimeLoss(readSpikes('student.csv'), readSpikes('teacher.csv'), 30).value;
    // the run engine may round spike times differently from the training forward (exponential keys against the time frame: ~1e-15 s on
    // differences d ~ 1e-6 s): the loss Σ d²/2 agrees to ~1e-9 relative; 1e-6 leaves room, a wrong network would be off by O(1)
    expect(Math.abs(loss - summary.after.testLoss)).toBeLessThanOrEqual(1e-6 * summary.after.testLoss);
  }, 20_000);
});

describe('sparseprop train: teacher-student with delays and refractoriness', () => {
  it('runs the forward on the network engine (models with voltage dynamics only) and the loss falls at every epoch', async () => {
    const task = {
      task: 'teacher-student',
      network: { n: 30, k: 6, spikes: 60, spread: 0.02, delaySeconds: 0.001, refractorySeconds: 0.002 },
      training: { epochs: 10, batchSize: 1, testBatchSize: 1, optimizer: 'armijo', learningRate: 1e4, statsEvery: 5 },
      outDir: 'tsd',
    };
    const { code, summary } = await train('tsd.json', task);
    expect(code).toBe(0);
    const metrics = JSON.parse(read('tsd/metrics.json')).metrics as { testLoss: number }[];
    for (let e = 1; e < metrics.length; e++) expect(metrics[e].testLoss).toBeLessThan(metrics[e - 1].testLoss);
    expect(summary.after.testLoss).toBeLessThan(0.1 * summary.before.testLoss);
    expect(Object.keys(summary.forwardEngines)).toEqual(['network']); // delays: the network engine
    expect(read('tsd/network.csv').split('\n')[0]).toBe('pre,post,weight,delay_s');
    expect(read('tsd/teacher-network.csv').split('\n')[1]).toMatch(/,0\.001$/);

    // round trip: the edge files carry the delay, --refractory the refractory period; `sparseprop run` (the
    // network engine) reproduces the final loss
    const flags = ['--init-voltage', 'tsd/initial-voltages.txt', '--iext', String(summary.runFlags.iext), '--tau', String(summary.runFlags.tauSeconds), '--refractory', String(summary.runFlags.refractorySeconds), '--spikes', '60', '-q'];
    expect((await run(['--network', 'tsd/network.csv', ...flags, '--out', 'student-d.csv'])).code).toBe(0);
    expect((await run(['--network', 'tsd/teacher-network.csv', ...flags, '--out', 'teacher-d.csv'])).code).toBe(0);
    const loss = matchedSpikeTimeLoss(readSpikes('student-d.csv'), readSpikes('teacher-d.csv'), 30).value;
    // the same engine and event order as the training forward: spike times agree to rounding (~1e-15 s on
    // differences ~1e-5 s), so the loss to ~1e-9 relative; 1e-6 leaves room, a lost delay or refractory period is off by O(1)
    expect(Math.abs(loss - summary.after.testLoss)).toBeLessThanOrEqual(1e-6 * summary.after.testLoss);
    const eif = await train('tsd-eif.json', { ...task, model: 'eif', network: { ...task.network, iext: 1.5 } });
    expect(eif.code).toBe(2);
    expect(eif.err).toMatch(/model.*voltage dynamics.*network\.delaySeconds/);
  }, 20_000);
});

describe('sparseprop train: spike-timing', () => {
  it('trains the example network, writes first-spike times per epoch and a network run --network accepts', async () => {
    const task = { task: 'spike-timing', network: { n: 20, k: 4, trialSeconds: 0.05, outputs: [0, 1], targetsSeconds: [0.015, 0.03] }, training: { epochs: 5, batchSize: 1, testBatchSize: 1, learningRate: 3e-4, statsEvery: 1 }, outDir: 'st' };
    const { code, summary } = await train('st.json', task);
    expect(code).toBe(0);
    for (const file of ['metrics.csv', 'metrics.json', 'network.csv', 'input-weights.csv', 'initial-phases.txt', 'checkpoint.json', 'loss.png', 'first-spikes.png']) expect(existsSync(join(dir.path, 'st', file))).toBe(true);
    expect(Object.keys(summary.after.evaluation)).toEqual(expect.arrayContaining(['silentOutputs', 'firstSpikeSeconds_0', 'firstSpikeSeconds_1']));
    expect(Object.keys(summary.forwardEngines)).toEqual(['wasm']); // LIF with Poisson inputs: the kernel takes input events
    const csv = read('st/metrics.csv').trim().split('\n');
    expect(csv).toHaveLength(1 + 6);
    expect(csv[0].split(',')).toContain('firstSpikeSeconds_1');
    const trained = expectNetworkIsCheckpoint('st');
    expect(trained.weight.every((w) => w <= 0)).toBe(true); // Dale
    expect((await run(['--network', 'st/network.csv', '--init', 'st/initial-phases.txt', '--iext', '0.2', '--spikes', '20', '-q', '--out', 'st-run.csv'])).code).toBe(0);
  }, 20_000);

  it('names the bad key of its settings by JSON path', async () => {
    const bad = await train('st-bad.json', { task: 'spike-timing', network: { outputs: [0, 1], targetsSeconds: [0.01] }, training: { epochs: 1, learningRate: 1e-3 } });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/st-bad\.json.*network\.targetsSeconds: needs one target per output \(2\), got 1/);
  });
});

describe('sparseprop train: ou-tracking', () => {
  it('writes metrics, the trained network (an edge CSV run --network reads), weights, checkpoint and figures; resume == straight', async () => {
    const { code, summary } = await train('straight.json', OU('straight', 4));
    expect(code).toBe(0);
    expect(summary.epochs).toBe(4);
    expect(Object.keys(summary.forwardEngines)).toEqual(['wasm']);
    expect(Number.isFinite(summary.after.testError)).toBe(true);
    expect(Number.isFinite(summary.after.evaluation.qByChannel)).toBe(true);
    for (const file of ['metrics.csv', 'metrics.json', 'network.csv', 'input-weights.csv', 'readout-weights.csv', 'checkpoint.json', 'loss.png', 'weights.png', 'statistics.png']) {
      expect(existsSync(join(dir.path, 'straight', file))).toBe(true);
    }
    expect(read('straight/metrics.csv').trim().split('\n')).toHaveLength(1 + 5); // header, epochs 0..4
    const trained = expectNetworkIsCheckpoint('straight');
    expect(trained.size).toBe(20);
    expect(trained.weight.every((w) => w <= 0)).toBe(true); // Dale: inhibitory stays inhibitory
    expect((await run(['--network', 'straight/network.csv', '--iext', '0.5', '--spikes', '50', '-q', '--out', 'ou-run.csv'])).code).toBe(0);

    expect((await train('half.json', OU('half', 2))).code).toBe(0);
    expect((await train('half.json', OU('half', 2), '--epochs', '4', '--resume', 'half/checkpoint.json')).code).toBe(0);
    expect(read('half/network.csv')).toBe(read('straight/network.csv'));
  }, 20_000);

  it('names the bad key of a task file, and an unknown task lists the known ones', async () => {
    const bad = await train('bad.json', { ...OU('bad', 1), training: { epochs: 1, learningRate: -1 } });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/training\.learningRate/);
    const unknown = await train('unknown.json', { task: 'xor', training: { epochs: 1, learningRate: 1 } });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/task: expected one of "teacher-student", "spike-timing", "ou-tracking", "network-spike-timing", got "xor"/);
  });
});
