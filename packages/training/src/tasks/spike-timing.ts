import { InvalidParameterError, type NeuronModel, type SparseConnectivity } from '@sparseprop/core';
import { RandomStream } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { z } from 'zod';
import type { InputEvents } from '../input-events.js';
import { engineTiming, type EngineTiming, taskForward } from '../network-forward.js';
import type { TrainingForward } from '../engine-forward.js';
import { signsOf } from '../optimizers.js';
import type { TrainingTask, TrialResult } from '../trainer.js';
import { randomInhibitoryNetwork } from './ou-tracking.js';
import { FIRST_SPIKE_ERROR, FIRST_SPIKE_LOSS, firstSpikeEvaluation, firstSpikeLoss, firstSpikesFigure, firstSpikesOf } from './first-spike-targets.js';
import { type BuiltTask, perNeuronCsv, type TaskDefinition, type TaskEvaluation } from './task-contract.js';

/**
 * Spike timing (as spikegd's recurrent-network experiment): a small network
 * with a fixed Poisson input (the same events every trial; one trainable
 * input weight per neuron, `input`) learns its recurrent weights
 * (`recurrent`) so that each chosen output neuron fires its first spike at
 * its target time. Loss `½ Σ_o (t_first,o − target_o)²` (seconds²); an
 * output that stays silent within the trial is scored with a penalty on its
 * input weight pushing it up (no spike time to differentiate).
 */
export class SpikeTimingTask implements TrainingTask {
  readonly parameters: Record<string, Float64Array>;
  readonly signs: Record<string, Int8Array>;
  private readonly queue: IndexedDaryHeap;

  constructor(
    readonly model: NeuronModel,
    readonly connectivity: SparseConnectivity,
    readonly inputs: InputEvents,
    readonly initialPhases: Float64Array,
    readonly tauSeconds: number,
    readonly trialSeconds: number,
    /** Output neurons and their target first-spike times (seconds). */
    readonly outputs: Int32Array,
    readonly targets: Float64Array,
    /** Delays and refractoriness (the forward then runs on the network engine); none when omitted. */
    readonly timing?: EngineTiming,
    /** The forward without delays (e.g. `engineForward`: the fastest engine); default the JS time-frame loop. */
    readonly engine?: TrainingForward,
  ) {
    if (outputs.length !== targets.length) throw new InvalidParameterError('targets.length', targets.length, `equal to outputs.length (${outputs.length})`);
    this.parameters = { recurrent: connectivity.weight, input: inputs.weights };
    this.signs = { recurrent: signsOf(connectivity.weight) };
    this.queue = new IndexedDaryHeap(connectivity.size, 4);
  }

  /** The current first-spike time of every output (NaN when silent). */
  firstSpikes(): Float64Array {
    return firstSpikesOf(this.forward().train, this.outputs).times;
  }

  private forward(withGradients = false) {
    const network = { model: this.model, connectivity: this.connectivity, initialPhases: this.initialPhases, tau: this.tauSeconds, inputs: this.inputs };
    return taskForward(network, this.queue, this.timing, { maxTimeSeconds: this.trialSeconds }, this.engine, withGradients);
  }

  runTrial(_seed: number, withGradients: boolean): TrialResult {
    const { train, gradients } = this.forward(withGradients);
    const { value, error, dLossDTimes, index } = firstSpikeLoss(train, this.outputs, this.targets);
    if (!withGradients) return { loss: value, error, spikes: train.length };
    const g = gradients(dLossDTimes);
    const input = g.inputWeights!;
    for (let o = 0; o < this.outputs.length; o++) if (index[o] < 0) input[this.outputs[o]] -= 1e-3; // silent: raise its input weight
    return { loss: value, error, spikes: train.length, gradients: { recurrent: g.weights!, input } };
  }
}

const seed32 = z.number().int().min(0).max(2 ** 32 - 1);

/** The spike-timing task's `network` block (every key optional; defaults: the example of examples/training-tasks). */
export const spikeTimingSchema = z
  .object({
    n: z.number().int().min(2).max(100_000).default(30),
    k: z.number().int().min(1).default(6),
    /** Initial recurrent weights −J0/√K × (1 ± weightJitter) [threshold units]. */
    j0: z.number().finite().positive().default(0.5),
    weightJitter: z.number().min(0).lt(1).default(0.5),
    iext: z.number().finite().default(0.2),
    tauSeconds: z.number().finite().positive().default(0.01),
    /** Trial length [s]: outputs silent until then score as silent. */
    trialSeconds: z.number().finite().positive().default(0.1),
    /** Rate of every neuron's own fixed Poisson train of input kicks [Hz]. */
    inputRateHz: z.number().finite().positive().default(1000),
    /** Initial trainable input weight (one per neuron) [threshold units]. */
    inputWeight: z.number().finite().default(0.02),
    /** Initial phases uniform in [phiReset, phiReset + initialPhaseSpread · (phiThreshold − phiReset)). */
    initialPhaseSpread: z.number().min(0).max(1).default(0.2),
    /** Output neurons and their target first-spike times [s] (equal lengths). */
    outputs: z.array(z.number().int().min(0)).min(1).default([0, 1, 2, 3, 4]),
    targetsSeconds: z.array(z.number().finite().positive()).min(1).default([0.015, 0.02, 0.025, 0.03, 0.035]),
    /** Seed of the network, the input train and the initial phases. */
    networkSeed: seed32.default(2),
    /** Delay of every synapse [s] and refractory period of every neuron [s]; > 0: the forward runs on the network engine. */
    delaySeconds: z.number().finite().min(0).default(0),
    refractorySeconds: z.number().finite().min(0).default(0),
  })
  .strict()
  .superRefine((c, context) => {
    if (c.k > c.n - 1) context.addIssue({ code: 'custom', path: ['k'], message: `must be at most n − 1 = ${c.n - 1}` });
    if (c.targetsSeconds.length !== c.outputs.length) context.addIssue({ code: 'custom', path: ['targetsSeconds'], message: `needs one target per output (${c.outputs.length}), got ${c.targetsSeconds.length}` });
    c.outputs.forEach((o, q) => {
      if (o >= c.n) context.addIssue({ code: 'custom', path: ['outputs', q], message: `a neuron index in [0, ${c.n - 1}], got ${o}` });
      if (c.outputs.indexOf(o) !== q) context.addIssue({ code: 'custom', path: ['outputs', q], message: `neuron ${o} is listed twice` });
    });
    c.targetsSeconds.forEach((t, q) => {
      if (t > c.trialSeconds) context.addIssue({ code: 'custom', path: ['targetsSeconds', q], message: `a time within the trial (≤ trialSeconds = ${c.trialSeconds}), got ${t}` });
    });
  });

