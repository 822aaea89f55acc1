import type { CompiledNetwork } from './compiled-network.js';
import type { Connectivity, WeightSummary } from './connectivity.js';
import type { EngineOptions, KickEvents } from './engine-options.js';
import type { EventQueue } from './event-queue.js';
import type { NeuronModel } from './neuron-model.js';
import type { Simulator, VoltageSimulator } from './simulator.js';

/** One model parameter, as listed by `sparseprop models`. */
export interface ParameterSpec {
  /** Key in `modelParams` and CLI flag name. */
  readonly name: string;
  /** What it means. */
  readonly description: string;
  /** Unit, e.g. `"1 (voltage)"` or `"s"`. */
  readonly unit: string;
  /** Value used when the user gives none. */
  readonly default: number;
  /** Allowed range, inclusive bounds unless the text says otherwise, e.g. `"(0, Infinity)"`. */
  readonly range: string;
}

/**
 * The network a model instance is created for. Drives are dimensionless
 * (the `iext` of docs/algorithm.md §2); a model turns them into its own constants.
 */
export interface NetworkContext {
  /** Number of neurons. */
  readonly n: number;
  /** Membrane time constant, seconds. */
  readonly tau: number;
  /** Homogeneous external drive (dimensionless). */
  readonly iext: number;
  /**
   * Per-neuron drive when the network is heterogeneous (length n), else
   * undefined and every neuron gets `iext`.
   */
  readonly drive: Float64Array | undefined;
  /** The synaptic weights of the network (voltage jumps J). */
  readonly weights: WeightSummary;
}

/**
 * A neuron-model plugin: a name, its parameters, and a factory. Register it
 * with {@link registerPlugins}; compose it by name in a simulation config.
 */
export interface ModelPlugin {
  readonly kind: 'model';
  /** Name used in configs and on the CLI (`--model NAME`). */
  readonly name: string;
  /** One line for `sparseprop models`. */
  readonly description: string;
  /** Model-specific parameters (not the network's n, k, j0, drive, tau). */
  readonly parameters: readonly ParameterSpec[];
  /**
   * Build the model for a network. `params` holds every key of `parameters`
   * (defaults filled in). Must throw {@link InvalidParameterError} for values
   * outside the model's domain (e.g. a drive too weak for tonic firing).
   */
  create(network: NetworkContext, params: Readonly<Record<string, number>>): NeuronModel;
  /**
   * Map a uniform variate `u` in `[0, 1)` to a random initial phase. Default:
   * `phiReset + u (phiThreshold - phiReset)`.
   */
  initialPhase?(u: number, model: NeuronModel): number;
}

/** An event-queue plugin. */
export interface QueuePlugin {
  readonly kind: 'queue';
  /** Name used in configs and on the CLI (`--queue NAME`). */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /** Build an empty queue over `n` neurons (fill it with `build`). */
  create(n: number): EventQueue;
  /**
   * Optional: about how many bytes per neuron a queue of many neurons holds
   * at its peak when an engine sets it up and runs it, set-up included (with
   * a queue that lacks `buildInPlace`, the caller's N keys count: 8 bytes).
   * `keysMayFall` is false when the engine only ever raises keys (all
   * inhibitory inputs), which lets a lazy queue skip its bookkeeping. Used
   * to refuse a size that will not fit before allocating; engines assume
   * 24 without it.
   */
  bytesPerNeuron?(keysMayFall: boolean): number;
}

/**
 * What composition asks an engine to run: the plain network (one
 * {@link NeuronModel} over a {@link Connectivity}, in the phase or time frame)
 * or a {@link CompiledNetwork} (populations, projections with delays,
 * refractoriness, inputs; voltage space). Built once, before the first spike.
 * Narrow it by `kind`.
 */
export type EngineRequest = PlainEngineRequest | NetworkEngineRequest;

/** The plain network: one model over a connectivity (docs/algorithm.md §1–§5). */
export interface PlainEngineRequest {
  /** Discriminant of {@link EngineRequest}. */
  readonly kind: 'plain';
  /** The neuron model of every neuron. */
  readonly model: NeuronModel;
  /** The synapses. */
  readonly connectivity: Connectivity;
  /** Time constant, rebasing and initial state. */
  readonly options: EngineOptions;
  /** The queue plugin a JS engine builds its queue from (the config's or the default), undefined when none is registered. */
  readonly queue: QueuePlugin | undefined;
  /** True when the config named the queue: engines that bring their own queue decline. */
  readonly queueNamed: boolean;
  /** The frame the config asks for: `"phase"`, `"time"` or `"auto"`. */
  readonly frame: 'phase' | 'time' | 'auto';
  /** False when the config turned exponential keys off (`expKeys: false`). */
  readonly expKeys: boolean;
  /**
   * External input events (kicks at given times; checked before any engine
   * sees them). Offered only to engines with
   * {@link EnginePluginBase.takesInputEvents}: the others are reported as declining.
   */
  readonly inputEvents?: KickEvents;
}

