/**
 * One process, one model: wall-clock ns per spike of the phase-frame engine
 * on the reference network at N = 20000 (K = 100, j0 = 1, iext = 0.1), after
 * 20000 warm-up spikes. Prints JSON. Usage: chebyshev-network-cost-worker.ts <case>
 */
import { composeSimulator, createContainer } from '@sparseprop/core';
import { registerEif } from '@sparseprop/model-eif';
import { registerLif } from '@sparseprop/model-lif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { registerChebyshevVariants } from '@sparseprop/model-chebyshev';
import { CASES, type CaseName, IEXT } from './chebyshev-cases.js';

const name = process.argv[2] as CaseName;
if (!CASES.includes(name)) throw new Error(`case must be one of ${CASES.join(', ')}, got ${name}`);
const container = registerChebyshevVariants(registerHeapQueues(registerEif(registerLif(createContainer()))));
const { simulator } = composeSimulator({ model: name, n: 20000, k: 100, j0: 1, iext: IEXT, seed: 1 }, container);
simulator.run({ maxSpikes: 20000 });
const summary = simulator.run({ maxSpikes: 100000 });
console.log(JSON.stringify({ name, nsPerSpike: summary.nsPerSpike, rateHz: summary.rateHz }));
