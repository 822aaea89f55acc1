import { createContainer, type DependencyContainer } from '@sparseprop/core';
import { registerChebyshevVariants } from '@sparseprop/model-chebyshev';
import { registerEif } from '@sparseprop/model-eif';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { registerPairingQueue } from '@sparseprop/queue-pairing';
import { registerCalendarQueue } from '@sparseprop/queue-calendar';
import { registerWasmEngine } from '@sparseprop/engine-wasm';

/**
 * A DI container holding every plugin the CLI ships: the models `lif`,
 * `qif`, `eif` and their Chebyshev-PTC variants `chebyshev:<model>`, and the
 * queues `binary`, `4-ary`, `8-ary`, `16-ary`, `32-ary`, `pairing`, `calendar`, and the `wasm` engine.
 */
export function createCliContainer(): DependencyContainer {
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
