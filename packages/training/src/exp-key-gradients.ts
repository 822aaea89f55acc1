import { type Connectivity, type NeuronModel, SparseConnectivity } from '@sparseprop/core';
import { EXP_KEY_LOG_RESCALE, EXP_KEY_RESCALE, type ExpKeyModel, isExpKeyModel } from '@sparseprop/core/plugin';
import type { InputEvents } from './input-events.js';
import type { ReplayCheckpoint, ReplayPass } from './spike-time-gradients.js';

/**
 * `s'(J)` of a homogeneous exponential-key model whose shift is linear in J
 * (`expShift(J) = s' J`, LIF: `−J/I`), or undefined when the model has no
 * such shift (then the generic time-frame path runs).
 */
export function expKeyShiftSlope(model: NeuronModel): number | undefined {
  if (!isExpKeyModel(model)) return undefined;
  const s1 = model.expShift(1);
  // linear: s(0) = 0, s(−1) = −s(1), s(2) = 2 s(1) (exact for −J/I: negation and doubling do not round)
  if (model.expShift(0) !== 0 || model.expShift(-1) !== -s1 || model.expShift(2) !== 2 * s1 || !Number.isFinite(s1)) return undefined;
  return s1;
}

/**
 * The replay in exponential keys (docs/algorithm.md §3, exponential keys): with
 * `w_i = exp(−phi_i/omega)`, free evolution multiplies every `w` by
 * `exp(−Δt)` and a kick adds `expShift(J)`. Each neuron keeps
 * `y_i = w_i · F(t)` with `F(t) = exp(t − base)`, constant between its
 * kicks; a spike of `j` happens at `F = y_j/θ` (`θ = exp(−phiThreshold/omega)`),
 * and a kick at `F` is `y_i ← y_i + expShift(J) F`: one multiply-add, no exp or
 * log per synaptic event. `base` grows by whole multiples of
 * `EXP_KEY_LOG_RESCALE` (all `y` scaled by the exact power of two
 * `EXP_KEY_RESCALE`), so no `y` overflows.
 *
 * Tape: `y_i` before every kick (8 bytes); per spike its `F`; per input event
 * `y_i` and the input's `F`.
 */
export class ExpKeyReplay implements ReplayPass {
  readonly y: Float64Array;
  /** F of the current clock (0 before the first event: time −∞). */
  fClock = 0;
  rescalings = 0;
  input = 0;
  events = 0;
  maxDeviation = 0;
  tape: Float64Array = new Float64Array(0);
  inputStart = new Int32Array(1);
  spikeTape = new Int32Array(1);
  targetTape = new Int32Array(1);
  /** F at every spike of the segment. */
  factor = new Float64Array(1);
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  private readonly csr: SparseConnectivity | undefined;
  private readonly theta: number;
  private readonly wReset: number;
  private readonly omega: number;

  constructor(
    private readonly model: ExpKeyModel,
    private readonly connectivity: Connectivity,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
  ) {
    this.y = new Float64Array(model.size);
    const k = Math.max(1, connectivity.maxOutDegree);
    this.targets = new Int32Array(k);
    this.weights = new Float64Array(k);
    this.csr = connectivity instanceof SparseConnectivity ? connectivity : undefined;
    this.omega = model.omega(0);
    // the forward engines' expressions (exp(phi · (−1/omega)), not exp(−phi/omega)): the same bits as their keys
    this.theta = Math.exp(model.phiThreshold * (-1.0 / this.omega));
    this.wReset = Math.exp(model.phiReset * (-1.0 / this.omega));
  }

  start(initialPhases: Float64Array): void {
    const minusInvOmega = -1.0 / this.omega; // the forward engines' expression, so y starts at their keys bit for bit
    for (let k = 0; k < this.y.length; k++) this.y[k] = Math.exp(initialPhases[k] * minusInvOmega); // base 0: F(0) = 1
  }

  reserve(events: number): void {
    this.tape = new Float64Array(Math.max(16, events));
  }

  checkpoint(): ReplayCheckpoint {
    return { state: this.y.slice(), clock: this.fClock, input: this.input, rescalings: this.rescalings };
  }

