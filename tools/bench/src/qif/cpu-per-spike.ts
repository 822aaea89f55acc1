// CPU time per spike of the default QIF engine (phase frame, binary heap) on
// the reference network, to set beside the C anchor's cpu_ns_per_spike
// (`sp qif N K SPIKES`) measured in the same minute on a busy machine.
// usage (from the repository root): pnpm --filter @sparseprop/tool-bench tsx src/qif/cpu-per-spike.ts N K SPIKES [eta=0]
import { composeSimulator, createContainer, registerPlugins } from '@sparseprop/core';
import { binaryHeap } from '@sparseprop/queue-heap';
import { qif } from '@sparseprop/model-qif';

const [n, k, spikes] = process.argv.slice(2, 5).map(Number);
const eta = Number(process.argv[5] ?? 0);
const { simulator } = composeSimulator({ model: 'qif', n, k, eta }, registerPlugins(createContainer(), qif, binaryHeap));
simulator.run({ maxSpikes: Math.min(spikes, 20_000) }); // warm-up (JIT)
const cpu = process.cpuUsage();
const summary = simulator.run({ maxSpikes: spikes });
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ kind: simulator.kind, n, k, spikes, rateHz: summary.rateHz, wallNsPerSpike: Math.round(summary.nsPerSpike), cpuNsPerSpike: Math.round(((used.user + used.system) * 1e3) / spikes) }));
