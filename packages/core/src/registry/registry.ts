import type { ConnectivityPlugin, EnginePlugin, ModelPlugin, Plugin, QueuePlugin } from '../contracts/plugins.js';
import { fixedOutDegree } from '../connectivity/fixed-out-degree.js';
import { expKeyEngine } from '../engines/exp-key-simulator.js';
import { networkEngine, networkReferenceEngine } from '../engines/network/plugin.js';
import { phaseFrameEngine } from '../engines/phase-frame-simulator.js';
import { timeFrameEngine } from '../engines/time-frame-simulator.js';
import { InvalidParameterError, UnknownPluginError } from '../errors/errors.js';
import { referenceEngine } from '../reference/reference-simulator.js';
import { CONNECTIVITY_PLUGIN, ENGINE_PLUGIN, MODEL_PLUGIN, QUEUE_PLUGIN } from './tokens.js';
import { container as rootContainer, type DependencyContainer } from './tsyringe.js';

/**
 * The engines and connectivity every container starts with. Engines are
 * asked last registered first, so this order makes `engine: "auto"` prefer
 * exponential keys, then the phase frame, then the time frame; an engine
 * registered later (e.g. `@sparseprop/engine-wasm`) is asked before them.
 * Compiled networks go to the network engine (`"network"`, or
 * `"network-reference"` when the reference is asked for); the plain network
 * never reaches them.
 */
export const BUILT_IN_PLUGINS: readonly Plugin[] = [networkReferenceEngine, networkEngine, referenceEngine, timeFrameEngine, phaseFrameEngine, expKeyEngine, fixedOutDegree];

/**
 * A fresh DI container for one application (a child of tsyringe's root, so
 * registrations stay local to it), holding the built-in engines and the
 * procedural connectivity ({@link BUILT_IN_PLUGINS}).
 */
export function createContainer(): DependencyContainer {
  return registerPlugins(rootContainer.createChildContainer(), ...BUILT_IN_PLUGINS);
}

/** Register plugins (models, queues, engines) into a container; returns the container. */
export function registerPlugins(container: DependencyContainer, ...plugins: Plugin[]): DependencyContainer {
  if (container === null || typeof container !== 'object' || typeof container.register !== 'function') {
    throw new InvalidParameterError('container', container, 'a container from createContainer()');
  }
  for (const plugin of plugins) {
    if (typeof plugin !== 'object' || plugin === null) throw new InvalidParameterError('plugin', plugin, 'a plugin object with kind, name and create');
    if (typeof (plugin as { name?: unknown }).name !== 'string') throw new InvalidParameterError('plugin.name', (plugin as { name?: unknown }).name, 'a string');
    const kind = (plugin as { kind?: unknown } | null)?.kind;
    if (kind === 'model') container.register(MODEL_PLUGIN, { useValue: plugin as ModelPlugin });
    else if (kind === 'queue') container.register(QUEUE_PLUGIN, { useValue: plugin as QueuePlugin });
    else if (kind === 'engine') container.register(ENGINE_PLUGIN, { useValue: plugin as EnginePlugin });
    else if (kind === 'connectivity') container.register(CONNECTIVITY_PLUGIN, { useValue: plugin as ConnectivityPlugin });
    else throw new InvalidParameterError('plugin.kind', kind, '"model", "queue", "engine" or "connectivity"');
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

/** Every connectivity plugin registered in `container` (none: empty). */
export function registeredConnectivities(container: DependencyContainer): ConnectivityPlugin[] {
  return container.isRegistered(CONNECTIVITY_PLUGIN, true) ? container.resolveAll(CONNECTIVITY_PLUGIN) : [];
}

/** The plugin named `name`, or an {@link UnknownPluginError} listing what is registered. */
export function findPlugin<P extends Plugin>(kind: string, plugins: readonly P[], name: string): P {
  // the last registration of a name wins, so users can override a shipped plugin
  for (let p = plugins.length - 1; p >= 0; p--) if (plugins[p].name === name) return plugins[p];
  throw new UnknownPluginError(kind, name, plugins.map((p) => p.name));
}
