import { InvalidParameterError, type ExpKeyModel, requireAbove, SparseConnectivity, SpikeTrain } from '@sparseprop/core/plugin';
import { type KernelQueue, type KernelTape, WasmExpKeySimulator, wasmUnsupportedReason } from '@sparseprop/engine-wasm';
import { expKeyShiftSlope } from './exp-key-gradients.js';
import { checkInputEvents } from './input-events.js';
import type { InputRunLimits } from './input-forward.js';
import type { engineForward } from './engine-forward.js';
import { type GradientOptions, spikeTimeGradients, type SpikeTimeGradients, type TrainingNetwork } from './spike-time-gradients.js';
import { wasmGradientsUnsupportedReason } from './wasm-exp-key-gradients.js';

/** Options of {@link tapedForward}. */
export interface TapedForwardOptions {
  /**
   * Largest tape the forward writes, bytes (default 2^30, as
   * {@link GradientOptions.tapeBudgetBytes}): it bounds the entries (8 B
   * each: one per synaptic kick, two per input event) and, apart, the
   * per-spike records (20 B each). A run limited by spikes gets room for
   * its worst case; a run limited by time only, twice the largest tape of
   * such runs so far (from 8 MiB; four times more after one that outgrew
   * it). A run that needs more goes on untaped and its gradients replay the
   * train (segmented within the same budget).
   */
  readonly tapeBudgetBytes?: number;
  /** The kernel's event queue (default: the engine's for N, see `defaultKernelQueue` of `@sparseprop/engine-wasm`). */
  readonly queue?: KernelQueue;
  /** The clock of {@link TapedForward.forwardSeconds} and the gradients' phases (ms; default `performance.now`). */
  readonly clock?: () => number;
}

/** A forward run that kept the tape of its gradients (see {@link tapedForward}). */
export interface TapedForward {
  /** The recorded spikes (seconds, neuron). */
  readonly train: SpikeTrain;
  /** Whether the whole run is on the tape (false: it outgrew the budget; the gradients replay). */
  readonly taped: boolean;
  /** Why the forward wrote no tape (undefined when it did). */
  readonly reason: string | undefined;
  /** The run's time on the clock, seconds (set-up excluded). */
  readonly forwardSeconds: number;
  /**
   * Exact derivatives of a loss of the train's spike times, as
   * {@link spikeTimeGradients} computes them (the same bits as its
   * exponential-key paths): from the tape, the backward sweep alone (path
   * `"wasm-exp-key-taped"`, no replay: `replaySeconds` 0); without one,
   * `spikeTimeGradients` itself. Call it at most once per forward before
   * {@link dispose}; `options.path` and `tapeBudgetBytes` (default: the forward's) apply to the replay.
   */
  gradients(dLossDTimes: Float64Array, options?: GradientOptions): SpikeTimeGradients;
  /** Free the kernel (its memory goes to the next simulator); later {@link gradients} calls replay. */
  dispose(): void;
}

/**
 * The forward of a training step on the WebAssembly kernel, writing as it
 * runs the tape the backward sweep of exact spike-time gradients reads (per
 * synaptic kick the target's key before it, per input event its key and
 * clock factor, per spike its factor): the gradients then cost the backward
 * sweep alone, run in the kernel on its own memory (no replay of the train,
 * no copy of the tape or the network). The keys are the replay's, bit
 * for bit (same arithmetic and rescalings), so the gradients equal
 * {@link spikeTimeGradients}' exponential-key paths bit for bit (tested).
 *
 * It needs a homogeneous LIF-like model with a linear exponential-key
 * shift, an explicit network ({@link SparseConnectivity}), no delays or
 * refractoriness and WebAssembly (else an {@link InvalidParameterError} says
 * why: use {@link engineForward} and {@link spikeTimeGradients}). When the
 * tape outgrows its room ({@link TapedForwardOptions.tapeBudgetBytes}) the
 * run goes on untaped and the gradients replay the train
 * ({@link TapedForward.reason} says so).
 *
 * @example
 * ```ts
 * const run = tapedForward(network, { maxTimeSeconds: 0.5 });
 * try {
 *   const loss = squaredSpikeTimeError(run.train, targets);
 *   const grad = run.gradients(loss.dLossDTimes); // backward sweep only
 * } finally {
 *   run.dispose();
 * }
 * ```
 */
