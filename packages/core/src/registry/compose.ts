import type { Connectivity } from '../contracts/connectivity.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import type { CompiledNetwork } from '../contracts/compiled-network.js';
import { type EnginePlugin, type EngineRequest, type ModelPlugin, type NetworkContext, type NetworkEngineRequest, type PlainEngineRequest, type PlainEnginePlugin, type QueuePlugin, runsNetworks } from '../contracts/plugins.js';
import type { Simulator, VoltageSimulator } from '../contracts/simulator.js';
import { weightSummaryOf } from '../connectivity/weight-summary.js';
import { InsufficientMemoryError, InvalidParameterError } from '../errors/errors.js';
import { materializePhases, RandomPhaseSource } from '../network/initial-phases.js';
import { estimateStateBytes } from '../network/memory.js';
import { checkKickEvents } from '../engines/check-kick-events.js';
import type { KickEvents } from '../contracts/engine-options.js';
import { heterogeneousDrive, type NetworkParameters, type ResolvedNetwork, resolveNetwork } from '../network/reference-network.js';
import { findPlugin, registeredConnectivities, registeredEngines, registeredModels, registeredQueues } from './registry.js';
import type { DependencyContainer } from './tsyringe.js';

/** Default of {@link SimulationConfig.targetCacheBytes}. */
export const DEFAULT_TARGET_CACHE_BYTES = 64 * 2 ** 20;

/** A whole simulation as plain data (a JSON config plus optional arrays). */
export interface SimulationConfig extends NetworkParameters {
  /** Registered model name. Default `"lif"`. */
  model?: string;
  /** Model-specific parameters (see the plugin's `parameters`); missing keys take their defaults. */
  modelParams?: Record<string, number>;
  /**
   * Registered queue name (JS engines). Default: `"calendar"` when
   * registered (the lazy calendar queue: 1.1–1.4× faster than the 32-ary heap
   * for LIF and QIF from N = 1e3 to 1e6, same spikes), else `"32-ary"`, else
   * `"binary"`, else the first registered queue.
   */
  queue?: string;
  /** `"phase"` (docs/algorithm.md §3, homogeneous only), `"time"` (docs/algorithm.md §4) or `"auto"` (phase when possible). Default `"auto"`. */
  frame?: 'phase' | 'time' | 'auto';
  /** Run the O(N) reference simulator instead of SparseProp. Default false. */
  reference?: boolean;
  /**
   * The synapses: an instance (e.g. an explicit `SparseConnectivity`), or the
   * name of a registered connectivity plugin built from `n`, `k`, `j0` and
   * `seed`. Default `"fixed-out-degree"`, the procedural network of
   * docs/algorithm.md §5.
   */
  connectivity?: Connectivity | string;
  /** Initial phases (model convention) replacing the random initial state. */
  initialPhases?: Float64Array;
  /**
   * Bytes the simulation may hold. When given, composition asks the chosen
   * engine how much it will need (`EnginePlugin.estimateBytes`, else
   * `estimateStateBytes`) and throws {@link InsufficientMemoryError} naming
   * `n` and the largest N that fits, before the engine allocates anything.
   */
  availableBytes?: number;
  /**
   * Memoise the procedural network's targets when the table (4 N K bytes)
   * fits this many bytes; 0 regenerates them on every spike (O(K) memory, as
   * docs/algorithm.md §5 and the C anchor). Same spikes either way. Default 64 MiB: small
   * networks (N K ≤ 16.7e6) run faster, large ones keep O(1) memory.
   */
  targetCacheBytes?: number;
  /** Spikes between two rebases (default N). */
  rebaseEvery?: number;
  /**
   * In the phase frame, use exponential keys ({@link "@sparseprop/core/plugin"!ExpKeySimulator}) when
   * the model supports them (LIF): no exp/log per input. Default true.
   */
  expKeys?: boolean;
  /**
   * Which engine runs the network: the name of a registered engine plugin
   * (`"exp-key"`, `"phase"`, `"time"`, `"reference"`, `"wasm"` when
   * registered, or your own), `"js"` (the best built-in JS engine that
   * supports the network), or `"auto"`: the registered engines are asked,
   * last registered first, and the first that supports the network runs it.
   * Default `"auto"`.
   */
  engine?: string;
  /**
   * External input events (kicks at given times, seconds). Only engines that
   * take them run the network (`EnginePluginBase.takesInputEvents`: the
   * `wasm` kernel for LIF); with none registered that does, composition
   * throws naming each engine's reason.
   */
  inputEvents?: KickEvents;
}

