import { InvalidParameterError, type NeuronModel, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { requireInteger } from '@sparseprop/core/plugin';
import { RandomStream } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { simulateWithInputs } from '../input-forward.js';
import { simulateOnNetworkEngine } from '../network-forward.js';
import type { TrainingForward } from '../engine-forward.js';
import { signsOf } from '../optimizers.js';
import { spikeTimeGradients } from '../spike-time-gradients.js';
import type { TrainingTask, TrialResult } from '../trainer.js';
import { z } from 'zod';
import { randomInhibitoryNetwork } from './ou-tracking.js';
import { type BuiltTask, perNeuronCsv, type TaskDefinition, type TaskEvaluation } from './task-contract.js';

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
    /**
     * Synaptic delay and refractory period (seconds, ≥ 0) of both networks, for the gradients (the delayed
     * path); the forward must then simulate them too (e.g. {@link simulateOnNetworkEngine}).
     */
    readonly timing: { readonly delaySeconds: number; readonly refractorySeconds: number } = { delaySeconds: 0, refractorySeconds: 0 },
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
    const network = { model: this.model, connectivity: this.student, initialPhases: phases, tau: this.tauSeconds, delays: this.timing.delaySeconds, refractory: this.timing.refractorySeconds };
    const g = spikeTimeGradients(network, train, loss.dLossDTimes);
    return { loss: loss.value, error: Math.sqrt((2 * loss.value) / Math.max(1, loss.pairs)), spikes: train.length, gradients: { recurrent: g.weights! } };
  }
}

const seed32 = z.number().int().min(0).max(2 ** 32 - 1);

/** The teacher–student task's `network` block (every key optional). */
export const teacherStudentSchema = z
  .object({
    /** Neurons N (integer ≥ 2). */
    n: z.number().int().min(2).max(100_000).default(50),
    /** Out-degree K (integer in [1, N−1]). */
    k: z.number().int().min(1).default(10),
    /** Teacher weights −J0/√K × (1 ± weightJitter) [threshold units]. */
    j0: z.number().finite().positive().default(1),
    weightJitter: z.number().min(0).lt(1).default(0.5),
    /** Drive iext (dimensionless; > 0 for tonic LIF firing). */
    iext: z.number().finite().default(0.5),
    tauSeconds: z.number().finite().positive().default(0.01),
    /** Spikes per trial: the loss covers the first `spikes` spikes. */
    spikes: z.number().int().min(1).max(10_000_000).default(100),
    /** Every student weight is the teacher's × (1 + spread · U(−1, 1)) (relative, in [0, 1)). */
    spread: z.number().min(0).lt(1).default(0.01),
    networkSeed: seed32.default(3),
    /** Seed of the one initial state of every trial; null: a fresh random state per trial. */
    stateSeed: seed32.nullable().default(1),
    /** Delay of every synapse [s] and refractory period of every neuron [s] (both networks); > 0: the forward runs on the network engine. */
    delaySeconds: z.number().finite().min(0).default(0),
    refractorySeconds: z.number().finite().min(0).default(0),
  })
  .strict()
  .superRefine((c, context) => {
    if (c.k > c.n - 1) context.addIssue({ code: 'custom', path: ['k'], message: `must be at most n − 1 = ${c.n - 1}` });
  });

export type TeacherStudentConfig = z.infer<typeof teacherStudentSchema>;

/** `"teacher-student"`: a student with perturbed weights learns the teacher's spike times (see {@link TeacherStudentTask}). */
export const teacherStudentDefinition: TaskDefinition<TeacherStudentConfig> = {
  name: 'teacher-student',
  summary: 'a student LIF network with perturbed weights recovers a teacher network\'s spike times',
  schema: teacherStudentSchema,
  build(c, models, dynamics, engine) {
    const teacher = randomInhibitoryNetwork(c.n, c.k, c.j0, c.weightJitter, c.networkSeed);
    const random = new RandomStream(c.networkSeed, 21);
    const pre = new Int32Array(teacher.post.length);
    for (let j = 0; j < c.n; j++) pre.fill(j, teacher.rowStart[j], teacher.rowStart[j + 1]);
    const student = SparseConnectivity.fromEdges(c.n, pre, teacher.post, Float64Array.from(teacher.weight, (w) => w * (1 + c.spread * (2 * random.uniform() - 1))));
    const model = models({ n: c.n, tauSeconds: c.tauSeconds, iext: c.iext, weightBound: (2 * c.j0) / Math.sqrt(c.k) + 1 });
    const timing = { delaySeconds: c.delaySeconds, refractorySeconds: c.refractorySeconds };
    let forward: ((connectivity: SparseConnectivity, initialPhases: Float64Array, spikes: number) => SpikeTrain) | undefined;
    if (c.delaySeconds > 0 || c.refractorySeconds > 0) {
      const voltage = dynamics?.();
      if (voltage === undefined) throw new InvalidParameterError('model', model.name, 'a model with voltage dynamics (lif, qif) for network.delaySeconds and network.refractorySeconds');
      forward = (connectivity, initialPhases, spikes) => {
        engine?.note('network');
        return simulateOnNetworkEngine({ model, connectivity, initialPhases, tau: c.tauSeconds, delays: c.delaySeconds, refractory: c.refractorySeconds }, voltage, c.iext, { maxSpikes: spikes });
      };
    } else if (engine !== undefined) {
      forward = (connectivity, initialPhases, spikes) => engine.run({ model, connectivity, initialPhases, tau: c.tauSeconds }, { maxSpikes: spikes });
    }
    const task = new TeacherStudentTask(model, teacher, student, c.tauSeconds, c.spikes, c.stateSeed ?? undefined, forward, timing);
    return new BuiltTeacherStudent(task, c);
  },
};

