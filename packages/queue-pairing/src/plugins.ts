import { type DependencyContainer, type QueuePlugin, registerPlugins } from '@sparseprop/core';
import { IndexedPairingHeap } from './indexed-pairing-heap.js';

/** Queue plugin `"pairing"`: indexed pairing heap, two-pass melding. */
export const pairingHeap: QueuePlugin = {
  kind: 'queue',
  name: 'pairing',
  description: 'indexed pairing min-heap on typed arrays, two-pass pairing (20 B per neuron)',
  create: (n) => new IndexedPairingHeap(n, 'two-pass'),
};

/** Register the pairing-heap queue (`pairing`) into a container. */
export function registerPairingQueue(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, pairingHeap);
}
