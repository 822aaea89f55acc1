import { createContainer, type DependencyContainer } from '@sparseprop/core';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-binary';
import { registerPairingQueue } from '@sparseprop/queue-pairing';

/**
 * A DI container holding every plugin the CLI ships: the models (lif, qif)
 * and the queues (binary, 4-ary, 8-ary, pairing).
 */
export function createCliContainer(): DependencyContainer {
  const container = createContainer();
  registerLif(container);
  registerQif(container);
  registerHeapQueues(container);
  registerPairingQueue(container);
  return container;
}
