import { checkPhases, type ComposedSimulation, type Connectivity, InvalidParameterError, type ExpKeyModel, type NeuronModel, requireAbove, SparseConnectivity, type SpikeTrain } from '@sparseprop/core/plugin';
import { delayedGradients, delaysAndRefractoriness } from './delayed-gradients.js';
import { ExpKeyBackward, ExpKeyReplay, expKeyShiftSlope } from './exp-key-gradients.js';
import { checkInputEvents, type InputEvents } from './input-events.js';
import { wasmExpKeyGradients, wasmGradientsUnsupportedReason } from './wasm-exp-key-gradients.js';

/** The network a recorded spike train came from: what the gradients are taken with respect to. */
export interface TrainingNetwork {
  /** Any neuron model (homogeneous or not): the replay runs in the time frame (docs/algorithm.md §4). */
  readonly model: NeuronModel;
  /** The synapses; per-synapse gradients for a {@link SparseConnectivity}. */
  readonly connectivity: Connectivity;
  /** Phases at time 0, one per neuron, in `[phiMin, phiThreshold]`. */
  readonly initialPhases: Float64Array;
  /** Membrane time constant in seconds (> 0): spike times in seconds are dimensionless times × tau. */
  readonly tau: number;
  /** External input events with trainable weights (see {@link InputEvents}); none when omitted. */
  readonly inputs?: InputEvents;
  /**
   * Synaptic delays in seconds (finite, ≥ 0): one for every synapse, or one
   * per synapse of a {@link SparseConnectivity} in its CSR order. A spike at
   * `t` reaches its targets at `t + d` (the network engine's semantics).
   * Default 0.
   */
  readonly delays?: number | Float64Array;
  /**
   * Refractory period in seconds (finite, ≥ 0), one for all neurons or one
   * per neuron: a neuron that spikes at `t` is held at reset until
   * `t + refractory`, and kicks arriving before then are ignored (one at
   * exactly the end is applied), as in the network engine. Default 0.
   */
  readonly refractory?: number | Float64Array;
}

/** The {@link TrainingNetwork} of a composed simulation (before its first run). */
export function trainingNetworkOf(composed: ComposedSimulation): TrainingNetwork {
  return { model: composed.model, connectivity: composed.connectivity, initialPhases: composed.initialPhases, tau: composed.network.tau };
}

/** Exact derivatives of a loss of the recorded spike times (docs/algorithm.md §7). */
export interface SpikeTimeGradients {
  /**
   * ∂L/∂J for every synapse of a {@link SparseConnectivity}, in its CSR order
   * (`post[rowStart[j] .. rowStart[j+1])`), per unit of voltage jump;
   * undefined for other connectivity (procedural networks store no synapse).
   */
  readonly weights: Float64Array | undefined;
  /**
   * ∂L/∂J for every weight moved together: the sum of the per-synapse
   * derivatives. For a network with one uniform weight (the procedural
   * network of docs/algorithm.md §5) this is the derivative with respect to that weight.
   */
  readonly uniformWeight: number;
  /** ∂L/∂phi_k(0) for every neuron's initial phase. */
  readonly initialPhases: Float64Array;
  /** ∂L/∂w for every input weight (`inputs.weights`, same length); undefined without inputs. */
  readonly inputWeights: Float64Array | undefined;
  /** Spikes replayed (the length of the train). */
  readonly spikes: number;
  /**
   * Largest |replayed − recorded| spike time, seconds: the replay recomputes
   * the times from the network; a large value means the train did not come
   * from this network (different weights, phases, inputs or tau).
   */
  readonly maxReplayDeviation: number;
  /** Segments the backward sweep was cut into (1 when the whole tape fitted the budget; see {@link GradientOptions.tapeBudgetBytes}). */
  readonly segments: number;
  /**
   * `"exp-key"` when the model's kicks are translations of `w = exp(-phi/omega)` (LIF): no exp or log per synaptic event;
   * `"wasm-exp-key"` for the same replay and backward sweep in WebAssembly (explicit networks; same bits as `"exp-key"`);
   * `"wasm-exp-key-taped"` for that backward sweep alone, on the tape the forward kernel wrote (`tapedForward`; same bits, no replay);
   * `"delayed"` for a network with delays or refractory periods (generic time frame with a queue of pending deliveries); else `"generic"`.
   */
  readonly path: 'exp-key' | 'wasm-exp-key' | 'wasm-exp-key-taped' | 'generic' | 'delayed';
  /** Why `"auto"` did not take the WebAssembly path although the model has exponential keys (e.g. a procedural network); undefined otherwise. */
  readonly wasmFallbackReason?: string;
  /** Wall time of the replay passes (seconds; includes the segment recomputations, and the set-up of {@link overheadSeconds}). */
  readonly replaySeconds: number;
  /** Wall time of the backward sweep (seconds; includes the copy-out of {@link overheadSeconds}). */
  readonly backwardSeconds: number;
  /**
   * Of {@link replaySeconds} + {@link backwardSeconds}, the per-call cost of the `"wasm-exp-key"` path that does
   * not grow with the spikes (seconds): copying the network, train and inputs into WebAssembly memory with one
   * `expShift` per synapse (counted in the replay), and the gradients out of it (counted in the backward),
   * O(N K + spikes + inputs); 0 on the other paths.
   */
  readonly overheadSeconds: number;
}

