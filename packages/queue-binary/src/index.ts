/**
 * Indexed d-ary heaps on typed arrays: the `binary`, `4-ary` and `8-ary`
 * EventQueue plugins of SparseProp.
 * @packageDocumentation
 */
export { IndexedDaryHeap } from './indexed-dary-heap.js';
export { binaryHeap, quaternaryHeap, octonaryHeap, sixteenAryHeap, thirtyTwoAryHeap, registerHeapQueues } from './plugins.js';