export type SpikeTimingConfig = z.infer<typeof spikeTimingSchema>;

/** `"spike-timing"`: chosen outputs learn to fire their first spike at target times (see {@link SpikeTimingTask}). */
export const spikeTimingDefinition: TaskDefinition<SpikeTimingConfig> = {
  name: 'spike-timing',
  summary: 'a small LIF network with a fixed Poisson input learns to make chosen neurons fire at target times',
  schema: spikeTimingSchema,
  build(c, models, dynamics, forward) {
    const model = models({ n: c.n, tauSeconds: c.tauSeconds, iext: c.iext, weightBound: (2 * c.j0) / Math.sqrt(c.k) + Math.abs(c.inputWeight) + 1 });
    const connectivity = randomInhibitoryNetwork(c.n, c.k, c.j0, c.weightJitter, c.networkSeed);
    // the fixed input: superposed Poisson kicks of total rate n · inputRateHz, each to a uniformly drawn neuron
    // (so every neuron receives its own Poisson train of rate inputRateHz), through that neuron's input weight
    const random = new RandomStream(c.networkSeed, 3);
    const times: number[] = [], targets: number[] = [];
    const total = c.n * c.inputRateHz;
    for (let t = random.exponential() / total; t < c.trialSeconds; t += random.exponential() / total) {
      times.push(t);
      targets.push(Math.floor(random.uniform() * c.n));
    }
    const inputs = { times: Float64Array.from(times), targets: Int32Array.from(targets), channels: Int32Array.from(targets), weights: new Float64Array(c.n).fill(c.inputWeight) };
    const { phiReset, phiThreshold } = model;
    const phases = Float64Array.from({ length: c.n }, () => phiReset + c.initialPhaseSpread * (phiThreshold - phiReset) * random.uniform());
    const timing = engineTiming(c.delaySeconds, c.refractorySeconds, model.name, c.iext, dynamics);
    const task = new SpikeTimingTask(model, connectivity, inputs, phases, c.tauSeconds, c.trialSeconds, Int32Array.from(c.outputs), Float64Array.from(c.targetsSeconds), timing, forward);
    return new BuiltSpikeTiming(task, c);
  },
};

class BuiltSpikeTiming implements BuiltTask {
  readonly parameters;
  readonly signs;
  readonly connectivity: SparseConnectivity;
  readonly model: NeuronModel;
  readonly runFlags;
  readonly loss = FIRST_SPIKE_LOSS;
  readonly error = FIRST_SPIKE_ERROR;

  constructor(
    private readonly task: SpikeTimingTask,
    private readonly config: SpikeTimingConfig,
  ) {
    this.parameters = task.parameters;
    this.signs = task.signs;
    this.connectivity = task.connectivity;
    this.model = task.model;
    this.runFlags = { iext: config.iext, tauSeconds: config.tauSeconds, delaySeconds: config.delaySeconds, refractorySeconds: config.refractorySeconds };
  }

  runTrial(seed: number, withGradients: boolean): TrialResult {
    return this.task.runTrial(seed, withGradients);
  }

  prepare(settings: { readonly readoutFitTrials: number }): void {
    if (settings.readoutFitTrials > 0) throw new InvalidParameterError('training.readoutFitTrials', settings.readoutFitTrials, '0 (the spike-timing task has no readout)');
  }

  evaluate(): TaskEvaluation {
    return firstSpikeEvaluation(this.task.firstSpikes(), this.config.outputs, this.config.targetsSeconds);
  }

  files(): Record<string, string> {
    return {
      'input-weights.csv': perNeuronCsv('weight', this.task.inputs.weights),
      'initial-phases.txt': `${Array.from(this.task.initialPhases).join('\n')}\n`,
      'initial-voltages.txt': `${Array.from(this.task.initialPhases, (phi, i) => this.model.voltage(phi, i)).join('\n')}\n`, // --init-voltage
    };
  }

  figures(history: readonly { readonly epoch: number; readonly evaluation: TaskEvaluation }[]): Record<string, object> {
    return firstSpikesFigure(history, this.config.outputs, this.config.targetsSeconds);
  }
}
