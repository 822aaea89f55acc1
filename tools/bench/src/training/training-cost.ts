// Cost of one training step, split into forward / replay / backward / optimizer,
// per recorded spike, on an explicit inhibitory LIF network (K = 100,
// per-synapse weights), all measured in this one run:
//   forward (fastest): the engine `engine: 'auto'` picks (the wasm kernel for LIF)
//   forward (JS time frame): the generic JS engine the replay mirrors
//   replay, backward: spikeTimeGradients (tape of 8 B per synaptic event)
//   optimizer: one Adam step over all N K weights
// usage (from the repository root):
//   pnpm --filter @sparseprop/tool-bench tsx src/training/training-cost.ts [N,N,...] [spikes per N,...] [repeats]
import { composeSimulator, createContainer, registerPlugins, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { Optimizer, spikeTimeGradients, type TrainingNetwork } from '@sparseprop/training';

const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const spikeCounts = (process.argv[3] ?? '100000,100000,100000').split(',').map(Number);
const repeats = Number(process.argv[4] ?? 3);
const K = 100, J0 = 1, TAU = 0.01;

/** Random explicit network: K distinct targets per neuron (no autapse), weights −J0/√K × (0.5 … 1.5). */
function explicitNetwork(n: number, seed: number): SparseConnectivity {
  const rng = new Xoroshiro128Plus(seed);
  const pre = new Int32Array(n * K), post = new Int32Array(n * K), weight = new Float64Array(n * K);
  const mark = new Int32Array(n).fill(-1);
  let e = 0;
  for (let j = 0; j < n; j++) {
    mark[j] = j;
    for (let placed = 0; placed < K; ) {
      const i = Math.floor(rng.nextDouble() * n);
      if (mark[i] === j) continue;
      mark[i] = j;
      pre[e] = j;
      post[e] = i;
      weight[e] = (-J0 / Math.sqrt(K)) * (0.5 + rng.nextDouble());
      e++;
      placed++;
    }
  }
  return SparseConnectivity.fromEdges(n, pre, post, weight);
}

const container = registerWasmEngine(registerPlugins(createContainer(), lif, binaryHeap, thirtyTwoAryHeap));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: Record<string, number | string>[] = [];
for (let index = 0; index < sizes.length; index++) {
  const n = sizes[index], spikes = spikeCounts[index] ?? spikeCounts.at(-1)!;
  const connectivity = explicitNetwork(n, 17);
  const config = { model: 'lif', n, k: K, j0: J0, tau: TAU, seed: 5, connectivity };
  const fastest: number[] = [], timeFrame: number[] = [], replay: number[] = [], backward: number[] = [], optimizer: number[] = [];
  let engine = '', deviation = 0, rateHz = 0, invalid = false;
  for (let r = 0; r < repeats; r++) {
    const auto = composeSimulator({ ...config, engine: 'auto' }, container);
    engine = auto.engine;
    const autoTrain = new SpikeTrain(spikes);
    let start = performance.now();
    const summary = auto.simulator.run({ maxSpikes: spikes, record: autoTrain });
    fastest.push((performance.now() - start) / spikes);
    rateHz = summary.rateHz;

    const js = composeSimulator({ ...config, engine: 'time', frame: 'time', initialPhases: auto.initialPhases }, container);
    const train = new SpikeTrain(spikes);
    start = performance.now();
    js.simulator.run({ maxSpikes: spikes, record: train });
    timeFrame.push((performance.now() - start) / spikes);

    const network: TrainingNetwork = { model: auto.model, connectivity, initialPhases: auto.initialPhases, tau: TAU };
    const dL = new Float64Array(spikes).fill(1 / spikes);
    // the fastest engine's train when it is sound; a train with NaN times (seen from the wasm engine at N = 1e5 with an
    // explicit network, 2026-12-05) is reported and the JS engine's train of the same network is used instead
    const fastestValid = !autoTrain.times.some((t) => Number.isNaN(t));
    if (!fastestValid) invalid = true;
    const gradients = spikeTimeGradients(network, fastestValid ? autoTrain : train, dL);
    replay.push((gradients.replaySeconds * 1000) / spikes);
    backward.push((gradients.backwardSeconds * 1000) / spikes);
    deviation = Math.max(deviation, gradients.maxReplayDeviation);

    const adam = new Optimizer(connectivity.weight.length);
    start = performance.now();
    adam.step(connectivity.weight, gradients.weights!, 1e-12); // a negligible step: same network next repeat to rounding
    optimizer.push(performance.now() - start);
  }
  const row = {
    n,
    k: K,
    spikes,
    rateHz: Number(rateHz.toFixed(1)),
    engine: invalid ? `${engine} (NaN spike times: not a valid forward)` : engine,
    forwardFastestUs: median(fastest) * 1e3,
    forwardJsTimeUs: median(timeFrame) * 1e3,
    replayUs: median(replay) * 1e3,
    backwardUs: median(backward) * 1e3,
    optimizerMsPerStep: median(optimizer),
    optimizerUsPerSpike: (median(optimizer) * 1e3) / spikes,
    gradientsOverFastest: (median(replay) + median(backward)) / median(fastest),
    gradientsOverJsTime: (median(replay) + median(backward)) / median(timeFrame),
    tapeBytesPerEvent: 8,
    maxReplayDeviationS: deviation,
  };
  rows.push(row);
  console.log(JSON.stringify(row, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v)));
}
console.log('\n| N | spikes | forward (fastest: engine) µs/spike | forward (JS time frame) | replay | backward | Adam step (ms; µs/spike) | (replay+backward)/fastest | /JS time |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const f = (x: unknown, d = 2) => (x as number).toFixed(d);
  console.log(`| ${r.n} | ${r.spikes} | ${f(r.forwardFastestUs)} (${r.engine}) | ${f(r.forwardJsTimeUs)} | ${f(r.replayUs)} | ${f(r.backwardUs)} | ${f(r.optimizerMsPerStep, 1)}; ${f(r.optimizerUsPerSpike, 3)} | ${f(r.gradientsOverFastest)} | ${f(r.gradientsOverJsTime)} |`);
}
