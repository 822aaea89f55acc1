// Peak memory of one training step on a long run: the forward (the taped WebAssembly forward, whose tape
// stops at its budget so the gradients replay in segments) and the exact gradients of L = Σ t_s²/2, on an
// explicit inhibitory LIF network (K = 100 targets per neuron, per-synapse weights). Run it under
// `/usr/bin/time -v` for the whole process's peak resident memory (the figure the issue's "1e7 spikes at
// K = 100 in under 4 GB" is about); it prints the segments, the tape budget and the times.
// usage (from the repository root):
//   /usr/bin/time -v pnpm --filter @sparseprop/tool-bench long-train-memory [N] [spikes] [tape budget MiB]
import { Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { LifModel } from '@sparseprop/model-lif';
import { squaredSpikeTimes, tapedForward, randomInhibitoryNetwork } from '@sparseprop/training';

const n = Number(process.argv[2] ?? 1e4);
const spikes = Number(process.argv[3] ?? 1e7);
const budgetBytes = Number(process.argv[4] ?? 1024) * 2 ** 20;
const K = 100, TAU = 0.01;
if (!(n > K) || !(spikes >= 1) || !(budgetBytes > 0)) {
  console.error('usage: long-train-memory [N > 100] [spikes ≥ 1] [tape budget MiB > 0]');
  process.exit(2);
}

const rng = new Xoroshiro128Plus(17);
const connectivity = randomInhibitoryNetwork(n, K, 1, 0.5, rng);
const model = new LifModel(n, 1 + (0.5 * Math.sqrt(K)) / 10); // suprathreshold drive: the network keeps firing
const initialPhases = Float64Array.from({ length: n }, () => rng.nextDouble());
const network = { model, connectivity, initialPhases, tau: TAU };

let start = performance.now();
const run = tapedForward(network, { maxSpikes: spikes }, { tapeBudgetBytes: budgetBytes });
const forwardSeconds = (performance.now() - start) / 1000;
try {
  const loss = squaredSpikeTimes(run.train);
  start = performance.now();
  const g = run.gradients(loss.dLossDTimes);
  const gradientSeconds = (performance.now() - start) / 1000;
  let norm = 0;
  for (const x of g.weights!) norm += x * x;
  console.log(
    JSON.stringify({
      n,
      k: K,
      spikes: run.train.length,
      tapeBudgetMiB: budgetBytes / 2 ** 20,
      taped: run.taped,
      reason: run.reason,
      path: g.path,
      segments: g.segments,
      forwardSeconds,
      gradientSeconds,
      replaySeconds: g.replaySeconds,
      backwardSeconds: g.backwardSeconds,
      maxReplayDeviationS: g.maxReplayDeviation,
      weightGradientNorm: Math.sqrt(norm),
    }),
  );
} finally {
  run.dispose();
}
