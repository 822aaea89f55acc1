import type { Connectivity } from '../contracts/connectivity.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import type { EnginePlugin, ModelPlugin, QueuePlugin } from '../contracts/plugins.js';
import { FixedOutDegreeConnectivity } from '../connectivity/fixed-out-degree.js';
import { weightSummaryOf } from '../connectivity/weight-summary.js';
import { isExpSpaceModel } from '../contracts/exp-space-model.js';
import { ExpSpaceSimulator } from '../engine/exp-space-simulator.js';
import { PhaseFrameSimulator } from '../engine/phase-frame-simulator.js';
import type { Simulator } from '../engine/simulator.js';
import { TimeFrameSimulator } from '../engine/time-frame-simulator.js';
import { InvalidParameterError } from '../errors/errors.js';
import { randomInitialPhases } from '../network/initial-phases.js';
import { heterogeneousDrive, type NetworkParameters, type ResolvedNetwork, resolveNetwork } from '../network/reference-network.js';
import { ReferenceSimulator } from '../reference/reference-simulator.js';
import { findPlugin, registeredEngines, registeredModels, registeredQueues } from './registry.js';
import { CONNECTIVITY, ENGINE_OPTIONS, EVENT_QUEUE, NEURON_MODEL } from './tokens.js';
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
   * Registered queue name (JS engines). Default: `"32-ary"` when registered
   * (the fastest heap measured for inhibitory networks: most inputs hit a
   * leaf), else `"binary"`, else the first registered queue.
   */
  queue?: string;
  /** `"phase"` (docs/algorithm.md §3, homogeneous only), `"time"` (docs/algorithm.md §4) or `"auto"` (phase when possible). Default `"auto"`. */
  frame?: 'phase' | 'time' | 'auto';
  /** Run the O(N) reference simulator instead of SparseProp. Default false. */
  reference?: boolean;
  /** Explicit connectivity replacing the procedural network of docs/algorithm.md §5. */
  connectivity?: Connectivity;
  /** Initial phases (model convention) replacing the random initial state. */
  initialPhases?: Float64Array;
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
   * In the phase frame, use exponential keys ({@link ExpSpaceSimulator}) when
   * the model supports them (LIF): no exp/log per input. Default true.
   */
  expKeys?: boolean;
  /**
   * Which loop runs the network: `"js"` (the built-in engines above), the
   * name of a registered {@link EnginePlugin} (e.g. `"wasm"`), or `"auto"`:
   * the last registered engine plugin that supports the network when the
   * config pins no `queue`, keeps `expKeys` and does not ask for the time
   * frame or the reference; otherwise `"js"`. Default `"auto"`.
   */
  engine?: string;
}

/** What {@link composeSimulator} built, for inspection. */
export interface ComposedSimulation {
  simulator: Simulator;
  model: NeuronModel;
  connectivity: Connectivity;
  network: ResolvedNetwork;
  plugin: ModelPlugin;
  /** The engine that runs it: `"js"` or the engine plugin's name (`"reference"` for the O(N) simulator). */
  engine: string;
  /** The queue plugin the JS engine uses; undefined for engine plugins (they bring their own) and the reference. */
  queue: string | undefined;
  /** The phases the simulator started from (the config's, or the random initial state). */
  initialPhases: Float64Array;
}