/** Options of {@link spikeTimeGradients}. */
export interface GradientOptions {
  /**
   * Largest tape, bytes (default 2^30). Without delays the tape holds one
   * float64 per synaptic event (8 bytes: the target's phase or key before
   * the kick); on the delayed path 20 bytes per applied event (28 on its
   * exponential-key LIF path). When the train's events need more, the
   * replay keeps checkpoints at segment starts instead (the N next spike
   * times or keys; on the delayed path also the refractory ends, the
   * pending deliveries and the input position) and the backward sweep
   * recomputes one segment of the tape at a time (one more replay of the
   * train); the gradients are bit-identical either way.
   */
  readonly tapeBudgetBytes?: number;
  /**
   * `"auto"` (default): the exponential-key path when the model offers a
   * linear {@link ExpKeyModel.expShift} (homogeneous LIF), in WebAssembly
   * when the network is explicit (a {@link SparseConnectivity}) and fits
   * wasm32 memory, else in JS; otherwise the generic one. `"generic"` forces
   * the time-frame path (any model); `"exp-key"` the JS exponential-key path;
   * `"wasm-exp-key"` the WebAssembly one (an {@link InvalidParameterError}
   * saying why when it cannot run). All compute the same derivatives to
   * rounding; the two exponential-key paths the same bits. `"delayed"`
   * forces the delayed path even when every delay and refractory period is
   * 0: the network engine's rule for kicks at one instant (they add up in
   * voltage, so an excitatory kick to threshold and an inhibitory one at the
   * same instant cancel, where the phase engines and the other paths clamp
   * at threshold). Use it for trains of the network engine
   * (`NetworkSimulator`, e.g. of `trainingNetworkOfCompiled`); it needs a
   * {@link SparseConnectivity}.
   */
  readonly path?: 'auto' | 'generic' | 'exp-key' | 'wasm-exp-key' | 'delayed';
  /**
   * The clock of the reported phase times (milliseconds; default `performance.now`, wall time), on every path
   * but `"delayed"`. A benchmark on a shared machine may pass a CPU-time clock, e.g.
   * `() => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }`.
   */
  readonly clock?: () => number;
}

const DEFAULT_TAPE_BUDGET = 2 ** 30;

