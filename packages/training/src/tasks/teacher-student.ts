import { InvalidParameterError, type NeuronModel, type SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { requireInteger } from '@sparseprop/core/plugin';
import { RandomStream } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { simulateWithInputs } from '../input-forward.js';
import { signsOf } from '../optimizers.js';
import { spikeTimeGradients } from '../spike-time-gradients.js';
import type { TrainingTask, TrialResult } from '../trainer.js';

/**
 * The loss between a train and a target train, spike by spike per neuron:
 * the k-th spike of neuron i is compared with the target's k-th spike of
 * neuron i, `L = ½ Σ (t − t*)²` over the pairs that exist (seconds²).
 * Robust to two neurons swapping order; spikes without a partner are not
 * scored.
 */
export function matchedSpikeTimeLoss(train: SpikeTrain, target: SpikeTrain, n: number): { value: number; dLossDTimes: Float64Array; pairs: number } {
  const targetTimes: number[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < target.length; s++) targetTimes[target.neurons[s]].push(target.times[s]);
  const seen = new Int32Array(n);
  const dLossDTimes = new Float64Array(train.length);
  let value = 0, pairs = 0;
  for (let s = 0; s < train.length; s++) {
    const i = train.neurons[s];
    const k = seen[i]++;
    if (k >= targetTimes[i].length) continue;
    const d = train.times[s] - targetTimes[i][k];
    value += 0.5 * d * d;
    dLossDTimes[s] = d;
    pairs++;
  }
  return { value, dLossDTimes, pairs };
}

/**
 * Teacher–student: a student network with perturbed weights learns the
 * teacher's spike times (the first `spikes` spikes from a random initial
 * state per trial seed, or always the same state with `fixedState`).
 * Parameter group `recurrent` (the student's CSR weights, Dale-constrained).
 */
export class TeacherStudentTask implements TrainingTask {
  readonly parameters: Record<string, Float64Array>;
  readonly signs: Record<string, Int8Array>;
  private readonly queue: IndexedDaryHeap;

  constructor(
    readonly model: NeuronModel,
    readonly teacher: SparseConnectivity,
    readonly student: SparseConnectivity,
    readonly tauSeconds: number,
    readonly spikes: number,
    /** Seed of the one initial state every trial uses; undefined: a fresh state per trial seed. */
    readonly fixedState?: number,
    /**
     * The forward run: the first `spikes` spikes of `connectivity` from `initialPhases`. Default: the JS
     * time-frame loop of {@link simulateWithInputs}; pass one built on `composeSimulator` (e.g. the
     * WebAssembly kernel for LIF) to run the forward on the fastest engine.
     */
    readonly forward?: (connectivity: SparseConnectivity, initialPhases: Float64Array, spikes: number) => SpikeTrain,
  ) {
    if (teacher.post.length !== student.post.length || teacher.size !== student.size) throw new InvalidParameterError('student', 'other synapses', 'the teacher’s synapses');
    requireInteger('spikes', spikes, 1, 2 ** 31 - 1);
    this.parameters = { recurrent: student.weight };
    this.signs = { recurrent: signsOf(student.weight) };
    this.queue = new IndexedDaryHeap(teacher.size, 4);
  }

  phases(seed: number): Float64Array {
    const random = new RandomStream(this.fixedState ?? seed, 0);
    const { phiReset, phiThreshold } = this.model;
    return Float64Array.from({ length: this.teacher.size }, () => phiReset + random.uniform() * (phiThreshold - phiReset));
  }

  runTrial(seed: number, withGradients: boolean): TrialResult {
    const phases = this.phases(seed);
    const run = (connectivity: SparseConnectivity) =>
      this.forward !== undefined
        ? this.forward(connectivity, phases, this.spikes)
        : simulateWithInputs(this.model, this.queue, connectivity, phases, this.tauSeconds, undefined, { maxSpikes: this.spikes });
    const target = run(this.teacher);
    const train = run(this.student);
    const loss = matchedSpikeTimeLoss(train, target, this.teacher.size);
    if (!withGradients) return { loss: loss.value, error: Math.sqrt((2 * loss.value) / Math.max(1, loss.pairs)), spikes: train.length };
    const g = spikeTimeGradients({ model: this.model, connectivity: this.student, initialPhases: phases, tau: this.tauSeconds }, train, loss.dLossDTimes);
    return { loss: loss.value, error: Math.sqrt((2 * loss.value) / Math.max(1, loss.pairs)), spikes: train.length, gradients: { recurrent: g.weights! } };
  }
}
