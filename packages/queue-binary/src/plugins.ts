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

/** Queue plugin `"16-ary"`. */
export const sixteenAryHeap: QueuePlugin = {
  kind: 'queue',
  name: '16-ary',
  description: 'indexed 16-ary min-heap on typed arrays (16 B per neuron)',
  create: (n) => new IndexedDaryHeap(n, 16),
};

/**
 * Queue plugin `"32-ary"`: inhibitory inputs only sink a neuron, and 97 % of
 * a 32-ary heap's neurons are leaves, which cannot sink (the WebAssembly
 * engine's heap has this arity).
 */
export const thirtyTwoAryHeap: QueuePlugin = {
  kind: 'queue',
  name: '32-ary',
  description: 'indexed 32-ary min-heap on typed arrays (16 B per neuron)',
  create: (n) => new IndexedDaryHeap(n, 32),
};

/** Register the heap queues (`binary`, `4-ary`, `8-ary`, `16-ary`, `32-ary`) into a container. */
export function registerHeapQueues(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, binaryHeap, quaternaryHeap, octonaryHeap, sixteenAryHeap, thirtyTwoAryHeap);
}
