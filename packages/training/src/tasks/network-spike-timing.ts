import { type CompiledNetwork, InvalidParameterError, type NeuronModel, parseJsonText, type SparseConnectivity } from '@sparseprop/core';
import { compileNetwork, type NetworkConfig, parseNetworkConfig, type PopulationLayout } from '@sparseprop/network';
import { z } from 'zod';
import { type CompiledTrainingNetwork, sharedPhaseModel, trainingNetworkOfCompiled } from '../compiled-network.js';
import type { TrainingForward } from '../engine-forward.js';
import { simulateOnNetworkEngine } from '../network-forward.js';
import { signsOf } from '../optimizers.js';
import { spikeTimeGradients } from '../spike-time-gradients.js';
import type { TrainingTask, TrialResult } from '../trainer.js';
import { FIRST_SPIKE_ERROR, FIRST_SPIKE_LOSS, firstSpikeEvaluation, firstSpikeLoss, firstSpikesFigure, firstSpikesOf } from './first-spike-targets.js';
import { type BuiltTask, type TaskContext, type TaskDefinition, type TaskEvaluation } from './task-contract.js';

/**
 * Spike timing on a network of your own: the network is a network config
 * (`@sparseprop/network`'s JSON: E/I populations, projections with delays,
 * refractory periods, source populations from Poisson rates, rate signals or
 * spike files, kick streams), run on the network engine; every synapse
 * between network neurons (`recurrent`) and every synapse leaving a source
 * population plus each kick stream's weight (`input`) is trained, each
 * keeping its sign, so that chosen neurons fire their first spike at target
 * times. Loss `½ Σ_o (t_first,o − target_o)²` (seconds²) over the outputs
 * that fire; a silent output's input synapses are pushed up. The inputs
 * are the config's, the same every trial (fixed seed).
 */
export class NetworkSpikeTimingTask implements TrainingTask {
  readonly parameters: Record<string, Float64Array>;
  readonly signs: Record<string, Int8Array>;

  constructor(
    readonly built: CompiledTrainingNetwork,
    readonly compiled: CompiledNetwork,
    readonly trialSeconds: number,
    /** Output neurons (global indices) and their target first-spike times (seconds). */
    readonly outputs: Int32Array,
    readonly targets: Float64Array,
    /** Counts the network engine's runs (the CLI's progress line and metrics.json); optional. */
    readonly counter?: TrainingForward,
  ) {
    const { connectivity, inputs } = built.network;
    this.parameters = inputs === undefined ? { recurrent: (connectivity as SparseConnectivity).weight } : { recurrent: (connectivity as SparseConnectivity).weight, input: inputs.weights };
    this.signs = Object.fromEntries(Object.entries(this.parameters).map(([name, values]) => [name, signsOf(values)]));
  }

  /** The network engine on the current weights (the input events of the config as kicks through their trainable weights). */
  forward() {
    const { compiled } = this;
    this.counter?.note('network');
    return simulateOnNetworkEngine(this.built.network, compiled.populations[0].dynamics, compiled.drive, { maxTimeSeconds: this.trialSeconds });
  }

  runTrial(_seed: number, withGradients: boolean): TrialResult {
    const train = this.forward();
    const { value, error, dLossDTimes, index } = firstSpikeLoss(train, this.outputs, this.targets);
    if (!withGradients) return { loss: value, error, spikes: train.length };
    // the network engine's rule for kicks at one instant, even where no delay is set
    const g = spikeTimeGradients(this.built.network, train, dLossDTimes, { path: 'delayed' });
    const gradients: Record<string, Float64Array> = { recurrent: g.weights! };
    if (g.inputWeights !== undefined) {
      const post = this.built.inputWeights.post;
      for (let o = 0; o < this.outputs.length; o++) {
        if (index[o] >= 0) continue;
        for (let c = 0; c < post.length; c++) if (post[c] === this.outputs[o]) g.inputWeights[c] -= 1e-3; // silent: raise its input synapses
      }
      gradients.input = g.inputWeights;
    }
    return { loss: value, error, spikes: train.length, gradients };
  }
}

/** The task's `network` block. */
export const networkSpikeTimingSchema = z
  .object({
    /** The network config (JSON), relative to the task file; its data files relative to it. */
    config: z.string().min(1),
    /** Trial length [s]: outputs silent until then score as silent. */
    trialSeconds: z.number().finite().positive().default(0.1),
    /** Output neurons (indices across the network populations, as in spike files) and their target first-spike times [s]. */
    outputs: z.array(z.number().int().min(0)).min(1),
    targetsSeconds: z.array(z.number().finite().positive()).min(1),
  })
  .strict()
  .superRefine((c, context) => {
    if (c.targetsSeconds.length !== c.outputs.length) context.addIssue({ code: 'custom', path: ['targetsSeconds'], message: `needs one target per output (${c.outputs.length}), got ${c.targetsSeconds.length}` });
    c.outputs.forEach((o, q) => {
      if (c.outputs.indexOf(o) !== q) context.addIssue({ code: 'custom', path: ['outputs', q], message: `neuron ${o} is listed twice` });
    });
    c.targetsSeconds.forEach((t, q) => {
      if (t > c.trialSeconds) context.addIssue({ code: 'custom', path: ['targetsSeconds', q], message: `a time within the trial (≤ trialSeconds = ${c.trialSeconds}), got ${t}` });
    });
  });