/**
 * Event-based backpropagation through time (docs/algorithm.md §7).
 *
 * The forward pass is the recorded train: its order of spikes is taken as
 * given (the gradient of a piecewise-smooth map, valid while no two spikes
 * swap). The replay walks it once in the time frame, where neuron `j`'s
 * spike at `T_j` changes only its targets' next spike times:
 * `T_i' = T_j + (phiThreshold − ptc(phi_i, J_ij)) / omega_i` with
 * `phi_i = phiThreshold − omega_i (T_i − T_j)`, so `∂T_i'/∂T_i = g'`,
 * `∂T_i'/∂T_j = 1 − g'`, `∂T_i'/∂J_ij = −(∂ptc/∂J)/omega_i` and
 * `∂T_j'/∂T_j = 1` (`g' = ∂ptc/∂phi`). External input events (time, target,
 * weight index) kick their target the same way, with no partner spike. The
 * backward sweep applies the transposes in reverse order: O(K) per spike, no
 * queue.
 *
 * Memory: a tape of 8 bytes per synaptic event (the phase before each kick;
 * the targets and weights are re-read from the connectivity, and `g'` and
 * `∂ptc/∂J` recomputed, in the backward sweep), up to
 * `options.tapeBudgetBytes`; beyond it, checkpoints of the N next spike times
 * (8N bytes each) and segment-by-segment recomputation, so memory stays
 * bounded for any train length.
 *
 * @param network the network the train was recorded from
 * @param train the recorded spikes (seconds, neuron), as any engine of the same network produced them
 * @param dLossDTimes ∂L/∂t_s for every spike s of the train, per second (length = train length; finite)
 * @throws InvalidParameterError naming the argument for a non-finite ∂L/∂t, a NaN spike time, a neuron out of range, or mismatched lengths
 * @example
 * ```ts
 * import { composeSimulator, SpikeTrain } from '@sparseprop/core';
 * import { spikeTimeGradients, squaredSpikeTimeError, trainingNetworkOf } from '@sparseprop/training';
 *
 * const composed = composeSimulator({ model: 'lif', n: 1000, k: 100, seed: 1 }, container); // lif registered
 * const recorded = new SpikeTrain();
 * composed.simulator.run({ maxSpikes: 1000, record: recorded });
 * const loss = squaredSpikeTimeError(recorded, targetTimes); // one target time per spike, seconds
 * const grad = spikeTimeGradients(trainingNetworkOf(composed), recorded, loss.dLossDTimes);
 * grad.uniformWeight; // dL/dJ, per unit of voltage jump
 * ```
 */
