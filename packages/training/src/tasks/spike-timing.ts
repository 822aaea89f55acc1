import { InvalidParameterError, type NeuronModel, type SparseConnectivity } from '@sparseprop/core';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import type { InputEvents } from '../input-events.js';
import { simulateWithInputs } from '../input-forward.js';
import { signsOf } from '../optimizers.js';
import { spikeTimeGradients } from '../spike-time-gradients.js';
import type { TrainingTask, TrialResult } from '../trainer.js';

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
  ) {
    if (outputs.length !== targets.length) throw new InvalidParameterError('targets.length', targets.length, `equal to outputs.length (${outputs.length})`);
    this.parameters = { recurrent: connectivity.weight, input: inputs.weights };
    this.signs = { recurrent: signsOf(connectivity.weight) };
    this.queue = new IndexedDaryHeap(connectivity.size, 4);
  }

  /** The current first-spike time of every output (NaN when silent). */
  firstSpikes(): Float64Array {
    const train = simulateWithInputs(this.model, this.queue, this.connectivity, this.initialPhases, this.tauSeconds, this.inputs, { maxTimeSeconds: this.trialSeconds });
    return this.firstOf(train).times;
  }

  private firstOf(train: { length: number; neurons: Int32Array; times: Float64Array }) {
    const index = new Int32Array(this.outputs.length).fill(-1);
    const times = new Float64Array(this.outputs.length).fill(NaN);
    for (let s = 0; s < train.length; s++) {
      const o = this.outputs.indexOf(train.neurons[s]);
      if (o >= 0 && index[o] < 0) {
        index[o] = s;
        times[o] = train.times[s];
      }
    }
    return { index, times };
  }

  runTrial(_seed: number, withGradients: boolean): TrialResult {
    const train = simulateWithInputs(this.model, this.queue, this.connectivity, this.initialPhases, this.tauSeconds, this.inputs, { maxTimeSeconds: this.trialSeconds });
    const { index } = this.firstOf(train);
    const dLossDTimes = new Float64Array(train.length);
    let value = 0, silent = 0;
    for (let o = 0; o < this.outputs.length; o++) {
      if (index[o] < 0) {
        silent++;
        continue;
      }
      const d = train.times[index[o]] - this.targets[o];
      value += 0.5 * d * d;
      dLossDTimes[index[o]] = d;
    }
    const error = Math.sqrt((2 * value) / Math.max(1, this.outputs.length - silent)) + silent; // RMS timing error (s) + 1 per silent output
    if (!withGradients) return { loss: value, error, spikes: train.length };
    const g = spikeTimeGradients({ model: this.model, connectivity: this.connectivity, initialPhases: this.initialPhases, tau: this.tauSeconds, inputs: this.inputs }, train, dLossDTimes);
    const input = g.inputWeights!;
    for (let o = 0; o < this.outputs.length; o++) if (index[o] < 0) input[this.outputs[o]] -= 1e-3; // silent: raise its input weight
    return { loss: value, error, spikes: train.length, gradients: { recurrent: g.weights!, input } };
  }
}