  restore(checkpoint: ReplayCheckpoint): void {
    this.y.set(checkpoint.state);
    this.fClock = checkpoint.clock;
    this.input = checkpoint.input;
    this.rescalings = checkpoint.rescalings;
    this.events = 0;
  }

  private rescale(): void {
    const y = this.y;
    for (let k = 0; k < y.length; k++) y[k] *= EXP_KEY_RESCALE;
    this.fClock *= EXP_KEY_RESCALE;
    this.rescalings++;
  }

  run(from: number, to: number, neurons: Int32Array, times: Float64Array, taping: boolean, measure: boolean): void {
    const model = this.model, y = this.y, tau = this.tau, theta = this.theta, wReset = this.wReset;
    const inputs = this.inputs;
    const inputTimes = inputs?.times, inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
    const inputCount = inputTimes === undefined ? 0 : inputTimes.length;
    const csr = this.csr;
    const post = csr?.post, synapseWeight = csr?.weight, rowStart = csr?.rowStart;
    const targets = this.targets, weights = this.weights;
    const kMax = Math.max(1, this.connectivity.maxOutDegree);
    const limit = 1 / EXP_KEY_RESCALE;
    if (taping && this.inputStart.length < to - from + 1) {
      this.inputStart = new Int32Array(to - from + 1);
      this.spikeTape = new Int32Array(to - from + 1);
      this.targetTape = new Int32Array(to - from + 1);
      this.factor = new Float64Array(to - from + 1);
    }
    const inputStart = this.inputStart, spikeTape = this.spikeTape, targetTape = this.targetTape, factor = this.factor;
    let tape = this.tape;
    let input = this.input, events = this.events, maxDeviation = this.maxDeviation;
    for (let s = from; s < to; s++) {
      const j = neurons[s];
      if (taping) {
        inputStart[s - from] = input;
        spikeTape[s - from] = events;
      }
      if (inputTimes !== undefined) {
        while (input < inputCount) {
          let fIn = Math.exp(inputTimes[input] / tau - this.rescalings * EXP_KEY_LOG_RESCALE);
          const fSpike = y[j] / theta > this.fClock ? y[j] / theta : this.fClock;
          if (fIn > fSpike) break;
          if (fIn > limit) {
            this.rescale();
            fIn *= EXP_KEY_RESCALE;
          }
          const i = inputTargets![input];
          const yb = y[i];
          let ya = yb + model.expShift(inputWeights![inputChannels![input]]) * fIn;
          if (ya <= theta * fIn) ya = theta * fIn; // kicked to threshold: spikes now
          y[i] = ya;
          if (taping) {
            if (events + 2 > tape.length) tape = this.tape = grow(tape, events + 2);
            tape[events] = yb;
            tape[events + 1] = fIn;
          }
          events += 2;
          if (fIn > this.fClock) this.fClock = fIn;
          input++;
        }
      }
      // rescale after the inputs: where the forward engines' clock passes 2^256 (after the event that moved it there),
      // so y and F here are the forward's keys and factors times one exact power of two per event
      if (y[j] / theta > limit) this.rescale();
      if (taping) {
        targetTape[s - from] = events;
        if (events + kMax > tape.length) tape = this.tape = grow(tape, events + kMax);
      }
      let f = y[j] / theta;
      if (f < this.fClock) f = this.fClock; // a kick to threshold spikes now
      this.fClock = f;
      if (taping) factor[s - from] = f;
      if (measure) {
        const deviation = Math.abs((this.rescalings * EXP_KEY_LOG_RESCALE + Math.log(f)) * tau - times[s]);
        if (!(deviation <= maxDeviation)) maxDeviation = deviation;
      }
      const thetaF = theta * f;
      if (rowStart !== undefined) {
        const end = rowStart[j + 1];
        for (let e = rowStart[j]; e < end; e++) {
          const i = post![e];
          const yb = y[i];
          const ya = yb + model.expShift(synapseWeight![e]) * f;
          y[i] = ya <= thetaF ? thetaF : ya;
          if (taping) tape[events] = yb;
          events++;
        }
      } else {
        const count = this.connectivity.targetsOf(j, targets, weights);
        for (let e = 0; e < count; e++) {
          const i = targets[e];
          const yb = y[i];
          const ya = yb + model.expShift(weights[e]) * f;
          y[i] = ya <= thetaF ? thetaF : ya;
          if (taping) tape[events] = yb;
          events++;
        }
      }
      y[j] = wReset * f;
    }
    this.input = input;
    this.events = events;
    this.maxDeviation = maxDeviation;
  }
}