export function spikeTimeGradients(network: TrainingNetwork, train: SpikeTrain, dLossDTimes: Float64Array, options: GradientOptions = {}): SpikeTimeGradients {
  const { model, connectivity, initialPhases } = network;
  const tau = requireAbove('tau', network.tau, 0);
  const n = model.size;
  if (connectivity.size !== n) throw new InvalidParameterError('connectivity.size', connectivity.size, `equal to the model size ${n}`);
  checkPhases(model, initialPhases);
  const spikes = train.length;
  if (dLossDTimes.length !== spikes) throw new InvalidParameterError('dLossDTimes.length', dLossDTimes.length, `equal to the number of recorded spikes (${spikes})`);
  const neurons = train.neurons, times = train.times;
  for (let s = 0; s < spikes; s++) {
    if (!Number.isFinite(dLossDTimes[s])) throw new InvalidParameterError(`dLossDTimes[${s}]`, dLossDTimes[s], 'a finite number (∂L/∂t, per second)');
    if (Number.isNaN(times[s])) throw new InvalidParameterError(`train.times[${s}]`, times[s], 'a spike time in seconds (not NaN)');
    const j = neurons[s];
    if (!(j >= 0 && j < n)) throw new InvalidParameterError(`train neuron ${s}`, j, `an index in [0, ${n - 1}]`);
  }
  const inputs = network.inputs;
  if (inputs !== undefined) checkInputEvents(inputs, n);
  const budget = options.tapeBudgetBytes ?? DEFAULT_TAPE_BUDGET;
  requireAbove('tapeBudgetBytes', budget, 0);
  let timing = delaysAndRefractoriness(connectivity, n, tau, network.delays, network.refractory);
  if (timing === undefined && options.path === 'delayed') {
    if (!(connectivity instanceof SparseConnectivity)) throw new InvalidParameterError('connectivity', 'procedural', 'a SparseConnectivity (explicit synapses) for path "delayed"');
    const none = new Float64Array(connectivity.post.length), never = new Float64Array(n);
    timing = { delaySeconds: none, delay: none, refractorySeconds: never, refractory: never };
  }
  if (timing !== undefined) {
    if (options.path === 'exp-key' || options.path === 'wasm-exp-key') throw new InvalidParameterError('path', options.path, '"generic" or "auto": delays and refractory periods take the delayed path');
    const g = delayedGradients(model, connectivity as SparseConnectivity, timing, inputs, initialPhases, tau, train, dLossDTimes, budget, options.path);
    return { ...g, spikes, path: 'delayed', overheadSeconds: 0 };
  }

  const shiftSlope = options.path === 'generic' ? undefined : expKeyShiftSlope(model);
  if ((options.path === 'exp-key' || options.path === 'wasm-exp-key') && shiftSlope === undefined) {
    throw new InvalidParameterError('path', options.path, `"generic" or "auto": model ${model.name} has no linear exponential-key shift`);
  }
  let wasmFallbackReason: string | undefined;
  if (shiftSlope !== undefined && options.path !== 'exp-key') {
    const csr = connectivity instanceof SparseConnectivity ? connectivity : undefined;
    const wasm = wasmGradientsUnsupportedReason(csr, spikes, inputs) ?? wasmExpKeyGradients(model as ExpKeyModel, csr!, inputs, initialPhases, tau, neurons, times, dLossDTimes, budget, shiftSlope, options.clock ?? (() => performance.now()));
    if (typeof wasm !== 'string') {
      const phaseGradient = new Float64Array(n);
      for (let k = 0; k < n; k++) phaseGradient[k] = -wasm.adjoint[k] / model.omega(k); // T_k(0) = (phiThreshold − phi_k(0)) / omega_k
      return {
        weights: wasm.weights,
        uniformWeight: wasm.uniformWeight,
        initialPhases: phaseGradient,
        inputWeights: wasm.inputWeights,
        spikes,
        maxReplayDeviation: wasm.maxReplayDeviation,
        segments: wasm.segments,
        path: 'wasm-exp-key',
        replaySeconds: wasm.replaySeconds,
        overheadSeconds: wasm.overheadSeconds,
        backwardSeconds: wasm.backwardSeconds,
      };
    }
    if (options.path === 'wasm-exp-key') throw new InvalidParameterError('path', 'wasm-exp-key', `"exp-key" or "auto": ${wasm}`);
    wasmFallbackReason = wasm;
  }

  const now = options.clock ?? (() => performance.now());
  let clockStart = now();
  let replayMs = 0, backwardMs = 0;
  const adjoint = new Float64Array(n);
  const weightGradient = connectivity instanceof SparseConnectivity ? new Float64Array(connectivity.post.length) : undefined;
  const inputGradient = inputs === undefined ? undefined : new Float64Array(inputs.weights.length);
  const fast = shiftSlope !== undefined;
  const replay: ReplayPass = fast ? new ExpKeyReplay(model as ExpKeyModel, connectivity, inputs, tau) : new Replay(model, connectivity, inputs, tau);
  const back: BackwardPass = fast
    ? new ExpKeyBackward(model as ExpKeyModel, connectivity, inputs, tau, adjoint, weightGradient, inputGradient)
    : new Backward(model, connectivity, inputs, tau, adjoint, weightGradient, inputGradient);
  replay.start(initialPhases);
  const kMax = Math.max(1, connectivity.maxOutDegree);
  const budgetEvents = Math.max(2 * kMax, Math.floor(budget / 8));
  const inputCount = inputs === undefined ? 0 : inputs.times.length;

  // Segments [starts[g], starts[g+1]) of at most ~budgetEvents tape entries, each with a checkpoint of the replay state.
  const starts: number[] = [0];
  const checkpoints: ReplayCheckpoint[] = [replay.checkpoint()];
  // one taped pass when the tape surely fits; else checkpoints, and every segment (even a single one) recomputed taped
  const taped = spikes * kMax + 2 * inputCount <= budgetEvents;
  if (taped) {
    replay.reserve(spikes * connectivity.maxOutDegree + 2 * inputCount);
    replay.run(0, spikes, neurons, times, true, true);
  } else {
    // pass 1 without a tape: only the next spike times, checkpointed at segment boundaries
    let segmentEvents = 0;
    for (let s = 0; s < spikes; s++) {
      const before = replay.events;
      replay.run(s, s + 1, neurons, times, false, true);
      segmentEvents += replay.events - before;
      if (segmentEvents + kMax > budgetEvents && s + 1 < spikes) {
        starts.push(s + 1);
        checkpoints.push(replay.checkpoint());
        segmentEvents = 0;
      }
    }
    replay.reserve(budgetEvents);
  }
  const maxReplayDeviation = replay.maxDeviation;
  replayMs += now() - clockStart;

  // backward, segment by segment from the last
  const segments = starts.length;
  for (let g = segments - 1; g >= 0; g--) {
    const from = starts[g], to = g + 1 < segments ? starts[g + 1] : spikes;
    if (!taped) {
      clockStart = now();
      replay.restore(checkpoints[g]);
      replay.run(from, to, neurons, times, true, false);
      replayMs += now() - clockStart;
    }
    clockStart = now();
    back.run(from, to, neurons, dLossDTimes, replay);
    backwardMs += now() - clockStart;
  }
  const phaseGradient = new Float64Array(n);
  for (let k = 0; k < n; k++) phaseGradient[k] = -adjoint[k] / model.omega(k); // T_k(0) = (phiThreshold − phi_k(0)) / omega_k
  return {
    weights: weightGradient,
    uniformWeight: back.uniformWeight,
    initialPhases: phaseGradient,
    inputWeights: inputGradient,
    spikes,
    maxReplayDeviation,
    segments,
    path: fast ? 'exp-key' : 'generic',
    ...(wasmFallbackReason === undefined ? {} : { wasmFallbackReason }),
    replaySeconds: replayMs / 1000,
    overheadSeconds: 0,
    backwardSeconds: backwardMs / 1000,
  };
}