class BuiltTeacherStudent implements BuiltTask {
  readonly parameters;
  readonly signs;
  readonly connectivity: SparseConnectivity;
  readonly model: NeuronModel;
  readonly runFlags;
  readonly loss = { name: 'matched spike-time loss', description: '½ Σ (t − t*)², the k-th spike of each neuron against the teacher\'s k-th spike of that neuron (s²)' };
  readonly error = { name: 'RMS error (s)', description: 'root-mean-square spike-time error over the matched pairs (seconds)' };

  constructor(
    private readonly task: TeacherStudentTask,
    private readonly config: TeacherStudentConfig,
  ) {
    this.parameters = task.parameters;
    this.signs = task.signs;
    this.connectivity = task.student;
    this.model = task.model;
    this.runFlags = { iext: config.iext, tauSeconds: config.tauSeconds, delaySeconds: config.delaySeconds, refractorySeconds: config.refractorySeconds };
  }

  runTrial(seed: number, withGradients: boolean): TrialResult {
    return this.task.runTrial(seed, withGradients);
  }

  prepare(settings: { readonly readoutFitTrials: number }): void {
    if (settings.readoutFitTrials > 0) throw new InvalidParameterError('training.readoutFitTrials', settings.readoutFitTrials, '0 (the teacher–student task has no readout)');
  }

  evaluate(): TaskEvaluation {
    const w = this.task.student.weight, target = this.task.teacher.weight;
    let max = 0, sum = 0;
    for (let e = 0; e < w.length; e++) {
      const r = Math.abs(w[e] - target[e]) / Math.abs(target[e]);
      max = Math.max(max, r);
      sum += r / w.length;
    }
    return { scalars: { maxRelativeWeightError: max, meanRelativeWeightError: sum } };
  }

  files(): Record<string, string> {
    const files: Record<string, string> = { 'teacher-network.csv': edgeCsv(this.task.teacher, this.runFlags.delaySeconds) };
    if (this.config.stateSeed !== null) {
      const phases = this.task.phases(0);
      files['initial-phases.txt'] = `${Array.from(phases).join('\n')}\n`; // sparseprop run --init
      // the same state as voltages (shortest round-trip decimals), for runs with delays or a refractory period (--init-voltage)
      files['initial-voltages.txt'] = `${Array.from(phases, (phi, i) => this.model.voltage(phi, i)).join('\n')}\n`;
    }
    else files['initial-phases.csv'] = perNeuronCsv('phase', this.task.phases(0));
    return files;
  }

  figures(history: readonly { readonly epoch: number; readonly evaluation: TaskEvaluation }[]): Record<string, object> {
    const rows = history.flatMap(({ epoch, evaluation }) => [
      { epoch, measure: 'largest', value: evaluation.scalars.maxRelativeWeightError },
      { epoch, measure: 'mean', value: evaluation.scalars.meanRelativeWeightError },
    ]);
    return {
      'weight-error.png': {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: 'Relative weight error |w − w_teacher| / |w_teacher| over synapses',
        width: 360,
        height: 220,
        data: { values: rows },
        mark: { type: 'line', point: rows.length < 120 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: 'relative weight error' },
          color: { field: 'measure', type: 'nominal', title: null },
        },
      },
    };
  }
}

/**
 * `pre,post,weight` lines of a network (shortest round-trip decimals), as `sparseprop run --network` reads
 * them; with a synaptic delay > 0 (seconds, every synapse) a fourth column `delay_s`.
 */
export function edgeCsv(connectivity: SparseConnectivity, delaySeconds = 0): string {
  const delay = delaySeconds > 0 ? `,${delaySeconds}` : '';
  const lines = [delaySeconds > 0 ? 'pre,post,weight,delay_s' : 'pre,post,weight'];
  const { rowStart, post, weight } = connectivity;
  for (let j = 0; j < connectivity.size; j++) for (let e = rowStart[j]; e < rowStart[j + 1]; e++) lines.push(`${j},${post[e]},${weight[e]}${delay}`);
  return `${lines.join('\n')}\n`;
}
