import {
  type ComposedSimulation,
  type Connectivity,
  type DependencyContainer,
  InputFormatError,
  InsufficientMemoryError,
  InvalidParameterError,
  composeSimulator,
  estimateConnectivityBytes,
  estimateStateBytes,
  findPlugin,
  registeredQueues,
  resolveNetwork,
} from '@sparseprop/core';
import { fileBytes } from '../io/read-input-file.js';
import { type InitialPhases, readInitialPhasesFile, requirePhaseCount } from '../io/initial-phases-file.js';
import { readNetworkFile, sampleLineLength } from '../io/network-file.js';
import { type MemoryProbe, estimateEdgeListBytes, memoryBudget, requireMemory } from './memory-budget.js';
import { prepareNetworkRun } from './network-run.js';
import type { RunConfig } from './run-config.js';
import { type StopCondition, resolveStopCondition } from './stop-condition.js';
import type { NeuronModel, VoltageSimulator } from '@sparseprop/core';
import type { PopulationRange } from '@sparseprop/io';

/** A simulator built from a config and ready to run. */
export interface PreparedRun {
  /** The composed simulator, model, connectivity and resolved network. */
  readonly composed: ComposedSimulation;
  /** When the run stops. */
  readonly stop: StopCondition;
  /** The merged config it was built from (outputs such as `plot` are read from it). */
  readonly config?: RunConfig;
  /** For a network run: its simulator, whose voltages can be read exactly at any time it stops (`--voltages`). */
  readonly voltages?: VoltageSimulator;
  /** For a network run: its named populations in index order (network neurons only). */
  readonly populations?: readonly PopulationRange[];
  /**
   * Simulated seconds per slice besides the spikes per slice (default: none): a network driven by endless
   * input can go silent, and a slice of spikes would then never end (no progress, no signal handling).
   */
  readonly sliceSeconds?: number;
}

/** What preparing a run needs besides the config. */
export interface PrepareEnvironment {
  /** Relative paths resolve against it. */
  readonly cwd: string;
  /** Plugins to resolve `model` and `queue` from. */
  readonly container: DependencyContainer;
  /** The machine's memory, for the refusal of sizes that will not fit. */
  readonly memory: MemoryProbe;
}

/**
 * Validate a merged config, read its input files and compose the simulator,
 * refusing (before allocating) a size that will not fit in memory. Every
 * invalid input throws a {@link SparsePropError} naming the parameter or the
 * file and line; nothing is written.
 */
export function prepareRun(config: RunConfig, env: PrepareEnvironment): PreparedRun {
  // populations, delays, refractoriness, inputs: the network engine (network-run.ts)
  const networkRun = prepareNetworkRun(config, env);
  if (networkRun !== undefined) return { ...networkRun, config };
  const stop = resolveStopCondition(config);
  const reference = config.reference === true;
  // the reference simulator uses no queue, but a misspelt --queue is still a mistake worth reporting
  if (config.queue !== undefined) findPlugin('queue', registeredQueues(env.container), config.queue);
  const heterogeneous = (config.eta ?? 0) !== 0;
  if (config.n !== undefined) {
    const early = resolveNetwork(networkParameters(config, config.n)); // fail fast, before reading files
    // a lower bound (every engine holds at least a key per neuron); composition checks the chosen engine's own figure
    requireNeurons(early.n, leastStateBytes(early.n, heterogeneous, reference), env.memory);
  }

  let connectivity: Connectivity | undefined;
  if (config.network !== undefined) {
    const bytes = fileBytes(config.network, env.cwd);
    if (bytes !== undefined) requireMemory(estimateEdgeListBytes(bytes, sampleLineLength(config.network, env.cwd) ?? 20), env.memory);
    // the neuron count may come from one large index in a small file: check the state and the network's
    // arrays (and the wasm engine's 12-byte copy of each edge) after parsing, before they are allocated
    connectivity = readNetworkFile(config.network, env.cwd, config.n, (neurons, edges) =>
      requireMemory(estimateStateBytes(neurons, { heterogeneous, reference }) + estimateConnectivityBytes(neurons, edges) + 12 * edges, env.memory),
    );
  }
  const n = config.n ?? connectivity?.size;
  const network = resolveNetwork(networkParameters(config, n));
  requireNeurons(network.n, leastStateBytes(network.n, heterogeneous, reference), env.memory);

  let init: InitialPhases | undefined;
  if (config.init !== undefined) {
    init = readInitialPhasesFile(config.init, env.cwd);
    requirePhaseCount(init, network.n);
  }

  try {
    const composed = composeSimulator(
      {
        ...networkParameters(config, network.n),
        model: config.model,
        modelParams: config.modelParams,
        queue: config.queue,
        frame: config.frame,
        engine: config.engine,
        reference,
        connectivity,
        initialPhases: init?.phases,
        // the chosen engine's own estimate is checked against it before the engine allocates
        availableBytes: memoryBudget(env.memory),
      },
      env.container,
    );
    if (stop.kind === 'duration') checkRunSpikes(composed.model, composed.network.tau, stop.seconds);
    return { composed, stop, config };
  } catch (error) {
    throw asFlagLimit(init === undefined ? error : blamePhaseLine(error, init));
  }
}