/** State of a replay at a segment boundary. */
export interface ReplayCheckpoint {
  readonly state: Float64Array;
  readonly clock: number;
  readonly input: number;
  readonly rescalings: number;
}

/** What the driver needs of a replay (time frame or exponential keys). */
export interface ReplayPass {
  events: number;
  readonly maxDeviation: number;
  tape: Float64Array;
  inputStart: Int32Array;
  spikeTape: Int32Array;
  targetTape: Int32Array;
  start(initialPhases: Float64Array): void;
  reserve(events: number): void;
  checkpoint(): ReplayCheckpoint;
  restore(checkpoint: ReplayCheckpoint): void;
  run(from: number, to: number, neurons: Int32Array, times: Float64Array, taping: boolean, measure: boolean): void;
}

interface BackwardPass {
  readonly uniformWeight: number;
  run(from: number, to: number, neurons: Int32Array, dLossDTimes: Float64Array, replay: ReplayPass): void;
}

/** The forward replay in the time frame: next spike times, and the tape of pre-kick phases. */
class Replay implements ReplayPass {
  readonly next: Float64Array;
  clock = -Infinity;
  /** Next input event to apply. */
  input = 0;
  /** Events replayed (tape entries written, when taping) since the segment started. */
  events = 0;
  maxDeviation = 0;
  /** Pre-kick phase of every event of the current segment: per spike its inputs, then its targets. */
  tape: Float64Array = new Float64Array(0);
  /** Per spike of the segment (index relative to its first spike): first input event applied before it. */
  inputStart = new Int32Array(1);
  /** Per spike of the segment: tape index of its first input event. */
  spikeTape = new Int32Array(1);
  /** Per spike of the segment: tape index of its first target. */
  targetTape = new Int32Array(1);
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  private readonly csr: SparseConnectivity | undefined;

  constructor(
    private readonly model: NeuronModel,
    private readonly connectivity: Connectivity,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
  ) {
    this.next = new Float64Array(model.size);
    const k = Math.max(1, connectivity.maxOutDegree);
    this.targets = new Int32Array(k);
    this.weights = new Float64Array(k);
    this.csr = connectivity instanceof SparseConnectivity ? connectivity : undefined;
  }

  start(initialPhases: Float64Array): void {
    for (let k = 0; k < this.next.length; k++) this.next[k] = (this.model.phiThreshold - initialPhases[k]) / this.model.omega(k);
  }