/**
 * The backward sweep in exponential keys: for a kick `y_a = y_b + s(J) F`
 * (time `T = base + ln(y/θ)`), `∂T_i'/∂T_i = y_b/y_a`,
 * `∂T_i'/∂T_j = 1 − y_b/y_a` and `∂T_i'/∂J = s'(J) F / y_a` (zero
 * sensitivity to T_i and J where the kick reaches threshold).
 */
export class ExpKeyBackward {
  uniformWeight = 0;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  private readonly csr: SparseConnectivity | undefined;
  private readonly theta: number;
  private readonly shiftSlope: number;

  constructor(
    private readonly model: ExpKeyModel,
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
    this.theta = Math.exp(model.phiThreshold * (-1.0 / model.omega(0))); // ExpKeyReplay's theta
    this.shiftSlope = expKeyShiftSlope(model)!;
  }

  run(from: number, to: number, neurons: Int32Array, dLossDTimes: Float64Array, replay: ReplayPass): void {
    const model = this.model, adjoint = this.adjoint, tau = this.tau, theta = this.theta, shiftSlope = this.shiftSlope;
    const weightGradient = this.weightGradient, inputGradient = this.inputGradient;
    const inputs = this.inputs;
    const inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
    const csr = this.csr;
    const post = csr?.post, synapseWeight = csr?.weight, rowStart = csr?.rowStart;
    const targets = this.targets, weights = this.weights;
    const tape = replay.tape, inputStart = replay.inputStart, spikeTape = replay.spikeTape, targetTape = replay.targetTape;
    const factor = (replay as ExpKeyReplay).factor;
    let uniformWeight = this.uniformWeight;
    for (let s = to - 1; s >= from; s--) {
      const j = neurons[s];
      const r = s - from;
      const f = factor[r], thetaF = theta * f, slopeF = shiftSlope * f;
      let aj = adjoint[j] + dLossDTimes[s] * tau; // T_j' = T_j + const, and t_s = tau T_j
      if (rowStart !== undefined) {
        const first = rowStart[j];
        let e = targetTape[r] + (rowStart[j + 1] - first) - 1;
        for (let synapse = rowStart[j + 1] - 1; synapse >= first; synapse--, e--) {
          const i = post![synapse];
          const ai = adjoint[i];
          if (ai === 0) continue; // nothing downstream depends on T_i yet
          const yb = tape[e];
          const ya = yb + model.expShift(synapseWeight![synapse]) * f;
          if (ya <= thetaF) {
            aj += ai; // kicked to threshold: T_i' = T_j
            adjoint[i] = 0;
            continue;
          }
          const inverse = 1 / ya;
          const slope = yb * inverse;
          aj += ai * (1 - slope);
          adjoint[i] = ai * slope;
          const contribution = ai * slopeF * inverse;
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
          const yb = tape[e];
          const ya = yb + model.expShift(weights[k]) * f;
          if (ya <= thetaF) {
            aj += ai;
            adjoint[i] = 0;
            continue;
          }
          const inverse = 1 / ya;
          const slope = yb * inverse;
          aj += ai * (1 - slope);
          adjoint[i] = ai * slope;
          uniformWeight += ai * slopeF * inverse;
        }
      }
      adjoint[j] = aj;
      if (inputTargets !== undefined) {
        // the inputs applied just before spike s, in reverse (tape pairs y_b, F; their times are fixed)
        const first = spikeTape[r], firstInput = inputStart[r];
        for (let te = targetTape[r] - 2; te >= first; te -= 2) {
          const q = firstInput + ((te - first) >> 1);
          const i = inputTargets[q];
          const ai = adjoint[i];
          if (ai === 0) continue;
          const yb = tape[te], fIn = tape[te + 1], channel = inputChannels![q];
          const ya = yb + model.expShift(inputWeights![channel]) * fIn;
          if (ya <= theta * fIn) {
            adjoint[i] = 0;
            continue;
          }
          adjoint[i] = (ai * yb) / ya;
          inputGradient![channel] += (ai * shiftSlope * fIn) / ya;
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
