import type { ModelPlugin, NeuronModel, SparseConnectivity, VoltageDynamics } from '@sparseprop/core';
import type { z } from 'zod';
import type { TrainingSettings } from './task-config.js';
import type { TrainingTask } from '../trainer.js';
import type { TrainingForward } from '../engine-forward.js';

/**
 * How a task gets its neuron model: the caller (the CLI: a registered model
 * plugin by name) builds one of `n` neurons with membrane time constant
 * `tauSeconds` and drive `iext`, prepared for weights within ±`weightBound`
 * (threshold units; models that tabulate the kick, e.g. Chebyshev fits, need
 * the range).
 */
export type ModelFactory = (spec: { readonly n: number; readonly tauSeconds: number; readonly iext: number; readonly weightBound: number }) => NeuronModel;

/**
 * The exact voltage-space dynamics of the factory's model (for tasks whose
 * network has delays or refractory periods: their forward runs on the
 * network engine); undefined when the model has none.
 */
export type DynamicsFactory = () => VoltageDynamics | undefined;

/** A task-specific evaluation: named scalars (a column each in metrics.csv) and any JSON details. */
export interface TaskEvaluation {
  /** Finite or NaN numbers (NaN: not defined, e.g. Q with one signal); names are CSV-safe. */
  readonly scalars: Readonly<Record<string, number>>;
  /** Anything JSON-serialisable the task reports besides the scalars (arrays per neuron or per output, ...). */
  readonly details?: unknown;
}

/** A built task: a {@link TrainingTask} plus what a training run reports and writes. */
export interface BuiltTask extends TrainingTask {
  /** The trained recurrent network (its weights are the `recurrent` group): written as an edge file `sparseprop run --network` reads. */
  readonly connectivity: SparseConnectivity;
  readonly model: NeuronModel;
  /**
   * The run flags that reproduce this network with `sparseprop run --network` (besides the edge file): model
   * drive, τ (s), and the refractory period (s, `--refractory`; 0: none). The synaptic delay (s, 0: none) is
   * the edge file's `delay_s` column when it is > 0.
   */
  readonly runFlags: { readonly iext: number; readonly tauSeconds: number; readonly delaySeconds: number; readonly refractorySeconds: number };
  /** The loss: a short name and its formula with units, for reports and figure titles. */
  readonly loss: { readonly name: string; readonly description: string };
  /** The trial error measure (`TrialResult.error`): its short name for the progress bar and its description. */
  readonly error: { readonly name: string; readonly description: string };
  /** Before training (not on resume): e.g. fit a readout by ridge regression. Throws, naming the key, for a setting the task cannot use. */
  prepare(settings: TrainingSettings): void;
  /** Task-specific measures of the current parameters (network statistics, spike times against targets, weight error, ...). */
  evaluate(): TaskEvaluation;
  /** Extra output files (name → text), written next to the metrics (e.g. input and readout weights, initial phases). */
  files(): Record<string, string>;
  /** Extra figures (file name → vega-lite spec, plain data) from the evaluations over epochs. */
  figures(history: readonly { readonly epoch: number; readonly evaluation: TaskEvaluation }[]): Record<string, object>;
}

/**
 * A task as `sparseprop train TASK.json` knows it: its name (the file's
 * `task`), its settings block (the file's `network`: a strict zod schema,
 * every key optional with a default, so errors name the JSON path), and how
 * to build it.
 */
export interface TaskDefinition<Config = unknown> {
  /** The `task` value of a task file. */
  readonly name: string;
  /** One line for `sparseprop train --help`. */
  readonly summary: string;
  /** The `network` block: strict, defaults filled in. */
  readonly schema: z.ZodType<Config>;
  /**
   * The task from validated settings, a model factory, (for delays or refractoriness) the model's voltage
   * dynamics, and the forward of networks without delays (e.g. `engineForward` of the CLI's container:
   * the fastest registered engine; default the JS time-frame loop `simulateWithInputs`).
   */
  build(config: Config, models: ModelFactory, dynamics?: DynamicsFactory, forward?: TrainingForward, context?: TaskContext): BuiltTask;
}

/**
 * What a task that reads files needs from its caller (the CLI: the task file's directory and the registered
 * plugins): e.g. the `network-spike-timing` task's network config and its data files.
 */
export interface TaskContext {
  /** The text of a file named in the task file, `path` relative to the task file's directory; throws naming the file when it cannot be read. */
  readFile(path: string): string;
  /** The registered model plugins (a network config names its populations' models). */
  readonly modelPlugins: readonly ModelPlugin[];
}

/** CSV of weights laid out `channel · n + neuron`: `channel,neuron,weight` (shortest round-trip decimal). */
export function channelWeightsCsv(weights: Float64Array, n: number): string {
  const lines = ['channel,neuron,weight'];
  for (let q = 0; q < weights.length; q++) lines.push(`${Math.floor(q / n)},${q % n},${weights[q]}`);
  return `${lines.join('\n')}\n`;
}

/** CSV of one value per neuron: `neuron,NAME`. */
export function perNeuronCsv(name: string, values: ArrayLike<number>): string {
  const lines = [`neuron,${name}`];
  for (let i = 0; i < values.length; i++) lines.push(`${i},${values[i]}`);
  return `${lines.join('\n')}\n`;
}
