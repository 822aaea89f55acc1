import { createContainer, type DependencyContainer } from '@sparseprop/core';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { registerChebyshevVariants } from '@sparseprop/model-chebyshev';
import { registerEif } from '@sparseprop/model-eif';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { registerPairingQueue } from '@sparseprop/queue-pairing';

/**
 * The plugins the page offers, registered as `sparseprop run` registers
 * them (same order, so `engine: "auto"` and the default queue choose as the
 * CLI does): models lif, qif, eif and their `chebyshev:` variants, the heap
 * and pairing queues, and the WebAssembly engine.
 */
export function createPlaygroundContainer(): DependencyContainer {
  const container = createContainer();
  registerLif(container);
  registerQif(container);
  registerEif(container);
  registerChebyshevVariants(container); // after the base models: one variant per model registered so far
  registerHeapQueues(container);
  registerPairingQueue(container);
  registerWasmEngine(container);
  return container;
}