  reserve(events: number): void {
    this.tape = new Float64Array(Math.max(16, events));
  }

  checkpoint(): ReplayCheckpoint {
    return { state: this.next.slice(), clock: this.clock, input: this.input, rescalings: 0 };
  }

  restore(checkpoint: ReplayCheckpoint): void {
    this.next.set(checkpoint.state);
    this.clock = checkpoint.clock;
    this.input = checkpoint.input;
    this.events = 0;
  }

  /**
   * Replay spikes [from, to): the inputs due before each (time ≤ its spike
   * time: ties go to the inputs, as the training engine orders them), then the
   * spike's kicks. With `taping`, writes the pre-kick phase of every event and
   * the per-spike offsets; `measure` tracks the deviation from the recorded times.
   */
  run(from: number, to: number, neurons: Int32Array, times: Float64Array, taping: boolean, measure: boolean): void {
    const model = this.model, next = this.next, tau = this.tau;
    const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
    const inputs = this.inputs;
    const inputTimes = inputs?.times, inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
    const inputCount = inputTimes === undefined ? 0 : inputTimes.length;
    const csr = this.csr;
    const post = csr?.post, synapseWeight = csr?.weight, rowStart = csr?.rowStart;
    const targets = this.targets, weights = this.weights;
    const kMax = Math.max(1, this.connectivity.maxOutDegree);
    if (taping && this.inputStart.length < to - from + 1) {
      this.inputStart = new Int32Array(to - from + 1);
      this.spikeTape = new Int32Array(to - from + 1);
      this.targetTape = new Int32Array(to - from + 1);
    }
    const inputStart = this.inputStart, spikeTape = this.spikeTape, targetTape = this.targetTape;
    let tape = this.tape;
    let clock = this.clock, input = this.input, events = this.events, maxDeviation = this.maxDeviation;
    for (let s = from; s < to; s++) {
      const j = neurons[s];
      if (taping) {
        inputStart[s - from] = input;
        spikeTape[s - from] = events;
      }
      if (inputTimes !== undefined) {
        while (input < inputCount) {
          const tin = inputTimes[input] / tau;
          const t = next[j] > clock ? next[j] : clock;
          if (tin > t) break;
          const i = inputTargets![input];
          const omega = model.omega(i);
          const phi = phiThreshold - omega * (next[i] - tin);
          next[i] = tin + (phiThreshold - model.ptc(phi, inputWeights![inputChannels![input]], i)) / omega;
          if (taping) {
            if (events >= tape.length) tape = this.tape = grow(tape, events + 1);
            tape[events] = phi;
          }
          events++;
          if (tin > clock) clock = tin;
          input++;
        }
      }
      if (taping) {
        targetTape[s - from] = events;
        if (events + kMax > tape.length) tape = this.tape = grow(tape, events + kMax);
      }
      const t = next[j] > clock ? next[j] : clock; // a kick to threshold spikes now (as the engines)
      clock = t;
      if (measure) {
        const deviation = Math.abs(t * tau - times[s]);
        if (!(deviation <= maxDeviation)) maxDeviation = deviation;
      }
      if (rowStart !== undefined) {
        const end = rowStart[j + 1];
        for (let e = rowStart[j]; e < end; e++) {
          const i = post![e];
          const omega = model.omega(i);
          const phi = phiThreshold - omega * (next[i] - t);
          next[i] = t + (phiThreshold - model.ptc(phi, synapseWeight![e], i)) / omega;
          if (taping) tape[events] = phi;
          events++;
        }
      } else {
        const count = this.connectivity.targetsOf(j, targets, weights);
        for (let e = 0; e < count; e++) {
          const i = targets[e];
          const omega = model.omega(i);
          const phi = phiThreshold - omega * (next[i] - t);
          next[i] = t + (phiThreshold - model.ptc(phi, weights[e], i)) / omega;
          if (taping) tape[events] = phi;
          events++;
        }
      }
      next[j] = t + (phiThreshold - phiReset) / model.omega(j);
    }
    this.clock = clock;
    this.input = input;
    this.events = events;
    this.maxDeviation = maxDeviation;
  }
}

