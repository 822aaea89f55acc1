// Spike timing (after spikegd's recurrent-network experiment): a 30-neuron inhibitory LIF network with a
// fixed Poisson input (every neuron its own 1 kHz train of small kicks, one trainable input weight per neuron)
// learns its recurrent and input weights so that 5 output neurons fire their first spike at 15, 20, 25,
// 30 and 35 ms. Adam, one deterministic trial per step.
// usage: pnpm --filter sparseprop-example-training-tasks spike-timing
import { mkdirSync, writeFileSync } from 'node:fs';
import { LifModel } from '@sparseprop/model-lif';
import { RandomStream } from '@sparseprop/network';
import { randomInhibitoryNetwork, SpikeTimingTask, Trainer } from '@sparseprop/training';
import { writePng } from './figure.js';

const config = {
  n: 30, k: 6, j0: 0.5, jitter: 0.5, iext: 0.2, tauSeconds: 0.01, trialSeconds: 0.1, inputRateHz: 1000, inputWeight: 0.02,
  outputs: [0, 1, 2, 3, 4], targetsSeconds: [0.015, 0.02, 0.025, 0.03, 0.035], epochs: 400, learningRate: 0.0003, seed: 2,
};
const out = new URL('../spike-timing/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
writeFileSync(`${out}config.json`, `${JSON.stringify(config, null, 2)}\n`);

const model = new LifModel(config.n, config.iext);
const connectivity = randomInhibitoryNetwork(config.n, config.k, config.j0, config.jitter, config.seed);
// the fixed input: superposed Poisson kicks, a uniformly drawn target per event (each neuron its own train of rate inputRateHz)
const random = new RandomStream(config.seed, 3);
const times: number[] = [], targets: number[] = [];
for (let t = random.exponential() / (config.n * config.inputRateHz); t < config.trialSeconds; t += random.exponential() / (config.n * config.inputRateHz)) {
  times.push(t);
  targets.push(Math.floor(random.uniform() * config.n));
}
const inputs = { times: Float64Array.from(times), targets: Int32Array.from(targets), channels: Int32Array.from(targets), weights: new Float64Array(config.n).fill(config.inputWeight) };
const phases = Float64Array.from({ length: config.n }, () => 0.2 * random.uniform()); // near reset: the first spikes come after the input has acted
const task = new SpikeTimingTask(model, connectivity, inputs, phases, config.tauSeconds, config.trialSeconds, Int32Array.from(config.outputs), Float64Array.from(config.targetsSeconds));
const trainer = new Trainer(task, { seed: config.seed, batchSize: 1, testBatchSize: 1, schedule: { kind: 'constant', rate: config.learningRate } });
const rows: Record<string, number>[] = [];
const record = (epoch: number) => {
  const first = task.firstSpikes();
  first.forEach((t, o) => rows.push({ epoch, output: config.outputs[o], first: t * 1e3, target: config.targetsSeconds[o] * 1e3 }));
};
const initial = trainer.evaluateInitial();
record(0);
for (let e = 1; e <= config.epochs; e++) {
  trainer.step();
  if (e % 5 === 0) record(e);
}
const final = trainer.metrics.at(-1)!;
const summary = {
  initialLoss: initial.testLoss,
  finalLoss: final.testLoss,
  initialError: initial.testError,
  finalError: final.testError,
  initialFirstSpikesMs: rows.filter((r) => r.epoch === 0).map((r) => r.first),
  finalFirstSpikesMs: rows.filter((r) => r.epoch === rows.at(-1)!.epoch).map((r) => r.first),
  targetsMs: config.targetsSeconds.map((t) => t * 1e3),
  inputEvents: times.length,
  spikesPerTrial: final.spikesPerTrial,
};
writeFileSync(`${out}metrics.json`, `${JSON.stringify({ summary, metrics: trainer.metrics, firstSpikes: rows }, null, 2)}\n`);
console.log(JSON.stringify(summary));
await writePng(`${out}spike-timing.png`, {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  hconcat: [
    {
      title: 'Loss ½Σ(t_first − target)² (s²)', width: 280, height: 220,
      data: { values: trainer.metrics.map((m) => ({ epoch: m.epoch, loss: m.testLoss })) },
      mark: 'line', encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } } },
    },
    {
      title: 'First spike of each output (lines) and its target (dashes), ms', width: 320, height: 220,
      layer: [
        { data: { values: rows }, mark: 'line', encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'first', type: 'quantitative', title: 'ms' }, color: { field: 'output', type: 'nominal' } } },
        { data: { values: rows }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'target', type: 'quantitative' }, color: { field: 'output', type: 'nominal' } } },
      ],
    },
  ],
});