export function tapedForward(network: TrainingNetwork, limits: InputRunLimits, options: TapedForwardOptions = {}): TapedForward {
  const { model, connectivity, initialPhases, inputs } = network;
  const tau = requireAbove('tau', network.tau, 0);
  const budget = options.tapeBudgetBytes ?? 2 ** 30;
  requireAbove('tapeBudgetBytes', budget, 0);
  const now = options.clock ?? (() => performance.now());
  const maxSpikes = limits.maxSpikes ?? Infinity;
  const maxTimeSeconds = limits.maxTimeSeconds ?? Infinity;
  if (!(maxSpikes >= 0) || !(maxTimeSeconds > 0) || (maxSpikes === Infinity && maxTimeSeconds === Infinity)) {
    throw new InvalidParameterError('limits', `${maxSpikes} spikes, ${maxTimeSeconds} s`, 'maxSpikes ≥ 0 or maxTimeSeconds > 0 (at least one finite)');
  }
  if (inputs !== undefined) checkInputEvents(inputs, model.size);
  const csr = connectivity instanceof SparseConnectivity ? connectivity : undefined;
  const reason =
    network.delays !== undefined || network.refractory !== undefined
      ? 'delays or refractory periods (the delayed path replays)'
      : expKeyShiftSlope(model) === undefined
        ? `model ${model.name} has no linear exponential-key shift`
        : (wasmGradientsUnsupportedReason(csr, 0, inputs) ?? wasmUnsupportedReason(model, connectivity));
  if (reason !== undefined) throw new InvalidParameterError('network', reason, 'an explicit LIF-like network (SparseConnectivity) without delays or refractoriness, for a taped forward (else engineForward and spikeTimeGradients)');

  // the tape's room within the budget: the run's worst case when its spikes are bounded; else twice the
  // largest tape so far (a time-limited training loop tapes runs of about one size: its kept instance,
  // at most 512 MiB, then keeps its pages), growing fourfold after a run that outgrew it
  const inputCount = inputs === undefined ? 0 : inputs.times.length;
  const kMax = connectivity.maxOutDegree;
  const budgetEvents = Math.floor(budget / 8);
  const meanDegree = Math.max(1, csr!.post.length / model.size);
  const bounded = Number.isFinite(maxSpikes);
  const events = Math.min(budgetEvents, bounded ? Math.floor(maxSpikes) * kMax + 2 * inputCount : Math.max(sizeHint.events, 2 * inputCount + 16 * kMax), 2 ** 29);
  const spikes = Math.min(Math.floor(maxSpikes), Math.floor(budget / 20), Math.floor(budgetEvents / meanDegree) + 1024, bounded ? 2 ** 28 : Math.max(sizeHint.spikes, Math.ceil(events / meanDegree)));
  let simulator: WasmExpKeySimulator | undefined = new WasmExpKeySimulator(model, connectivity, { tau, initialPhases }, options.queue, inputs, { events, spikes });
  const train = new SpikeTrain();
  let forwardSeconds: number;
  let tape: KernelTape | undefined;
  try {
    const start = now();
    simulator.run({ maxSpikes, maxTimeSeconds, record: train });
    forwardSeconds = (now() - start) / 1000;
    tape = simulator.tape();
  } catch (error) {
    simulator.dispose();
    throw error;
  }
  const complete = tape !== undefined && tape.complete && tape.spikes === train.length;
  if (!bounded && tape !== undefined) {
    sizeHint.events = complete ? Math.max(sizeHint.events, 2 * tape.entries.length) : 4 * events;
    sizeHint.spikes = complete ? Math.max(sizeHint.spikes, 2 * tape.spikes) : 4 * spikes;
  }
  if (!complete) {
    simulator.dispose();
    simulator = undefined;
  }
  const dispose = () => {
    simulator?.dispose();
    simulator = undefined;
  };
  return {
    train,
    taped: complete,
    reason: complete ? undefined : `the tape outgrew its room (${events} entries, ${spikes} spikes; tapeBudgetBytes ${budget}; a time-limited run sizes the next tape from this one)`,
    forwardSeconds,
    dispose,
    gradients(dLossDTimes, gradientOptions = {}) {
      if (simulator === undefined || gradientOptions.path === 'generic' || gradientOptions.path === 'exp-key' || gradientOptions.path === 'delayed') {
        return spikeTimeGradients(network, train, dLossDTimes, { clock: now, tapeBudgetBytes: budget, ...gradientOptions });
      }
      checkDLoss(dLossDTimes, train.length);
      const clock = gradientOptions.clock ?? now;
      const start = clock();
      const channelShifts = inputs === undefined ? undefined : Float64Array.from(inputs.weights, (w) => (model as ExpKeyModel).expShift(w));
      const parts = simulator.tapeBackward(train.neurons, dLossDTimes, expKeyShiftSlope(model)!, inputs?.channels, channelShifts, clock);
      const backwardSeconds = (clock() - start) / 1000;
      dispose();
      if (parts === undefined) return { ...spikeTimeGradients(network, train, dLossDTimes, { clock: now, tapeBudgetBytes: budget, ...gradientOptions }), wasmFallbackReason: 'the kernel could not grow its memory for the backward sweep' };
      const n = model.size;
      const phaseGradient = new Float64Array(n);
      for (let k = 0; k < n; k++) phaseGradient[k] = -parts.adjoint[k] / model.omega(k); // T_k(0) = (phiThreshold − phi_k(0)) / omega_k
      return {
        weights: parts.weights,
        uniformWeight: parts.uniformWeight,
        initialPhases: phaseGradient,
        inputWeights: parts.inputWeights,
        spikes: train.length,
        maxReplayDeviation: 0,
        segments: 1,
        path: 'wasm-exp-key-taped',
        replaySeconds: 0,
        overheadSeconds: parts.setUpSeconds + parts.copyOutSeconds, // per call: adjoints and gradients zeroed, ∂L/∂t in, the gradients out
        backwardSeconds,
      };
    },
  };
}

/** The tape room of the next time-limited taped forward (entries, spikes): twice the largest so far, from 8 MiB. */
const sizeHint = { events: 2 ** 20, spikes: 2 ** 14 };

/** The same checks as spikeTimeGradients' on ∂L/∂t. */
function checkDLoss(dLossDTimes: Float64Array, spikes: number): void {
  if (dLossDTimes.length !== spikes) throw new InvalidParameterError('dLossDTimes.length', dLossDTimes.length, `equal to the number of recorded spikes (${spikes})`);
  for (let s = 0; s < spikes; s++) {
    if (!Number.isFinite(dLossDTimes[s])) throw new InvalidParameterError(`dLossDTimes[${s}]`, dLossDTimes[s], 'a finite number (∂L/∂t, per second)');
  }
}
