import { createContainer, type DependencyContainer } from '@sparseprop/core';
import { registerLif } from '@sparseprop/model-lif';
import { registerHeapQueues } from '@sparseprop/queue-heap';

/**
 * Plugin packages registered when they are importable and export their
 * register function (they may be absent or unfinished in a checkout).
 */
const OPTIONAL_PLUGINS: ReadonlyArray<readonly [packageName: string, registerFunction: string]> = [
  ['@sparseprop/model-qif', 'registerQif'],
  ['@sparseprop/model-eif', 'registerEif'],
  ['@sparseprop/model-chebyshev', 'registerChebyshevVariants'],
  ['@sparseprop/queue-pairing', 'registerPairingQueue'],
  ['@sparseprop/queue-calendar', 'registerCalendarQueue'],
  ['@sparseprop/engine-wasm', 'registerWasmEngine'],
];

type Register = (container: DependencyContainer) => unknown;

/**
 * A DI container with every plugin the benchmark can sweep: LIF and the heap
 * queues always, the optional plugin packages when they load.
 * @returns the container and the optional packages that could not be loaded (with why)
 */
export async function loadPluginContainer(): Promise<{ container: DependencyContainer; unavailable: string[] }> {
  const container = createContainer();
  registerLif(container);
  registerHeapQueues(container);
  const unavailable: string[] = [];
  for (const [packageName, registerFunction] of OPTIONAL_PLUGINS) {
    try {
      const module = (await import(packageName)) as Record<string, unknown>;
      const register = module[registerFunction];
      if (typeof register === 'function') (register as Register)(container);
      else unavailable.push(`${packageName} (no ${registerFunction} export)`);
    } catch (error) {
      const message = (error as Error).message;
      unavailable.push(`${packageName} (${/Cannot find module/.test(message) ? 'not present' : message.split('\n')[0]})`);
    }
  }
  return { container, unavailable };
}
