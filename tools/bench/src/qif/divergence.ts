// Where do SparseProp and the O(N) reference part on the chaotic QIF reference
// network? Per seed: the parting spike, the spike indices at which the time
// difference first exceeds 1e-15, 1e-12, 1e-9 and 1e-6 s (the growth of a
// rounding-level perturbation), and the worst time difference over the first
// PREFIX spikes.
//
// usage (from the repository root): pnpm --filter @sparseprop/tool-bench tsx src/qif/divergence.ts N K SPIKES SEEDS [eta=0] [frame=auto] [PREFIX=500]
import { composeSimulator, createContainer, SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { compareSpikeTrains } from '@sparseprop/testkit';
import { registerQif } from '@sparseprop/model-qif';

const [n, k, spikes, seeds] = process.argv.slice(2, 6).map(Number);
const eta = Number(process.argv[6] ?? 0);
const frame = (process.argv[7] ?? 'auto') as 'phase' | 'time' | 'auto';
const prefix = Number(process.argv[8] ?? 500);
const container = registerHeapQueues(registerQif(createContainer()));
const run = (seed: number, reference: boolean) => {
  const { simulator } = composeSimulator({ model: 'qif', n, k, seed, eta, frame, reference }, container);
  const train = new SpikeTrain(spikes);
  simulator.run({ maxSpikes: spikes, record: train });
  return train;
};
const partings: number[] = [];
let worstInPrefix = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const a = run(seed, false), b = run(seed, true);
  const cmp = compareSpikeTrains(a, b);
  const p = cmp.identicalPrefix;
  const firstAbove = (limit: number) => { for (let s = 0; s < p; s++) if (Math.abs(a.times[s] - b.times[s]) > limit) return s; return -1; };
  let inPrefix = 0;
  for (let s = 0; s < Math.min(prefix, p); s++) inPrefix = Math.max(inPrefix, Math.abs(a.times[s] - b.times[s]));
  worstInPrefix = Math.max(worstInPrefix, inPrefix);
  partings.push(p);
  console.log(JSON.stringify({ seed, parting: p, tie: cmp.divergedAtTie, firstAbove: [1e-15, 1e-12, 1e-9, 1e-6].map(firstAbove), inPrefix }));
}
partings.sort((x, y) => x - y);
console.log(`parting: min ${partings[0]}, median ${partings[partings.length >> 1]}, max ${partings[partings.length - 1]}; worst |dt| in the first ${prefix} spikes: ${worstInPrefix.toExponential(2)} s`);
