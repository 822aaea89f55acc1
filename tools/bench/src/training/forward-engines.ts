// The training forward before and after it moved to the fastest engine: each
// task runs its trials with the JS time-frame loop (`simulateWithInputs`, the
// forward every task used before) and with `engineForward(container)` (the
// engine `engine: 'auto'` picks: the wasm kernel for LIF, input events
// included), in one run, the series interleaved per repeat so that load on a
// shared machine hits both alike. The forward is timed inside the real trial
// (a wrapper around the task's forward), so input generation, loss and
// gradients are not in the forward figure; the whole trial (forward, loss,
// gradients) is reported too. Medians over the repeats.
// usage (from the repository root):
//   pnpm --filter @sparseprop/tool-bench tsx src/training/forward-engines.ts [repeats] [trials]
import { createContainer, registerPlugins } from '@sparseprop/core';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { engineForward, taskDefinition, type BuiltTask, type ModelFactory, type TrainingForward } from '@sparseprop/training';

const repeats = Number(process.argv[2] ?? 5);
const trials = Number(process.argv[3] ?? 4);
const container = registerWasmEngine(registerPlugins(createContainer(), lif, binaryHeap));
const models: ModelFactory = ({ n, tauSeconds, iext, weightBound }) => lif.create({ n, tau: tauSeconds, iext, drive: undefined, weights: { min: -weightBound, max: weightBound, distinct: undefined } }, {});

/** A forward that times the inner one (wall clock, ms) and counts its spikes. */
function timed(inner: TrainingForward): TrainingForward & { ms: number; spikes: number } {
  const out = {
    ms: 0,
    spikes: 0,
    runs: inner.runs,
    note: (engine: string) => inner.note(engine),
    run(network: Parameters<TrainingForward['run']>[0], limits: Parameters<TrainingForward['run']>[1]) {
      const start = performance.now();
      const train = inner.run(network, limits);
      out.ms += performance.now() - start;
      out.spikes += train.length;
      return train;
    },
  };
  return out;
}

const cases: { label: string; task: string; network: Record<string, unknown> }[] = [
  { label: 'spike-timing (defaults: N 30, K 6, 1 kHz Poisson per neuron, 0.1 s)', task: 'spike-timing', network: {} },
  { label: 'OU tracking (defaults: N 200, K 50, S 2, 0.2 s)', task: 'ou-tracking', network: {} },
  { label: 'OU tracking (N 1000, K 100, S 2, 0.2 s)', task: 'ou-tracking', network: { n: 1000, k: 100 } },
  { label: 'teacher-student (N 1000, K 100, 20000 spikes, no inputs)', task: 'teacher-student', network: { n: 1000, k: 100, spikes: 20000 } },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

console.log(`training forward: JS time frame (before) vs engineForward (after); ${repeats} repeats × ${trials} trials with gradients, medians`);
console.log('| task | spikes/forward | input events/forward | forward before µs/spike | forward after µs/spike | forward speed-up | trial before ms | trial after ms | trial speed-up | engine |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const c of cases) {
  const definition = taskDefinition(c.task);
  const config = definition.schema.parse(c.network);
  const series = { before: { forward: [] as number[], trial: [] as number[] }, after: { forward: [] as number[], trial: [] as number[] } };
  let spikesPerTrial = 0, inputs = 0, engine = '';
  for (let r = 0; r < repeats; r++) {
    for (const which of r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
      const forward = timed(engineForward(which === 'after' ? container : undefined));
      const task: BuiltTask = definition.build(config, models, undefined, forward);
      task.prepare({ readoutFitTrials: 0 } as never);
      const start = performance.now();
      for (let t = 0; t < trials; t++) task.runTrial(1000 + t, true);
      const trialMs = (performance.now() - start) / trials;
      series[which].forward.push((1000 * forward.ms) / forward.spikes);
      series[which].trial.push(trialMs);
      const runs = [...forward.runs.values()].reduce((a, b) => a + b, 0);
      spikesPerTrial = forward.spikes / runs;
      if (which === 'after') engine = [...forward.runs.keys()].join(',');
      const n = Number((config as { n?: number }).n ?? 200); // the OU schema leaves n to OU_TRACKING_DEFAULTS (200)
      inputs = c.task === 'spike-timing' ? n * 1000 * 0.1 : c.task === 'ou-tracking' ? n * 2 * 100 * 0.2 : 0; // expected counts (rate × N × (S) × T)
    }
  }
  const fb = median(series.before.forward), fa = median(series.after.forward), tb = median(series.before.trial), ta = median(series.after.trial);
  console.log(`| ${c.label} | ${Math.round(spikesPerTrial)} | ~${Math.round(inputs)} | ${fb.toFixed(3)} | ${fa.toFixed(3)} | ${(fb / fa).toFixed(2)}× | ${tb.toFixed(2)} | ${ta.toFixed(2)} | ${(tb / ta).toFixed(2)}× | ${engine} |`);
}
