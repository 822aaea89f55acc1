import { nanKeyConformance } from '@sparseprop/testkit';
import { IndexedDaryHeap } from './indexed-dary-heap.js';
import { binaryHeap, thirtyTwoAryHeap } from './plugins.js';

// a NaN key never hides below the top (testkit's nanKeyConformance: update, build, shiftAll, scaleAll, engines)
nanKeyConformance(
  [
    ['binary heap', (n) => new IndexedDaryHeap(n, 2)],
    ['4-ary heap', (n) => new IndexedDaryHeap(n, 4)],
    ['32-ary heap', (n) => new IndexedDaryHeap(n, 32)],
  ],
  [binaryHeap, thirtyTwoAryHeap],
);