/** The backward sweep: adjoint a_k = ∂L/∂T_k of the current next spike times, carried through the spikes in reverse. */
class Backward implements BackwardPass {
  uniformWeight = 0;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  private readonly csr: SparseConnectivity | undefined;

  constructor(
    private readonly model: NeuronModel,
    private readonly connectivity: Connectivity,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
    private readonly adjoint: Float64Array,
    private readonly weightGradient: Float64Array | undefined,
    private readonly inputGradient: Float64Array | undefined,
  ) {
    const k = Math.max(1, connectivity.maxOutDegree);
    this.targets = new Int32Array(k);
    this.weights = new Float64Array(k);
    this.csr = connectivity instanceof SparseConnectivity ? connectivity : undefined;
  }

  /** Spikes [from, to) in reverse, reading the tape and offsets the replay wrote for that segment. */
  run(from: number, to: number, neurons: Int32Array, dLossDTimes: Float64Array, replay: ReplayPass): void {
    const model = this.model, adjoint = this.adjoint, tau = this.tau;
    const weightGradient = this.weightGradient, inputGradient = this.inputGradient;
    const inputs = this.inputs;
    const inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
    const csr = this.csr;
    const post = csr?.post, synapseWeight = csr?.weight, rowStart = csr?.rowStart;
    const targets = this.targets, weights = this.weights;
    const tape = replay.tape, inputStart = replay.inputStart, spikeTape = replay.spikeTape, targetTape = replay.targetTape;
    let uniformWeight = this.uniformWeight;
    for (let s = to - 1; s >= from; s--) {
      const j = neurons[s];
      const r = s - from;
      let aj = adjoint[j] + dLossDTimes[s] * tau; // T_j' = T_j + const, and t_s = tau T_j
      // the targets in reverse order too (a target kicked twice by one spike composes its kicks)
      if (rowStart !== undefined) {
        const first = rowStart[j];
        let e = targetTape[r] + (rowStart[j + 1] - first) - 1;
        for (let synapse = rowStart[j + 1] - 1; synapse >= first; synapse--, e--) {
          const i = post![synapse];
          const ai = adjoint[i];
          if (ai === 0) continue; // nothing downstream depends on T_i yet
          const phi = tape[e], w = synapseWeight![synapse];
          const slope = model.dPtcDPhi(phi, w, i);
          aj += ai * (1 - slope);
          adjoint[i] = ai * slope;
          const contribution = (-ai * model.dPtcDJ(phi, w, i)) / model.omega(i);
          uniformWeight += contribution;
          weightGradient![synapse] += contribution;
        }
      } else {
        const count = this.connectivity.targetsOf(j, targets, weights);
        let e = targetTape[r] + count - 1;
        for (let k = count - 1; k >= 0; k--, e--) {
          const i = targets[k];
          const ai = adjoint[i];
          if (ai === 0) continue;
          const phi = tape[e], w = weights[k];
          const slope = model.dPtcDPhi(phi, w, i);
          aj += ai * (1 - slope);
          adjoint[i] = ai * slope;
          uniformWeight += (-ai * model.dPtcDJ(phi, w, i)) / model.omega(i);
        }
      }
      adjoint[j] = aj;
      if (inputTargets !== undefined) {
        // the inputs applied just before spike s, in reverse (their times are fixed: no partner adjoint)
        const first = spikeTape[r], firstInput = inputStart[r];
        for (let te = targetTape[r] - 1; te >= first; te--) {
          const q = firstInput + (te - first);
          const i = inputTargets[q];
          const ai = adjoint[i];
          if (ai === 0) continue;
          const phi = tape[te], channel = inputChannels![q], w = inputWeights![channel];
          adjoint[i] = ai * model.dPtcDPhi(phi, w, i);
          inputGradient![channel] += (-ai * model.dPtcDJ(phi, w, i)) / model.omega(i);
        }
      }
    }
    this.uniformWeight = uniformWeight;
  }
}

function grow(array: Float64Array, needed: number): Float64Array {
  const bigger = new Float64Array(Math.max(needed, 2 * array.length));
  bigger.set(array);
  return bigger;
}
