import { type DependencyContainer, type QueuePlugin, registerPlugins } from '@sparseprop/core';
import { IndexedDaryHeap } from './indexed-dary-heap.js';

/** The queue plugin of the indexed d-ary heap of one arity. */
function heapPlugin(arity: 2 | 4 | 8 | 16 | 32, description: string): QueuePlugin {
  return { kind: 'queue', name: arity === 2 ? 'binary' : `${arity}-ary`, description, create: (n) => new IndexedDaryHeap(n, arity) };
}

/** Queue plugin `"binary"`: the indexed binary heap of the reference implementation. */
export const binaryHeap = heapPlugin(2, 'indexed binary min-heap on typed arrays (16 B per neuron)');

/** Queue plugin `"4-ary"`: shallower heap, fewer cache misses per update at large N. */
export const quaternaryHeap = heapPlugin(4, 'indexed 4-ary min-heap on typed arrays (16 B per neuron)');

/** Queue plugin `"8-ary"`. */
export const octonaryHeap = heapPlugin(8, 'indexed 8-ary min-heap on typed arrays (16 B per neuron)');

/** Queue plugin `"16-ary"`. */
export const sixteenAryHeap = heapPlugin(16, 'indexed 16-ary min-heap on typed arrays (16 B per neuron)');

/**
 * Queue plugin `"32-ary"`, the JS engines' default: inhibitory inputs only
 * sink a neuron, and 97 % of a 32-ary heap's neurons are leaves, which cannot
 * sink (the WebAssembly engine's heap has this arity too).
 */
export const thirtyTwoAryHeap = heapPlugin(32, 'indexed 32-ary min-heap on typed arrays (16 B per neuron; the default)');

/** Register the heap queues (`binary`, `4-ary`, `8-ary`, `16-ary`, `32-ary`) into a container. */
export function registerHeapQueues(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, binaryHeap, quaternaryHeap, octonaryHeap, sixteenAryHeap, thirtyTwoAryHeap);
}
