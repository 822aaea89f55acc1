import { queueConformance } from '@sparseprop/testkit';
import { binaryHeap, octonaryHeap, quaternaryHeap, sixteenAryHeap, thirtyTwoAryHeap } from './plugins.js';

// every heap plugin of this package runs the queue conformance suite plugin authors run
for (const plugin of [binaryHeap, quaternaryHeap, octonaryHeap, sixteenAryHeap, thirtyTwoAryHeap]) {
  queueConformance(plugin, { numRuns: 150 });
}
