import { modelConformance } from '@sparseprop/testkit';
import { eif } from './plugin.js';

// EIF's PTC comes from tables fitted to ~1e-13 (eif-model.test.ts), inside the default identity
// tolerance. EIF networks are often chaotic: eif-equivalence.test.ts measured that no run parts from
// the reference within its first 20 spikes, with a worst relative time difference of 7.1e-13 there
// (1e-10 is a 140x margin); every run must agree over that window.
modelConformance(eif, { drives: [0.02, 1], network: { spikes: 20, timeTolerance: 1e-10, minFullFraction: 1 } });
