/**
 * Indexed d-ary heaps on typed arrays: the `binary`, `4-ary`, `8-ary`,
 * `16-ary` and `32-ary` EventQueue plugins of SparseProp (the JS engines
 * default to `32-ary`).
 * @packageDocumentation
 */
export { IndexedDaryHeap } from './indexed-dary-heap.js';
export { binaryHeap, quaternaryHeap, octonaryHeap, sixteenAryHeap, thirtyTwoAryHeap, registerHeapQueues } from './plugins.js';
