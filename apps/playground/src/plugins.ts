import { createContainer, type DependencyContainer } from '@sparseprop/core';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { registerChebyshevVariants } from '@sparseprop/model-chebyshev';
import { registerEif } from '@sparseprop/model-eif';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { registerPairingQueue } from '@sparseprop/queue-pairing';
import { registerCalendarQueue } from '@sparseprop/queue-calendar';

/**
 * The plugins the page offers, registered as `sparseprop run` registers
 * them (same order, so `engine: "auto"` and the default queue choose as the
 * CLI does): models lif, qif, eif and their `chebyshev:` variants, the heap,
 * pairing and calendar queues, and the WebAssembly engine. A unit test
 * (spike-csv.test.ts) fails when the CLI's list changes and this one does not.
 */
export function createPlaygroundContainer(): DependencyContainer {
  const container = createContainer();
  registerLif(container);
  registerQif(container);
  registerEif(container);
  registerChebyshevVariants(container); // after the base models: one variant per model registered so far
  registerHeapQueues(container);
  registerPairingQueue(container);
  registerCalendarQueue(container);
  registerWasmEngine(container);
  return container;
}
