import { nanKeyConformance } from '@sparseprop/testkit';
import { IndexedPairingHeap } from './indexed-pairing-heap.js';
import { pairingHeap } from './plugins.js';

// a NaN key never hides below the top (testkit's nanKeyConformance: update, build, shiftAll, scaleAll, engines)
nanKeyConformance(
  [
    ['two-pass pairing', (n) => new IndexedPairingHeap(n, 'two-pass')],
    ['multipass pairing', (n) => new IndexedPairingHeap(n, 'multipass')],
  ],
  [pairingHeap],
);
