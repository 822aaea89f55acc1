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
// QIF is chaotic: trains part from the reference after a finite time whatever
// the precision, so fewer spikes (see packages/model-qif for the justified prefix)
engineConformance(timeFrameEngine, { container: models(), models: ['qif'], spikes: 150, networks: { drive: [0.05, 2] } });
// the reference must agree with itself run through the plugin path
engineConformance(referenceEngine, { container: models(), models: ['lif'], numRuns: 10 });