export type NetworkSpikeTimingConfig = z.infer<typeof networkSpikeTimingSchema>;

/** The directory part of a `/`-separated path ('' for a bare name). */
const directoryOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const under = (directory: string, path: string) => (path.startsWith('/') ? path : `${directory}${path}`);

/** `"network-spike-timing"`: a network config's weights learn to make chosen neurons fire at target times (see {@link NetworkSpikeTimingTask}). */
export const networkSpikeTimingDefinition: TaskDefinition<NetworkSpikeTimingConfig> = {
  name: 'network-spike-timing',
  summary: 'your network config (E/I populations, source populations, inputs) learns its weights so that chosen neurons fire at target times',
  schema: networkSpikeTimingSchema,
  build(c, _models, _dynamics, forward, context) {
    if (context === undefined) throw new InvalidParameterError('context', 'none', 'a file reader and the model plugins (sparseprop train passes them) to read network.config');
    const directory = directoryOf(c.config);
    const raw = parseJsonText(context.readFile(c.config), c.config) as Record<string, unknown>;
    const validated = parseNetworkConfig(raw, c.config);
    const readData = (path: string) => context.readFile(under(directory, path));
    const { network: compiled, layout } = compileNetwork(validated, { models: context.modelPlugins, readFile: readData, file: c.config });
    c.outputs.forEach((o, q) => {
      if (o >= compiled.size) throw new InvalidParameterError(`network.outputs.${q}`, o, `a network neuron index in [0, ${compiled.size - 1}] (source neurons cannot be outputs)`);
    });
    const modelOf = sharedPhaseModel(validated.populations, context.modelPlugins, compiled.tau, c.config);
    const built = trainingNetworkOfCompiled(compiled, modelOf, c.trialSeconds);
    const task = new NetworkSpikeTimingTask(built, compiled, c.trialSeconds, Int32Array.from(c.outputs), Float64Array.from(c.targetsSeconds), forward);
    return new BuiltNetworkSpikeTiming(task, c, { raw, validated, layout, readData });
  },
};

/** What writing the trained network as a config needs: the config as written and validated, the layout, its data files. */
interface ConfigSource {
  readonly raw: Record<string, unknown>;
  readonly validated: NetworkConfig;
  readonly layout: readonly PopulationLayout[];
  readonly readData: (path: string) => string;
}

class BuiltNetworkSpikeTiming implements BuiltTask {
  readonly parameters;
  readonly signs;
  readonly connectivity: SparseConnectivity;
  readonly model: NeuronModel;
  readonly runFlags;
  readonly loss = FIRST_SPIKE_LOSS;
  readonly error = FIRST_SPIKE_ERROR;
  /** The input weights before training (a kick stream's original jumps key its events file rows). */
  private readonly initialInputWeights: Float64Array;

  constructor(
    private readonly task: NetworkSpikeTimingTask,
    private readonly config: NetworkSpikeTimingConfig,
    private readonly source: ConfigSource,
  ) {
    this.parameters = task.parameters;
    this.signs = task.signs;
    this.connectivity = task.built.network.connectivity as SparseConnectivity;
    this.model = task.built.network.model;
    this.initialInputWeights = task.built.network.inputs?.weights.slice() ?? new Float64Array(0);
    // network.csv holds the merged recurrent weights; the exact network (drives, delays, inputs) is trained-network.json
    const { drive, refractory } = task.compiled;
    const delays = task.built.network.delays as Float64Array;
    this.runFlags = {
      iext: drive[0],
      tauSeconds: task.compiled.tau,
      delaySeconds: delays.length > 0 && delays.every((d) => d === delays[0]) ? delays[0] : 0,
      refractorySeconds: refractory.every((r) => r === refractory[0]) ? refractory[0] : 0,
    };
  }

  runTrial(seed: number, withGradients: boolean): TrialResult {
    return this.task.runTrial(seed, withGradients);
  }

  prepare(settings: { readonly readoutFitTrials: number }): void {
    if (settings.readoutFitTrials > 0) throw new InvalidParameterError('training.readoutFitTrials', settings.readoutFitTrials, '0 (the network-spike-timing task has no readout)');
  }

