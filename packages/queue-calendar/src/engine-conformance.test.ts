import { createContainer, registerPlugins } from '@sparseprop/core';
import { expKeyEngine, phaseFrameEngine, timeFrameEngine } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { engineConformance } from '@sparseprop/testkit';
import { calendarQueue } from './plugins.js';

// every JS engine with the calendar as its only queue passes the engine conformance suite on LIF
// (same spikes as the O(N) reference, checkpoints, run limits, non-finite state as a typed error);
// QIF's trains are the binary heap's bit for bit (engine-equivalence.test.ts), whatever its distance to the reference
for (const engine of [expKeyEngine, phaseFrameEngine, timeFrameEngine]) {
  engineConformance(engine, { container: registerPlugins(createContainer(), lif, calendarQueue), models: ['lif'], numRuns: 15 });
}
