/**
 * Indexed pairing heap on typed arrays: the `pairing` EventQueue plugin of
 * SparseProp.
 * @packageDocumentation
 */
export { IndexedPairingHeap, type PairingStrategy } from './indexed-pairing-heap.js';
export { pairingHeap, registerPairingQueue } from './plugins.js';
