import type { EnginePlugin, ModelPlugin, Plugin, QueuePlugin } from '../contracts/plugins.js';
import { UnknownPluginError } from '../errors/errors.js';
import { ENGINE_PLUGIN, MODEL_PLUGIN, QUEUE_PLUGIN } from './tokens.js';
import { container as rootContainer, type DependencyContainer } from './tsyringe.js';

/**
 * A fresh DI container for one application (a child of tsyringe's root, so
 * registrations stay local to it).
 */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}

/** Register plugins (models, queues, engines) into a container; returns the container. */
export function registerPlugins(container: DependencyContainer, ...plugins: Plugin[]): DependencyContainer {
  for (const plugin of plugins) {
    if (plugin.kind === 'model') container.register(MODEL_PLUGIN, { useValue: plugin });
    else if (plugin.kind === 'queue') container.register(QUEUE_PLUGIN, { useValue: plugin });
    else container.register(ENGINE_PLUGIN, { useValue: plugin });
  }
  return container;
}

/** Every model plugin registered in `container` (none: empty). */
export function registeredModels(container: DependencyContainer): ModelPlugin[] {
  return container.isRegistered(MODEL_PLUGIN, true) ? container.resolveAll(MODEL_PLUGIN) : [];
}

/** Every queue plugin registered in `container` (none: empty). */
export function registeredQueues(container: DependencyContainer): QueuePlugin[] {
  return container.isRegistered(QUEUE_PLUGIN, true) ? container.resolveAll(QUEUE_PLUGIN) : [];
}

/** Every engine plugin registered in `container` (none: empty). */
export function registeredEngines(container: DependencyContainer): EnginePlugin[] {
  return container.isRegistered(ENGINE_PLUGIN, true) ? container.resolveAll(ENGINE_PLUGIN) : [];
}

/** The plugin named `name`, or an {@link UnknownPluginError} listing what is registered. */
export function findPlugin<P extends Plugin>(kind: string, plugins: readonly P[], name: string): P {
  // the last registration of a name wins, so users can override a shipped plugin
  for (let p = plugins.length - 1; p >= 0; p--) if (plugins[p].name === name) return plugins[p];
  throw new UnknownPluginError(kind, name, plugins.map((p) => p.name));
}