  evaluate(): TaskEvaluation {
    return firstSpikeEvaluation(firstSpikesOf(this.task.forward(), this.task.outputs).times, this.config.outputs, this.config.targetsSeconds);
  }

  /**
   * `trained-network.json`: the config with every projection replaced by its trained edge file
   * (`trained-projection-Q.csv`: `pre,post,weight,delay_s`, local indices), every kick stream's trained
   * weight, the initial voltages written out, and copies of its data files, so that
   * `sparseprop run --config trained-network.json` runs the trained network; `input-weights.csv` lists
   * every input weight with its origin.
   */
  files(): Record<string, string> {
    const { built, compiled } = this.task;
    const { raw, validated, layout, readData } = this.source;
    const out: Record<string, string> = {};
    const config = structuredClone(raw) as { populations: Record<string, Record<string, unknown>>; projections?: Record<string, unknown>[]; inputs?: Record<string, unknown>[] };
    const start = (name: string) => layout.find((p) => p.name === name)!.start;
    const csr = built.network.connectivity as SparseConnectivity;
    const delays = built.network.delays as Float64Array;
    const inputWeights = built.network.inputs?.weights;
    // recurrent projections: their synapses in CSR order; projections from sources: their input weights
    validated.projections.forEach((p, q) => {
      const rows = ['pre,post,weight,delay_s'];
      const from = start(p.from), to = start(p.to);
      const origin = built.synapses;
      for (let e = 0; e < origin.pre.length; e++) if (origin.projection[e] === q) rows.push(`${origin.pre[e] - from},${origin.post[e] - to},${csr.weight[e]},${delays[e]}`);
      const inputs = built.inputWeights;
      for (let ch = 0; ch < inputs.pre.length; ch++) {
        if (inputs.projection[ch] === q) rows.push(`${inputs.pre[ch] - from},${inputs.post[ch] - to},${inputWeights![ch]},${built.inputDelays[ch]}`);
      }
      out[`trained-projection-${q}.csv`] = `${rows.join('\n')}\n`;
      config.projections![q] = { from: p.from, to: p.to, edges: `trained-projection-${q}.csv` };
    });
    // kick streams: one trained weight per distinct jump (Poisson streams have one)
    validated.inputs.forEach((input, k) => {
      const index = compiled.inputs.findIndex((s) => s.name === `inputs[${k}] poisson` || s.name === `inputs[${k}] events`);
      const channels = [...built.inputWeights.pre.keys()].filter((ch) => built.inputWeights.projection[ch] === -1 && built.inputWeights.pre[ch] === index);
      if ('poisson' in input && channels.length === 1) (config.inputs![k].poisson as Record<string, unknown>).weight = inputWeights![channels[0]];
      if ('events' in input) {
        const trained = new Map(channels.map((ch) => [this.initialInputWeights[ch], inputWeights![ch]]));
        const lines = readData(input.events).trim().split('\n');
        const rows = [lines[0], ...lines.slice(1).map((line) => {
          const [t, neuron, w] = line.split(',');
          return `${t},${neuron},${trained.get(Number(w)) ?? Number(w)}`;
        })];
        out[`trained-events-${k}.csv`] = `${rows.join('\n')}\n`;
        config.inputs![k] = { events: `trained-events-${k}.csv` };
      }
    });
    // source populations' data files, copied next to the trained config; initial voltages written out
    for (const [name, population] of Object.entries(validated.populations)) {
      const source = population.source;
      if (source !== undefined) {
        const path = 'spikes' in source ? source.spikes : 'signal' in source.poisson ? source.poisson.signal : undefined;
        if (path !== undefined) {
          const copy = `trained-source-${name}.csv`;
          out[copy] = readData(path);
          config.populations[name].source = 'spikes' in source ? { spikes: copy } : { poisson: { signal: copy } };
        }
        continue;
      }
      const first = start(name), size = population.size;
      config.populations[name].initVoltage = Array.from(compiled.initialVoltage.subarray(first, first + size));
    }
    out['trained-network.json'] = `${JSON.stringify(config, null, 2)}\n`;
    const inputRows = ['projection,pre,post,weight'];
    for (let ch = 0; ch < built.inputWeights.pre.length; ch++) {
      const q = built.inputWeights.projection[ch];
      inputRows.push(`${q >= 0 ? compiled.projections[q].name : built.inputNames[built.inputWeights.pre[ch]]},${q >= 0 ? built.inputWeights.pre[ch] : -1},${built.inputWeights.post[ch]},${inputWeights![ch]}`);
    }
    out['input-weights.csv'] = `${inputRows.join('\n')}\n`;
    return out;
  }

  figures(history: readonly { readonly epoch: number; readonly evaluation: TaskEvaluation }[]): Record<string, object> {
    return firstSpikesFigure(history, this.config.outputs, this.config.targetsSeconds);
  }
}
