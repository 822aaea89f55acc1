// Where do SparseProp and the O(N) reference part on random chaotic QIF
// networks (testkit's networkCase)? Prints, per case that parts, the parting
// point in spikes and in kicks per neuron (spikes * k / n), and the worst
// relative spike-time error within the prefix rule P = max(FLOOR, ceil(KICKS * n / k)).
//
// usage (from the repository root): pnpm --filter @sparseprop/tool-bench tsx src/qif/random-divergence.ts CASES maxN heterogeneous(0|1) frame(phase|time) [KICKS=10] [FLOOR=20]
import { createContainer } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { compareSpikeTrains, networkCase, runCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { registerQif } from '@sparseprop/model-qif';

const [cases, maxN, het] = process.argv.slice(2, 5).map(Number);
const frame = (process.argv[5] ?? 'phase') as 'phase' | 'time';
const kicks = Number(process.argv[6] ?? 10), floor = Number(process.argv[7] ?? 20);
const container = registerHeapQueues(registerQif(createContainer()));
const kicksAtParting: number[] = [];
let worstError = 0, worstCase = '', partedInsideRule = 0, ties = 0;
for (const c of fc.sample(networkCase({ maxN, heterogeneous: het === 1, drive: [0.01, 1] }), { numRuns: cases, seed: Number(process.env.FC_SEED ?? 42) })) {
  const rule = Math.max(floor, Math.ceil((kicks * c.n) / c.k));
  const spikes = Math.min(20_000, Math.max(4 * rule, Math.ceil((Number(process.env.SPAN ?? 300) * c.n) / c.k)));
  const a = runCase(container, 'qif', c, spikes, { frame });
  const b = runCase(container, 'qif', c, spikes, { reference: true });
  const cmp = compareSpikeTrains(a, b);
  const p = cmp.identicalPrefix;
  let error = 0;
  for (let s = 0; s < Math.min(rule, p); s++) error = Math.max(error, Math.abs(a.times[s] - b.times[s]) / Math.max(1, a.times[s]));
  if (error > worstError) { worstError = error; worstCase = JSON.stringify({ ...c, rule }); }
  if (p < cmp.compared) {
    kicksAtParting.push((p * c.k) / c.n);
    if (cmp.divergedAtTie) ties++;
    if (p < rule) { partedInsideRule++; console.log('parted inside the rule', JSON.stringify({ ...c, rule, p })); }
  }
}
kicksAtParting.sort((x, y) => x - y);
console.log(`${cases} cases, ${kicksAtParting.length} parted (${ties} at a tie), ${partedInsideRule} inside the rule`);
console.log('kicks per neuron at parting, lowest:', kicksAtParting.slice(0, 10).map((x) => x.toFixed(1)).join(' '));
console.log('worst relative time error inside the rule:', worstError.toExponential(2), worstCase);
