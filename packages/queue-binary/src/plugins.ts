import { type DependencyContainer, type QueuePlugin, registerPlugins } from '@sparseprop/core';
import { IndexedDaryHeap } from './indexed-dary-heap.js';

/** Queue plugin `"binary"`: the indexed binary heap of the reference implementation. */
export const binaryHeap: QueuePlugin = {
  kind: 'queue',
  name: 'binary',
  description: 'indexed binary min-heap on typed arrays (16 B per neuron)',
  create: (n) => new IndexedDaryHeap(n, 2),
};

/** Queue plugin `"4-ary"`: shallower heap, fewer cache misses per update at large N. */
export const quaternaryHeap: QueuePlugin = {
  kind: 'queue',
  name: '4-ary',
  description: 'indexed 4-ary min-heap on typed arrays (16 B per neuron)',
  create: (n) => new IndexedDaryHeap(n, 4),
};

/** Queue plugin `"8-ary"`. */
export const octonaryHeap: QueuePlugin = {
  kind: 'queue',
  name: '8-ary',
  description: 'indexed 8-ary min-heap on typed arrays (16 B per neuron)',
  create: (n) => new IndexedDaryHeap(n, 8),
};

/** Register the heap queues (`binary`, `4-ary`, `8-ary`) into a container. */
export function registerHeapQueues(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, binaryHeap, quaternaryHeap, octonaryHeap);
}
