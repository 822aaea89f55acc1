import type { Connectivity, WeightSummary } from './connectivity.js';
import type { EngineOptions } from '../engine/engine-options.js';
import type { Simulator } from '../engine/simulator.js';
import type { EventQueue } from './event-queue.js';
import type { NeuronModel } from './neuron-model.js';

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
 * An engine plugin: a whole SparseProp loop specialised for some networks
 * (e.g. `@sparseprop/engine-wasm`, a WebAssembly kernel for LIF). It must give
 * the spike train of the built-in engine it replaces. Chosen by
 * `SimulationConfig.engine` (by name, or `"auto"`: the last registered
 * engine that supports the network, when the config pins no queue).
 */
export interface EnginePlugin {
  readonly kind: 'engine';
  /** Name used in configs and on the CLI (`--engine NAME`); `"js"` and `"auto"` are reserved. */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /** Why this engine cannot run `model` on `connectivity` (one sentence), or undefined when it can. */
  unsupportedReason(model: NeuronModel, connectivity: Connectivity): string | undefined;
  /** Build the simulator (only called when {@link unsupportedReason} is undefined). */
  create(model: NeuronModel, connectivity: Connectivity, options: EngineOptions): Simulator;
}

/** Anything {@link registerPlugins} accepts. */
export type Plugin = ModelPlugin | QueuePlugin | EnginePlugin;