/** What {@link composeSimulator} built, for inspection. */
export interface ComposedSimulation {
  simulator: Simulator;
  model: NeuronModel;
  connectivity: Connectivity;
  network: ResolvedNetwork;
  plugin: ModelPlugin;
  /** The engine plugin that runs it, e.g. `"exp-key"`, `"time"`, `"wasm"`, `"reference"`. */
  engine: string;
  /** The queue plugin the engine builds its queue from; undefined for engines that bring their own (wasm) and the reference. */
  queue: string | undefined;
  /**
   * The phases the simulator started from (the config's, or the random
   * initial state). The random state is generated again, as one array, on
   * first read: the engines themselves build it in chunks (8 bytes per
   * neuron less at peak).
   */
  readonly initialPhases: Float64Array;
}

/**
 * A compiled network to simulate (populations, projections with delays,
 * refractoriness, inputs): build it with `compileNetwork` from
 * `@sparseprop/network`, or by hand. The network carries its models, drives,
 * initial voltages and seed, so only the engine and queue are chosen here.
 */
export interface NetworkSimulationConfig {
  /** The network (checked by the engine that builds it). */
  network: CompiledNetwork;
  /**
   * `"auto"` (default: the registered network engines, last registered
   * first, that `engine: "auto"` may pick: the built-in `"network"` engine),
   * `"js"` (the built-in JS network engine), `"reference"` (the O(N)
   * voltage-space reference, `"network-reference"`), or a registered network
   * engine's name. Engines of the plain network decline.
   */
  engine?: string;
  /**
   * Registered queue name for the network engine. Default `"32-ary"` when
   * registered, else `"binary"`, else the first registered queue. Every
   * queue gives the same spike train.
   */
  queue?: string;
  /** Run the O(N) voltage-space reference (same as `engine: "reference"`). Default false. */
  reference?: boolean;
}

/** What {@link composeSimulator} built for a {@link NetworkSimulationConfig}. */
export interface ComposedNetworkSimulation {
  /** The simulator; its state is voltages ({@link VoltageSimulator.voltage}). */
  simulator: VoltageSimulator;
  /** The network it runs. */
  network: CompiledNetwork;
  /** The engine plugin that runs it: `"network"`, `"network-reference"`, or a registered network engine. */
  engine: string;
  /** The queue plugin the engine builds its queue from; undefined for the reference. */
  queue: string | undefined;
}

/** Apply a plugin's parameter defaults to `given`; reject unknown keys. */
export function resolveModelParams(plugin: ModelPlugin, given: Record<string, number> = {}): Record<string, number> {
  const params: Record<string, number> = {};
  // own keys only: "constructor" or "toString" must not come from Object.prototype
  for (const spec of plugin.parameters) params[spec.name] = Object.hasOwn(given, spec.name) && given[spec.name] !== undefined ? given[spec.name] : spec.default;
  for (const key of Object.keys(given)) {
    if (!plugin.parameters.some((p) => p.name === key)) {
      throw new InvalidParameterError(`modelParams.${key}`, given[key], `one of the ${plugin.name} parameters: ${plugin.parameters.map((p) => p.name).join(', ') || '(none)'}`);
    }
  }
  return params;
}

/**
 * Build a simulator from a plain config, resolving plugins by name from the
 * container. Dependency injection happens here, once: the simulator it
 * returns holds concrete model, queue and connectivity objects, and its
 * per-spike loop sees only them.
 *
 * @example
 * ```ts
 * import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
 * import { lif } from '@sparseprop/model-lif';
 * import { binaryHeap } from '@sparseprop/queue-heap';
 *
 * const container = registerPlugins(createContainer(), lif, binaryHeap);
 * const { simulator, engine } = composeSimulator({ model: 'lif', n: 10_000, k: 100, seed: 1 }, container);
 * const spikes = new SpikeTrain();
 * simulator.run({ maxSpikes: 10_000, record: spikes }); // engine === 'exp-key'
 * ```
 *
 * A compiled network ({@link NetworkSimulationConfig}: populations,
 * delays, refractoriness, inputs) goes to the network engines:
 *
 * @example
 * ```ts
 * import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
 * import { lif } from '@sparseprop/model-lif';
 * import { compileNetwork, brunelPreset } from '@sparseprop/network';
 * import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';
 *
 * const container = registerPlugins(createContainer(), lif, thirtyTwoAryHeap);
 * const { network } = compileNetwork(brunelPreset({ n: 1000 }), { models: [lif] });
 * const { simulator, engine } = composeSimulator({ network }, container); // engine === 'network'
 * simulator.run({ maxTimeSeconds: 0.1, record: new SpikeTrain() });
 * const v = simulator.voltage(0); // exact voltage of neuron 0 at t = 0.1 s
 * const reference = composeSimulator({ network, engine: 'reference' }, container); // the O(N) reference
 * ```
 */
