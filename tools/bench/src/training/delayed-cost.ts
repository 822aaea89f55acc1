// Cost of the delayed gradient path (synaptic delays, refractory periods), per recorded spike, on an
// explicit inhibitory LIF network (K = 100 distinct targets, per-synapse weights −1/√K (1 ± 0.5),
// 1 ms delays, 2 ms refractory), all measured in this one run:
//   forward: the network engine (NetworkSimulator, voltage space), the engine whose semantics the
//            delayed path replays and the one the training forward uses for such networks
//   keys: spikeTimeGradients' delayed path on that train, in exponential keys (the default for
//         homogeneous LIF; segments when the tape exceeds the budget: one more replay)
//   time frame: the same with path 'generic' (the arithmetic every other model takes); the largest
//         difference between the two is printed as a check
// The repeats interleave the series so that load changes on a shared machine hit all alike.
// usage (from the repository root):
//   pnpm --filter @sparseprop/tool-bench delayed-cost [N,N,...] [spikes] [repeats] [uniform|per-synapse] [tape budget MB or -] [keys]
// For peak memory run one configuration under /usr/bin/time -v (maximum resident set size).
import { loadavg } from 'node:os';
import { composeSimulator, createContainer, registerPlugins, SparseConnectivity, type SpikeTrain } from '@sparseprop/core';
import { Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { lif, LifVoltageDynamics } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { simulateOnNetworkEngine, spikeTimeGradients, type TrainingNetwork, randomInhibitoryNetwork } from '@sparseprop/training';

const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const spikes = Number(process.argv[3] ?? 50_000);
const repeats = Number(process.argv[4] ?? 3);
const delayKind = process.argv[5] ?? 'uniform';
const budgetBytes = process.argv[6] === undefined || process.argv[6] === '-' ? undefined : Number(process.argv[6]) * 2 ** 20;
/** 'keys' skips the time-frame series (for memory runs). */
const keysOnly = process.argv[7] === 'keys';
const K = 100, J0 = 1, TAU = 0.01, DELAY = 1e-3, REFRACTORY = 2e-3;

function explicitNetwork(n: number, seed: number): { connectivity: SparseConnectivity; delays: number | Float64Array } {
  const rng = new Xoroshiro128Plus(seed);
  const connectivity = randomInhibitoryNetwork(n, K, J0, 0.5, rng);
  // per-synapse: 0.5 … 1.5 ms, in CSR order
  const delays = delayKind === 'uniform' ? DELAY : Float64Array.from({ length: n * K }, () => DELAY * (0.5 + rng.nextDouble()));
  return { connectivity, delays };
}

const container = registerPlugins(createContainer(), lif, binaryHeap);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: Record<string, number | string>[] = [];
for (const n of sizes) {
  const { connectivity, delays } = explicitNetwork(n, 17);
  const composed = composeSimulator({ model: 'lif', n, k: K, j0: J0, tau: TAU, seed: 5, connectivity, engine: 'time' }, container);
  const network: TrainingNetwork = { model: composed.model, connectivity, initialPhases: composed.initialPhases, tau: TAU, delays, refractory: REFRACTORY };
  const forward: number[] = [], replay: number[] = [], backward: number[] = [], replayTime: number[] = [], backwardTime: number[] = [];
  let train: SpikeTrain | undefined, segments = 0, deviation = 0, agreement = 0;
  const options = budgetBytes === undefined ? {} : { tapeBudgetBytes: budgetBytes };
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    train = simulateOnNetworkEngine(network, new LifVoltageDynamics(0), composed.network.iext, { maxSpikes: spikes });
    forward.push(((performance.now() - start) * 1000) / train.length);
    const dL = new Float64Array(train.length).fill(1 / train.length);
    // exponential keys (the default for homogeneous LIF) and the time-frame arithmetic (path 'generic') on the same
    // train, in alternating order (the first after the forward meets colder caches)
    const timeFirst = !keysOnly && r % 2 === 1;
    const early = timeFirst ? spikeTimeGradients(network, train, dL, { ...options, path: 'generic' }) : undefined;
    const g = spikeTimeGradients(network, train, dL, options);
    if (g.path !== 'delayed') throw new Error(`expected the delayed path, got ${g.path}`);
    replay.push((g.replaySeconds * 1e6) / train.length);
    backward.push((g.backwardSeconds * 1e6) / train.length);
    segments = g.segments;
    deviation = g.maxReplayDeviation;
    if (!keysOnly) {
      const h = early ?? spikeTimeGradients(network, train, dL, { ...options, path: 'generic' });
      replayTime.push((h.replaySeconds * 1e6) / train.length);
      backwardTime.push((h.backwardSeconds * 1e6) / train.length);
      let scale = 0, diff = 0;
      for (let e = 0; e < h.weights!.length; e++) {
        scale = Math.max(scale, Math.abs(h.weights![e]));
        diff = Math.max(diff, Math.abs(g.weights![e] - h.weights![e]));
      }
      agreement = diff / scale;
    }
  }
  const f = median(forward), rp = median(replay), b = median(backward);
  const row: Record<string, number | string> = {
    N: n,
    delays: delayKind,
    spikes: train!.length,
    'forward µs/spike': f.toFixed(1),
    'keys: replay': rp.toFixed(1),
    'keys: backward': b.toFixed(1),
    'keys: (r+b)/forward': ((rp + b) / f).toFixed(2),
  };
  if (!keysOnly) {
    const rt = median(replayTime), bt = median(backwardTime);
    row['time frame: replay'] = rt.toFixed(1);
    row['time frame: backward'] = bt.toFixed(1);
    row['time frame: (r+b)/forward'] = ((rt + bt) / f).toFixed(2);
    row['keys vs time frame (max |Δ| / max |g|)'] = agreement.toExponential(1);
  }
  row.segments = segments;
  row['replay deviation (s)'] = deviation.toExponential(1);
  rows.push(row);
}
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.table(rows);