/**
 * No engine holds less than this per neuron (its 8-byte key, and a little
 * more): the check before the network is built. The chosen engine's own
 * figure is checked by composition (about 14 B for the kernel and the
 * calendar queue, 24 for a heap queue).
 */
export const MIN_BYTES_PER_NEURON = 9;

/**
 * Bytes a plain run needs at least, before the engine is known: the lower
 * bound for homogeneous SparseProp runs; a heterogeneous network's drive and
 * model constants, and the O(N) reference, are allocated whatever the engine
 * (core's `estimateStateBytes`).
 */
function leastStateBytes(n: number, heterogeneous: boolean, reference: boolean): number {
  return heterogeneous || reference ? estimateStateBytes(n, { heterogeneous, reference }) : MIN_BYTES_PER_NEURON * n;
}

/** Refuse `n` neurons needing `bytes`, naming `--n` and the largest N that fits at the same bytes per neuron. */
function requireNeurons(n: number, bytes: number, memory: MemoryProbe): void {
  const budget = memoryBudget(memory);
  if (bytes <= budget) return;
  const perNeuron = bytes / n;
  throw new InsufficientMemoryError(bytes, budget, { parameter: '--n', largest: Math.floor(budget / perNeuron), basis: `at least ${perNeuron.toFixed(1)} B per neuron` });
}

/** Composition's refusal names the config key `n`: on the command line it is `--n`. */
function asFlagLimit(error: unknown): unknown {
  if (!(error instanceof InsufficientMemoryError) || error.limit?.parameter !== 'n') return error;
  return new InsufficientMemoryError(error.requiredBytes, error.availableBytes, { ...error.limit, parameter: '--n' });
}

/** Most spikes a `--duration` run may be expected to need (about a day at 1 µs per spike). */
export const MAX_RUN_SPIKES = 1e11;

/**
 * Refuse a `--duration` run that could not end in practice, before it
 * starts: every neuron firing at its free rate (its fastest phase velocity
 * over the threshold-to-reset span) for `seconds` is the estimate.
 * Inhibition only slows neurons down; runaway excitation is caught while
 * running. E.g. `--tau 1e-300 --duration 1` would be 1e300 spikes.
 */
function checkRunSpikes(model: NeuronModel, tau: number, seconds: number): void {
  let fastest = model.omega(0);
  if (!model.homogeneous) for (let i = 1; i < model.size; i++) fastest = Math.max(fastest, model.omega(i));
  const period = (model.phiThreshold - model.phiReset) / fastest; // free period, units of tau
  const spikes = (model.size * seconds) / (period * tau);
  if (spikes > MAX_RUN_SPIKES) {
    throw new InvalidParameterError(
      '--duration',
      `${seconds} s (about ${spikes.toExponential(1)} spikes: ${model.size} neurons firing up to ${(1 / (period * tau)).toExponential(2)} Hz)`,
      `a run of at most ${MAX_RUN_SPIKES.toExponential(0)} spikes (give --spikes, a shorter --duration, or a larger --tau)`,
    );
  }
}

function networkParameters(config: RunConfig, n: number | undefined) {
  const { k, j0, rate, tau, seed, iext, eta } = config;
  return { n, k, j0, rate, tau, seed, iext, eta };
}

/** An out-of-range initial phase, reported at its line of the `--init` file. */
function blamePhaseLine(error: unknown, init: InitialPhases): unknown {
  if (!(error instanceof InvalidParameterError)) return error;
  const neuron = /^phase of neuron (\d+)$/.exec(error.parameter);
  if (neuron === null) return error;
  const index = Number(neuron[1]);
  return new InputFormatError(init.source, init.lines[index], `phase of neuron ${index} must be ${error.allowed}, got ${error.value}`);
}