export function composeSimulator(config: NetworkSimulationConfig, container: DependencyContainer): ComposedNetworkSimulation;
export function composeSimulator(config: SimulationConfig, container: DependencyContainer): ComposedSimulation;
export function composeSimulator(config: SimulationConfig | NetworkSimulationConfig, container: DependencyContainer): ComposedSimulation | ComposedNetworkSimulation;
export function composeSimulator(config: SimulationConfig | NetworkSimulationConfig, container: DependencyContainer): ComposedSimulation | ComposedNetworkSimulation {
  if (isNetworkConfig(config)) return composeNetworkSimulator(config, container);
  checkSimulationConfig(config);
  requireContainer(container);
  const network = resolveNetwork(config);
  const plugin = findPlugin('model', registeredModels(container), config.model ?? 'lif');
  const connectivity = buildConnectivity(config, network, container);
  if (connectivity.size !== network.n) {
    throw new InvalidParameterError('n', network.n, `equal to the connectivity's ${connectivity.size} neurons`);
  }
  const context = { n: network.n, tau: network.tau, iext: network.iext, drive: heterogeneousDrive(network), weights: weightSummaryOf(connectivity) };
  const model = createModel(plugin, context, resolveModelParams(plugin, config.modelParams), config.iext === undefined);
  // the random initial state as a chunked source: engines that build in place never hold all N phases at once
  const phaseSource = config.initialPhases === undefined ? new RandomPhaseSource(model, plugin, network.initSeed) : undefined;
  const frame = config.frame ?? 'auto';
  if (frame !== 'auto' && frame !== 'phase' && frame !== 'time') throw new InvalidParameterError('frame', frame, '"phase", "time" or "auto"');
  // a contradiction in the config itself, whatever engines are registered
  if (frame === 'phase' && !model.homogeneous) {
    throw new InvalidParameterError('frame', frame, `"time" for the heterogeneous model ${model.name} (the phase frame needs one omega)`);
  }

  if (config.inputEvents !== undefined) checkKickEvents(config.inputEvents, network.n);
  const queues = registeredQueues(container);
  const queue = config.queue === undefined ? defaultQueue(queues) : findPlugin('queue', queues, config.queue);
  const request: PlainEngineRequest = {
    kind: 'plain',
    model,
    connectivity,
    options: { tau: network.tau, rebaseEvery: config.rebaseEvery, initialPhases: config.initialPhases, initialPhaseSource: phaseSource },
    queue,
    queueNamed: config.queue !== undefined,
    frame,
    expKeys: config.expKeys !== false,
    ...(config.inputEvents === undefined ? {} : { inputEvents: config.inputEvents }),
  };
  const engine = chooseEngine(config, request, registeredEngines(container));
  if (runsNetworks(engine)) throw new Error('chooseEngine offered the plain network to a network engine');
  if (config.availableBytes !== undefined) requireEngineMemory(engine, request, config.availableBytes, queue);
  const simulator = engine.create(request);
  let initialPhases = config.initialPhases;
  return {
    simulator,
    model,
    connectivity,
    network,
    plugin,
    engine: engine.name,
    queue: engine.js === true ? queue?.name : undefined,
    get initialPhases(): Float64Array {
      initialPhases ??= materializePhases(phaseSource!);
      return initialPhases;
    },
  };
}

/**
 * A plain network whose model is already built (e.g. a training task's, whose
 * weights change between runs): {@link composeModelSimulator} picks the engine.
 */
export interface ModelSimulationConfig {
  /** The neuron model of every neuron. */
  model: NeuronModel;
  /** The synapses (size equal to the model's). */
  connectivity: Connectivity;
  /** Membrane time constant in seconds (> 0). */
  tau: number;
  /** Initial phases, one per neuron (model convention). */
  initialPhases: Float64Array;
  /** External input events (kicks, seconds): only engines that take them are asked. */
  inputEvents?: KickEvents;
  /** As {@link SimulationConfig.engine}: `"auto"` (default), `"js"` or a registered engine name. */
  engine?: string;
  /** As {@link SimulationConfig.queue}: a registered queue name for the JS engines; default the fastest registered. */
  queue?: string;
}