/**
 * A compiled network (built by `@sparseprop/network`, or by hand): its
 * populations carry their own models (voltage dynamics), drives, initial
 * voltages and refractory periods, so there is no model, connectivity, frame
 * or initial phase to give.
 */
export interface NetworkEngineRequest {
  /** Discriminant of {@link EngineRequest}. */
  readonly kind: 'network';
  /** The network, checked by the engine that builds it (`checkCompiledNetwork`). */
  readonly network: CompiledNetwork;
  /** The queue plugin an engine builds its queue from (the config's or the default), undefined when none is registered. */
  readonly queue: QueuePlugin | undefined;
  /** True when the config named the queue. */
  readonly queueNamed: boolean;
}

/** What every engine plugin declares, whatever it runs. */
export interface EnginePluginBase {
  readonly kind: 'engine';
  /** Name used in configs and on the CLI (`--engine NAME`); `"js"` and `"auto"` are reserved. */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /**
   * Whether `engine: "auto"` may pick this engine (default true). The O(N)
   * references set it false: they run only when asked for by name.
   */
  readonly automatic?: boolean;
  /** Part of the built-in JS family that `engine: "js"` chooses from (default false). */
  readonly js?: boolean;
  /**
   * Whether it runs plain-network requests with external input events
   * ({@link PlainEngineRequest.inputEvents}; default false): composition
   * offers such requests only to engines that say so.
   */
  readonly takesInputEvents?: boolean;
}

/**
 * An engine plugin: a SparseProp loop (or an O(N) reference) for the
 * networks it supports. Every engine, built-in or not, is one: composition
 * asks the registered engines, last registered first, and takes the first
 * that supports the request (or the one the config names). Every engine
 * must give the spike train of the O(N) reference (`engineConformance` in
 * `@sparseprop/testkit` checks plain-network engines).
 *
 * An engine runs one kind of request: the plain network
 * ({@link PlainEnginePlugin}, the default: a plugin without `runs`) or
 * compiled networks ({@link NetworkEnginePlugin}, `runs: "network"`).
 * Composition offers each request only to the engines of its kind and
 * reports the others as declining it, so an engine never sees a request it
 * was not written for.
 */
export type EnginePlugin = PlainEnginePlugin | NetworkEnginePlugin;

/** An engine for the plain network (one model over a connectivity). */
export interface PlainEnginePlugin extends EnginePluginBase {
  /** What it runs: the plain network (the default when absent). */
  readonly runs?: 'plain';
  /** Why this engine cannot run `request` (one sentence), or undefined when it can. */
  unsupportedReason(request: PlainEngineRequest): string | undefined;
  /** Build the simulator (only called when {@link unsupportedReason} is undefined). */
  create(request: PlainEngineRequest): Simulator;
  /**
   * Optional: about how many bytes `create(request)` and a run will hold at
   * their peak (state, queue, set-up transients; not the connectivity the
   * request already holds), so composition can refuse a size that will not
   * fit before allocating (`SimulationConfig.availableBytes`). Without it
   * composition assumes `estimateStateBytes` (32 bytes per neuron).
   */
  estimateBytes?(request: PlainEngineRequest): number;
}

/**
 * An engine for compiled networks (populations, delays, refractoriness,
 * inputs): its simulator's state is voltages, read exactly at the current
 * time through {@link VoltageSimulator}.
 */
export interface NetworkEnginePlugin extends EnginePluginBase {
  /** What it runs: compiled networks. */
  readonly runs: 'network';
  /** Why this engine cannot run `request` (one sentence), or undefined when it can. */
  unsupportedReason(request: NetworkEngineRequest): string | undefined;
  /** Build the simulator (only called when {@link unsupportedReason} is undefined). */
  create(request: NetworkEngineRequest): VoltageSimulator;
}

/** Whether `engine` runs compiled networks (`runs: "network"`) rather than the plain network. */
export function runsNetworks(engine: EnginePlugin): engine is NetworkEnginePlugin {
  return engine.runs === 'network';
}

/**
 * A connectivity plugin: builds the synapses of a network from its
 * procedural parameters, by name (`SimulationConfig.connectivity` may also
 * be an instance).
 */
export interface ConnectivityPlugin {
  readonly kind: 'connectivity';
  /** Name used in configs, e.g. `"fixed-out-degree"`. */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /**
   * Build the connectivity: `n` neurons, `k` synapses per neuron, weight,
   * seed, and a memory budget for memoised targets (bytes).
   */
  create(spec: { n: number; k: number; weight: number; seed: number; cacheBytes: number }): Connectivity;
}

/** Anything {@link registerPlugins} accepts. */
export type Plugin = ModelPlugin | QueuePlugin | EnginePlugin | ConnectivityPlugin;
