import { createContainer, registerPlugins } from '@sparseprop/core';
import { expKeyEngine, phaseFrameEngine, referenceEngine, timeFrameEngine } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { engineConformance } from '@sparseprop/testkit';

// core's built-in engines run the conformance suite any engine author runs
// (core cannot use testkit itself: testkit depends on core)
const models = () => registerPlugins(createContainer(), lif, qif);
engineConformance(expKeyEngine, { container: models(), models: ['lif'] });
engineConformance(phaseFrameEngine, { container: models(), models: ['lif'] });
engineConformance(timeFrameEngine, { container: models(), models: ['lif'], networks: { heterogeneous: true } });
// QIF is chaotic: trains part from the reference after a finite time whatever the
// precision. The prefix and tolerance are those measured in packages/model-qif
// (qif-equivalence.test.ts): 5 kicks per neuron (at least 20 spikes), worst relative
// error 1.4e-10 over 9000 random networks, so 1e-8 (a 70x margin); 90 % must match fully.
engineConformance(timeFrameEngine, {
  container: models(),
  models: ['qif'],
  spikes: (c) => Math.max(20, Math.ceil((5 * c.n) / c.k)),
  timeTolerance: 1e-8,
  minFullFraction: 0.9,
  networks: { drive: [0.01, 1] },
});
// the reference must agree with itself run through the plugin path
engineConformance(referenceEngine, { container: models(), models: ['lif'], numRuns: 10 });