/**
 * Build a simulator for a model instance you already hold: the engine is
 * chosen as {@link composeSimulator} chooses it (for LIF with the `wasm`
 * plugin registered, the WebAssembly kernel, inputs included). Returns the
 * simulator and the engine's name.
 *
 * @example
 * ```ts
 * const { simulator, engine } = composeModelSimulator({ model, connectivity, tau: 0.01, initialPhases, inputEvents }, container);
 * simulator.run({ maxTimeSeconds: 0.1, record: train }); // engine === 'wasm' for LIF with @sparseprop/engine-wasm registered
 * ```
 */
export function composeModelSimulator(config: ModelSimulationConfig, container: DependencyContainer): { simulator: Simulator; engine: string } {
  requireContainer(container);
  const { model, connectivity, tau, initialPhases, inputEvents } = config;
  if (connectivity.size !== model.size) throw new InvalidParameterError('connectivity.size', connectivity.size, `equal to the model size ${model.size}`);
  if (inputEvents !== undefined) checkKickEvents(inputEvents, model.size);
  const queues = registeredQueues(container);
  const queue = config.queue === undefined ? defaultQueue(queues) : findPlugin('queue', queues, config.queue);
  const request: PlainEngineRequest = {
    kind: 'plain',
    model,
    connectivity,
    options: { tau, initialPhases },
    queue,
    queueNamed: config.queue !== undefined,
    frame: 'auto',
    expKeys: true,
    ...(inputEvents === undefined ? {} : { inputEvents }),
  };
  const engine = chooseEngine({ engine: config.engine }, request, registeredEngines(container));
  if (runsNetworks(engine)) throw new Error('chooseEngine offered the plain network to a network engine');
  return { simulator: engine.create(request), engine: engine.name };
}

/** Keys a {@link NetworkSimulationConfig} may have. */
const NETWORK_CONFIG_KEYS = new Set(['network', 'engine', 'queue', 'reference']);

/**
 * A config is a network config when its `network` is an object (a
 * {@link CompiledNetwork}); any other `network` value is left to the plain
 * path, which ignores keys it does not know.
 */
function isNetworkConfig(config: unknown): config is NetworkSimulationConfig {
  if (typeof config !== 'object' || config === null) return false;
  const network = (config as { network?: unknown }).network;
  return typeof network === 'object' && network !== null;
}

/** {@link composeSimulator} for a compiled network: a network engine and its queue; no model, connectivity or phases. */
function composeNetworkSimulator(config: NetworkSimulationConfig, container: DependencyContainer): ComposedNetworkSimulation {
  requireContainer(container);
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (!NETWORK_CONFIG_KEYS.has(key)) {
      throw new InvalidParameterError(key, value, 'absent with a compiled network (its populations carry the models, drives, initial state and seed): give only network, engine, queue, reference');
    }
    const type = key === 'reference' ? 'boolean' : key === 'network' ? 'object' : 'string';
    if (typeof value !== type) throw new InvalidParameterError(key, value, `a ${type} (${describeType(value)} given)`);
  }
  const network = config.network;
  if (typeof network.size !== 'number' || !Array.isArray(network.populations) || !Array.isArray(network.projections)) {
    throw new InvalidParameterError('network', network, 'a CompiledNetwork (e.g. compileNetwork(config, { models }).network from @sparseprop/network)');
  }
  const queues = registeredQueues(container);
  const queue = config.queue === undefined ? defaultNetworkQueue(queues) : findPlugin('queue', queues, config.queue);
  const request: NetworkEngineRequest = { kind: 'network', network, queue, queueNamed: config.queue !== undefined };
  const engine = chooseEngine(config, request, registeredEngines(container));
  if (!runsNetworks(engine)) throw new Error('chooseEngine offered a compiled network to a plain-network engine');
  const simulator = engine.create(request);
  return { simulator, network, engine: engine.name, queue: engine.js === true ? queue?.name : undefined };
}

/**
 * The network engine's default queues: the 32-ary heap (the queue the CLI's
 * network runs have used since the network engine was added), else the
 * binary heap, else the first registered. Every queue gives the same spikes.
 */
const DEFAULT_NETWORK_QUEUES = ['32-ary', 'binary'];

