import type { CompiledNetwork } from './compiled-network.js';
import type { Connectivity, WeightSummary } from './connectivity.js';
import type { EngineOptions } from './engine-options.js';
import type { EventQueue } from './event-queue.js';
import type { NeuronModel } from './neuron-model.js';
import type { Simulator } from './simulator.js';

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
}

/**
 * Everything an engine is asked to run: built once by composition, before
 * the first spike.
 */
export interface EngineRequest {
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
   * The network's populations, delays, refractoriness and inputs when it has
   * any (built by `@sparseprop/network`); undefined for the plain network of
   * one population with instantaneous synapses. Engines that run only the
   * plain network decline requests that carry one.
   */
  readonly network?: CompiledNetwork;
}

/**
 * An engine plugin: a SparseProp loop (or the O(N) reference) for the
 * networks it supports. Every engine, built-in or not, is one: composition
 * asks the registered engines, last registered first, and takes the first
 * that supports the request (or the one the config names). Every engine
 * must give the spike train of the O(N) reference (`engineConformance` in
 * `@sparseprop/testkit` checks it).
 */
export interface EnginePlugin {
  readonly kind: 'engine';
  /** Name used in configs and on the CLI (`--engine NAME`); `"js"` and `"auto"` are reserved. */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /**
   * Whether `engine: "auto"` may pick this engine (default true). The O(N)
   * reference sets it false: it runs only when asked for by name.
   */
  readonly automatic?: boolean;
  /** Part of the built-in JS family that `engine: "js"` chooses from (default false). */
  readonly js?: boolean;
  /** Why this engine cannot run `request` (one sentence), or undefined when it can. */
  unsupportedReason(request: EngineRequest): string | undefined;
  /** Build the simulator (only called when {@link unsupportedReason} is undefined). */
  create(request: EngineRequest): Simulator;
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
