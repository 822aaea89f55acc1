import { modelConformance } from '@sparseprop/testkit';
import { lif } from './plugin.js';

modelConformance(lif, { drives: [0.02, 2] });