/** Apply a plugin's parameter defaults to `given`; reject unknown keys. */
export function resolveModelParams(plugin: ModelPlugin, given: Record<string, number> = {}): Record<string, number> {
  const params: Record<string, number> = {};
  for (const spec of plugin.parameters) params[spec.name] = given[spec.name] ?? spec.default;
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
 */
export function composeSimulator(config: SimulationConfig, container: DependencyContainer): ComposedSimulation {
  const network = resolveNetwork(config);
  const plugin = findPlugin('model', registeredModels(container), config.model ?? 'lif');
  const connectivity = config.connectivity ?? new FixedOutDegreeConnectivity({ n: network.n, k: network.k, weight: network.weight, seed: network.seed, cacheBytes: config.targetCacheBytes ?? DEFAULT_TARGET_CACHE_BYTES });
  if (connectivity.size !== network.n) {
    throw new InvalidParameterError('n', network.n, `equal to the connectivity's ${connectivity.size} neurons`);
  }
  const context = { n: network.n, tau: network.tau, iext: network.iext, drive: heterogeneousDrive(network), weights: weightSummaryOf(connectivity) };
  const model = plugin.create(context, resolveModelParams(plugin, config.modelParams));
  const initialPhases = config.initialPhases ?? randomInitialPhases(model, plugin, network.initSeed);
  const frame = config.frame ?? 'auto';
  if (frame !== 'auto' && frame !== 'phase' && frame !== 'time') throw new InvalidParameterError('frame', frame, '"phase", "time" or "auto"');

  const engineOptions = { tau: network.tau, rebaseEvery: config.rebaseEvery, initialPhases };
  const scope = container.createChildContainer();
  scope.register(NEURON_MODEL, { useValue: model });
  scope.register(CONNECTIVITY, { useValue: connectivity });
  scope.register(ENGINE_OPTIONS, { useValue: engineOptions });
  const enginePlugin = config.reference ? undefined : chooseEnginePlugin(config, frame, model, connectivity, container);
  let simulator: Simulator;
  let queueName: string | undefined;
  if (config.reference) {
    simulator = scope.resolve(ReferenceSimulator);
  } else if (enginePlugin !== undefined) {
    simulator = enginePlugin.create(model, connectivity, engineOptions);
  } else {
    const queues = registeredQueues(container);
    const queuePlugin = findPlugin('queue', queues, config.queue ?? defaultQueueName(queues));
    queueName = queuePlugin.name;
    scope.register(EVENT_QUEUE, { useValue: queuePlugin.create(network.n) });
    const usePhase = frame === 'phase' || (frame === 'auto' && model.homogeneous);
    if (!usePhase) simulator = scope.resolve(TimeFrameSimulator);
    else if (config.expKeys !== false && isExpSpaceModel(model)) simulator = scope.resolve(ExpSpaceSimulator);
    else simulator = scope.resolve(PhaseFrameSimulator);
  }
  return { simulator, model, connectivity, network, plugin, engine: config.reference ? 'reference' : (enginePlugin?.name ?? 'js'), queue: queueName, initialPhases };
}

/** Preferred default queues, fastest first (BENCHMARKS.md: 32-ary 1.1–2.2× the binary heap's speed). */
const DEFAULT_QUEUES = ['32-ary', 'binary'];

/** The queue a config that names none gets: the first preferred one registered, else the first registered. */
function defaultQueueName(queues: readonly QueuePlugin[]): string {
  for (const name of DEFAULT_QUEUES) if (queues.some((q) => q.name === name)) return name;
  return queues[0]?.name ?? DEFAULT_QUEUES[1]; // none registered: findPlugin reports that
}

/** The engine plugin `config.engine` asks for, or undefined for the built-in engines. */
function chooseEnginePlugin(config: SimulationConfig, frame: string, model: NeuronModel, connectivity: Connectivity, container: DependencyContainer): EnginePlugin | undefined {
  const name = config.engine ?? 'auto';
  if (typeof name !== 'string') throw new InvalidParameterError('engine', name, '"auto", "js" or a registered engine name');
  if (name === 'js') return undefined;
  const engines = registeredEngines(container);
  if (name === 'auto') {
    if (config.queue !== undefined || config.expKeys === false || frame === 'time') return undefined;
    for (let e = engines.length - 1; e >= 0; e--) if (engines[e].unsupportedReason(model, connectivity) === undefined) return engines[e];
    return undefined;
  }
  const engine = findPlugin('engine', engines, name);
  const reason = engine.unsupportedReason(model, connectivity);
  if (reason !== undefined) throw new InvalidParameterError('engine', name, `an engine that supports this network (${reason}); "js" runs every network`);
  if (config.queue !== undefined) throw new InvalidParameterError('queue', config.queue, `unset with engine "${name}" (it brings its own queue)`);
  if (frame === 'time') throw new InvalidParameterError('frame', frame, `"auto" or "phase" with engine "${name}"`);
  return engine;
}