function defaultNetworkQueue(queues: readonly QueuePlugin[]): QueuePlugin | undefined {
  for (const name of DEFAULT_NETWORK_QUEUES) {
    const queue = queues.find((q) => q.name === name);
    if (queue !== undefined) return queue;
  }
  return queues[0];
}

/**
 * Refuse, before `engine.create` allocates, a network whose state will not
 * fit `availableBytes`: the engine's own estimate (else `estimateStateBytes`),
 * with the largest N that fits at the same bytes per neuron.
 */
function requireEngineMemory(engine: EnginePlugin, request: PlainEngineRequest, availableBytes: number, queue: QueuePlugin | undefined): void {
  const n = request.model.size;
  const estimate = (engine as Pick<PlainEnginePlugin, 'estimateBytes'>).estimateBytes;
  const required = estimate?.(request) ?? estimateStateBytes(n, { heterogeneous: !request.model.homogeneous, reference: engine.name === 'reference' });
  if (required <= availableBytes) return;
  const perNeuron = required / n;
  const what = engine.js === true && queue !== undefined ? `${engine.name} engine, ${queue.name} queue` : `${engine.name} engine`;
  throw new InsufficientMemoryError(required, availableBytes, {
    parameter: 'n',
    largest: Math.max(0, Math.floor(availableBytes / perNeuron)),
    basis: `${perNeuron.toFixed(1)} B per neuron: ${what}`,
  });
}

/**
 * The model, with a drive refused by the model explained when the config did
 * not give it: `iext` then came from the balance equation, so the flags to
 * change are `tau`, `k`, `j0` or `rate` (or `iext` itself).
 */
function createModel(plugin: ModelPlugin, context: NetworkContext, params: Record<string, number>, balancedIext: boolean): NeuronModel {
  try {
    return plugin.create(context, params);
  } catch (error) {
    if (balancedIext && error instanceof InvalidParameterError && /^iext\b/.test(error.parameter)) {
      throw new InvalidParameterError(`${error.parameter} (from the balance equation tau*sqrt(k)*j0*rate)`, error.value, error.allowed);
    }
    throw error;
  }
}

/** Keys of {@link SimulationConfig} and the JSON type each must have (networks' numbers are checked by resolveNetwork). */
const CONFIG_TYPES: Record<string, 'number' | 'string' | 'boolean' | 'object'> = {
  n: 'number', k: 'number', j0: 'number', rate: 'number', tau: 'number', iext: 'number', eta: 'number', seed: 'number', initSeed: 'number',
  model: 'string', modelParams: 'object', queue: 'string', frame: 'string', reference: 'boolean', connectivity: 'object',
  initialPhases: 'object', targetCacheBytes: 'number', rebaseEvery: 'number', expKeys: 'boolean', engine: 'string', availableBytes: 'number',
  inputEvents: 'object',
};

/**
 * A config must be a plain object whose keys have the documented types:
 * `composeSimulator(5)`, `('lif')`, `([])`, `({ reference: 'yes' })` are
 * {@link InvalidParameterError}s naming the key, never a silent default run.
 */
function checkSimulationConfig(config: unknown): asserts config is SimulationConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config) || ArrayBuffer.isView(config)) {
    throw new InvalidParameterError('config', config, 'a SimulationConfig object such as { model: "lif", n: 1000, k: 100 }');
  }
  for (const [key, value] of Object.entries(config)) {
    const type = CONFIG_TYPES[key];
    if (type === undefined || value === undefined) continue; // other keys are left to whoever builds on this config
    if (key === 'connectivity' && typeof value === 'string') continue; // a registered connectivity plugin's name
    if (typeof value !== type || value === null) throw new InvalidParameterError(key, value, `a ${type}${type === 'object' ? '' : ` (${describeType(value)} given)`}`);
  }
  const { modelParams, initialPhases, connectivity } = config as SimulationConfig;
  if (modelParams !== undefined) {
    if (Array.isArray(modelParams)) throw new InvalidParameterError('modelParams', modelParams, 'an object of numbers, e.g. { dT: 0.1 }');
    for (const [name, value] of Object.entries(modelParams)) {
      if (typeof value !== 'number') throw new InvalidParameterError(`modelParams.${name}`, value, 'a number');
    }
  }
  if (initialPhases !== undefined && !(initialPhases instanceof Float64Array)) {
    throw new InvalidParameterError('initialPhases', initialPhases, 'a Float64Array of one phase per neuron');
  }
  if (connectivity !== undefined && typeof connectivity !== 'string' && typeof (connectivity as { targetsOf?: unknown }).targetsOf !== 'function') {
    throw new InvalidParameterError('connectivity', connectivity, 'a Connectivity (e.g. SparseConnectivity.fromCsv(text)) or a registered connectivity name');
  }
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function requireContainer(container: unknown): asserts container is DependencyContainer {
  if (typeof container !== 'object' || container === null || typeof (container as { resolveAll?: unknown }).resolveAll !== 'function') {
    throw new InvalidParameterError('container', container, 'a container from createContainer() with the plugins registered');
  }
}

