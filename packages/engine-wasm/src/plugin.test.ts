import { createContainer, registerPlugins } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { engineConformance } from '@sparseprop/testkit';
import { wasmEngine } from './plugin.js';

// the conformance suite every engine runs: same spikes as the O(N) reference on random LIF networks
engineConformance(wasmEngine, { container: registerPlugins(createContainer(), lif), models: ['lif'] });
