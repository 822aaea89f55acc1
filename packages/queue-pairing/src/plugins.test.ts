import { queueConformance } from '@sparseprop/testkit';
import { pairingHeap } from './plugins.js';

queueConformance(pairingHeap, { numRuns: 150 });