/** The config's connectivity instance, or one built by the named (default: fixed-out-degree) connectivity plugin. */
function buildConnectivity(config: SimulationConfig, network: ResolvedNetwork, container: DependencyContainer): Connectivity {
  const given = config.connectivity ?? 'fixed-out-degree';
  if (typeof given !== 'string') return given;
  const plugin = findPlugin('connectivity', registeredConnectivities(container), given);
  return plugin.create({ n: network.n, k: network.k, weight: network.weight, seed: network.seed, cacheBytes: config.targetCacheBytes ?? DEFAULT_TARGET_CACHE_BYTES });
}

/**
 * Preferred default queues, fastest first: the calendar 1.1–1.4× the 32-ary
 * heap (packages/queue-calendar README), the 32-ary heap 1.1–2.2× the binary
 * heap (BENCHMARKS.md). Every queue gives the same spike train.
 */
const DEFAULT_QUEUES = ['calendar', '32-ary', 'binary'];

/** The queue a config that names none gets: the first preferred one registered, else the first registered. */
function defaultQueue(queues: readonly QueuePlugin[]): QueuePlugin | undefined {
  for (const name of DEFAULT_QUEUES) {
    const queue = queues.find((q) => q.name === name);
    if (queue !== undefined) return queue;
  }
  return queues[0];
}

/**
 * The engine that runs `request`: the one the config names, or (`"auto"`,
 * `"js"`) the first of the registered engines, last registered first, that
 * supports it. Only engines of the request's kind (plain network or compiled
 * network) are asked; the others are reported as declining. For a compiled
 * network, `"reference"` (and `reference: true`) names the voltage-space
 * reference `"network-reference"`. Errors say why each candidate declined.
 */
function chooseEngine(config: { engine?: string; reference?: boolean }, request: EngineRequest, engines: readonly EnginePlugin[]): EnginePlugin {
  const asked = config.engine ?? 'auto';
  if (typeof asked !== 'string') throw new InvalidParameterError('engine', asked, '"auto", "js" or a registered engine name');
  if (config.reference === true && asked !== 'auto' && asked !== 'reference') {
    throw new InvalidParameterError('engine', asked, '"auto" or "reference" together with reference: true');
  }
  const network = request.kind === 'network';
  let name = config.reference === true ? 'reference' : asked;
  if (network && name === 'reference') name = 'network-reference';
  if (name === 'auto' || name === 'js') {
    const reasons: string[] = [];
    for (let e = engines.length - 1; e >= 0; e--) {
      const engine = engines[e];
      if (engine.automatic === false || (name === 'js' && engine.js !== true)) continue;
      const reason = unsupportedReason(engine, request);
      if (reason === undefined) return engine;
      reasons.push(`${engine.name}: ${reason}`);
    }
    throw new InvalidParameterError('engine', name, `a registered engine that supports this network; ${reasons.length === 0 ? 'none is registered' : reasons.join('; ')}`);
  }
  const engine = findPlugin('engine', engines, name);
  const reason = unsupportedReason(engine, request);
  if (reason !== undefined) {
    throw new InvalidParameterError('engine', name, `an engine that supports this network (${reason}); ${network ? '"network" runs every compiled network' : '"js" runs every network'}`);
  }
  return engine;
}

/** Why `engine` cannot run `request`: it runs the other kind of request, or its own reason. */
function unsupportedReason(engine: EnginePlugin, request: EngineRequest): string | undefined {
  if (request.kind === 'network') {
    return runsNetworks(engine) ? engine.unsupportedReason(request) : 'it runs the plain network (one model over a connectivity), not compiled networks with populations, delays, refractoriness or inputs';
  }
  if (runsNetworks(engine)) return 'it runs compiled networks (populations, projections, inputs) only';
  if (request.inputEvents !== undefined && engine.takesInputEvents !== true) return 'it takes no external input events';
  return engine.unsupportedReason(request);
}
