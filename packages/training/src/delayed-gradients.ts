import { EXP_KEY_LOG_RESCALE, EXP_KEY_RESCALE, type ExpKeyModel, InvalidParameterError, type NeuronModel, SparseConnectivity, type SpikeTrain } from '@sparseprop/core/plugin';
import { expKeyShiftSlope } from './exp-key-gradients.js';
import type { InputEvents } from './input-events.js';

/**
 * Delays and refractory periods of a training network, checked: per synapse
 * (CSR order) and per neuron, in seconds (for the order of events, computed
 * as the engine computes it) and in units of tau (for the replayed times).
 */
export interface DelaysAndRefractoriness {
  readonly delaySeconds: Float64Array;
  readonly delay: Float64Array;
  readonly refractorySeconds: Float64Array;
  readonly refractory: Float64Array;
}

/**
 * The delays and refractory periods of a network in units of tau, or
 * undefined when there are none (every delay and refractory period 0: the
 * plain path applies). Throws {@link InvalidParameterError} naming the field
 * for a negative, non-finite or mis-sized entry, and for delays on a network
 * without explicit synapses.
 */
export function delaysAndRefractoriness(
  connectivity: unknown,
  n: number,
  tau: number,
  delays: number | Float64Array | undefined,
  refractory: number | Float64Array | undefined,
): DelaysAndRefractoriness | undefined {
  const check = (name: string, x: number) => {
    if (!(x >= 0) || !Number.isFinite(x)) throw new InvalidParameterError(name, x, 'a finite number ≥ 0 (seconds)');
  };
  let any = false;
  if (typeof delays === 'number') {
    check('delays', delays);
    any ||= delays > 0;
  } else if (delays !== undefined) {
    for (let e = 0; e < delays.length; e++) {
      check(`delays[${e}]`, delays[e]);
      any ||= delays[e] > 0;
    }
  }
  if (typeof refractory === 'number') {
    check('refractory', refractory);
    any ||= refractory > 0;
  } else if (refractory !== undefined) {
    if (refractory.length !== n) throw new InvalidParameterError('refractory.length', refractory.length, `equal to the number of neurons (${n})`);
    for (let i = 0; i < n; i++) {
      check(`refractory[${i}]`, refractory[i]);
      any ||= refractory[i] > 0;
    }
  }
  if (!any) return undefined;
  if (!(connectivity instanceof SparseConnectivity)) {
    throw new InvalidParameterError('connectivity', 'procedural', 'a SparseConnectivity (explicit synapses) when delays or refractory periods are given');
  }
  const synapses = connectivity.post.length;
  if (typeof delays !== 'number' && delays !== undefined && delays.length !== synapses) {
    throw new InvalidParameterError('delays.length', delays.length, `equal to the number of synapses (${synapses}, CSR order)`);
  }
  const delaySeconds = new Float64Array(synapses);
  if (typeof delays === 'number') delaySeconds.fill(delays);
  else if (delays !== undefined) delaySeconds.set(delays);
  const refractorySeconds = new Float64Array(n);
  if (typeof refractory === 'number') refractorySeconds.fill(refractory);
  else if (refractory !== undefined) refractorySeconds.set(refractory);
  return { delaySeconds, delay: delaySeconds.map((d) => d / tau), refractorySeconds, refractory: refractorySeconds.map((r) => r / tau) };
}

/** Tape entry kinds (the `a` field): a spike, an external input; ≥ 0 is a synaptic delivery through that synapse. */
const SPIKE = -1, INPUT = -2;
/** Tape bytes per event: the phase (8), the synapse or kind (4), the spike or input index (4), the link to the previous kick of its instant (4). */
const TAPE_BYTES = 20;
/** Tape bytes per event in exponential keys: the key before the kick (8) and the kick's F (8), then as {@link TAPE_BYTES}. */
const KEY_TAPE_BYTES = 28;
/** A tape link marking a group member already handled. */
const DONE = -2;

/** Result of {@link delayedGradients} (the fields {@link spikeTimeGradients} returns). */
export interface DelayedGradientResult {
  readonly weights: Float64Array;
  readonly uniformWeight: number;
  readonly initialPhases: Float64Array;
  readonly inputWeights: Float64Array | undefined;
  readonly maxReplayDeviation: number;
  /** Segments the backward sweep was cut into (1 when the whole tape fitted the budget). */
  readonly segments: number;
  readonly replaySeconds: number;
  readonly backwardSeconds: number;
}

/**
 * Exact gradients for networks with synaptic delays and refractory periods
 * (the semantics of the network engine, `@sparseprop/core`'s
 * `NetworkSimulator`): a spike of `j` at `T` reaches target `i` of synapse
 * `e` at `T + d_e`; a spiking neuron is held at reset until `T + r_j`, and
 * any kick arriving before then is ignored (one at exactly `T + r_j` is
 * applied). Deliveries and inputs due at a spike's time are applied before
 * it; zero-delay deliveries at the spike.
 *
 * Replay (time frame, docs/algorithm.md §4): the recorded spikes in order;
 * before each, every pending delivery and external input due by then, in
 * time order (a FIFO of spikes for one delay on every synapse; else a binary
 * heap of the spikes in flight, each a cursor into its synapses sorted by
 * delay: O(log P) per delivery, P spikes in flight). A kick at
 * `t` on `i` maps `T_i' = t + (phiThreshold − ptc(phi, w))/omega_i` with
 * `phi = phiThreshold − omega_i (T_i − t)`; after a spike,
 * `T_j' = T + r_j + (phiThreshold − phiReset)/omega_j`. Backward: the
 * adjoints of the next spike times go back through the events in reverse;
 * a delivery adds `a_i (1 − g')` to the adjoint of the spike that sent it
 * (`t = T_s + d`), kept per spike until the sweep reaches that spike. The
 * gradient holds while no event changes order and no kick crosses the end of
 * a refractory period (as every exact event-based gradient).
 *
 * Homogeneous LIF (a model with a linear exponential-key shift) replays in
 * exponential keys ({@link DelayedKeyReplay}: no exp or log per synaptic
 * event) unless `path` is `"generic"`; both agree to rounding.
 *
 * Memory: a tape of 20 bytes per applied event and per spike (phase,
 * synapse or input index, sending spike, link to the previous kick of the
 * same instant; 28 in keys, the kick's F too) up to `tapeBudgetBytes`, plus
 * 16 bytes per spike (replayed time or F, adjoint) and, with per-synapse
 * delays, 12 per synapse (the rows sorted by delay, kept per connectivity
 * with the delays they were sorted for; 8 more in keys: e^d). A longer
 * train is cut into segments: a first replay keeps only a checkpoint at
 * each segment start (next spike times, refractory ends, the pending
 * deliveries in order, the input position: 16 bytes per neuron and 16 per
 * spike in flight), and the backward sweep replays one segment
 * at a time from its checkpoint, from the last. Segments start only at a
 * spike strictly later than the one before and every pending delivery, so
 * no group of simultaneous kicks spans two segments; the segmented result is
 * bit-identical to the unsegmented one (same operations in the same order).
 *
 * @param tapeBudgetBytes largest tape of one segment, bytes (> 0; at least two spikes' events are taped per segment)
 * @param path `"generic"` forces the time-frame arithmetic; anything else takes exponential keys when the model has them
 */
export function delayedGradients(
  model: NeuronModel,
  connectivity: SparseConnectivity,
  timing: DelaysAndRefractoriness,
  inputs: InputEvents | undefined,
  initialPhases: Float64Array,
  tau: number,
  train: SpikeTrain,
  dLossDTimes: Float64Array,
  tapeBudgetBytes: number,
  path?: string,
): DelayedGradientResult {
  const n = model.size, spikes = train.length;
  const shiftSlope = path === 'generic' ? undefined : expKeyShiftSlope(model);
  const times = train.times;
  const inputCount = inputs === undefined ? 0 : inputs.times.length;
  const kMax = connectivity.maxOutDegree;
  const maxEvents = spikes * (1 + kMax) + inputCount;
  // at least two spikes' worth of events per segment (a segment may still exceed the budget by the deliveries and
  // inputs due before one spike: the tape grows then)
  const budgetEvents = Math.max(2 * (1 + kMax), Math.floor(tapeBudgetBytes / (shiftSlope === undefined ? TAPE_BYTES : KEY_TAPE_BYTES)));

  let clockStart = performance.now();
  let replayMs = 0, backwardMs = 0;
  const replay: DelayedReplayPass =
    shiftSlope === undefined ? new DelayedReplay(model, connectivity, timing, inputs, tau, train) : new DelayedKeyReplay(model as ExpKeyModel, shiftSlope, connectivity, timing, inputs, tau, train);
  replay.start(initialPhases);
  const starts: number[] = [0];
  const checkpoints: unknown[] = [];
  if (maxEvents <= budgetEvents) {
    replay.reserve(maxEvents);
    replay.run(0, spikes, true, true);
  } else {
    // pass 1 without a tape: checkpoints at segment starts
    checkpoints.push(replay.checkpoint());
    let segmentEvents = 0;
    for (let s = 0; s < spikes; s++) {
      const before = replay.events;
      replay.run(s, s + 1, false, true);
      segmentEvents += replay.events - before;
      if (segmentEvents + 1 + kMax > budgetEvents && s + 1 < spikes && times[s + 1] > times[s] && replay.nextDeliveryTime() > times[s]) {
        starts.push(s + 1);
        checkpoints.push(replay.checkpoint());
        segmentEvents = 0;
      }
    }
    replay.reserve(budgetEvents);
  }
  const maxReplayDeviation = replay.maxDeviation;
  replayMs += performance.now() - clockStart;

  const backward: DelayedBackwardPass =
    shiftSlope === undefined ? new DelayedBackward(model, connectivity, inputs, tau, train, dLossDTimes) : new DelayedKeyBackward(model, shiftSlope, connectivity, inputs, tau, train, dLossDTimes);
  const segments = starts.length;
  for (let g = segments - 1; g >= 0; g--) {
    if (checkpoints.length > 0) {
      // pass 1 kept no tape (even when the events turned out to fit one segment)
      clockStart = performance.now();
      replay.restore(checkpoints[g]);
      replay.run(starts[g], g + 1 < segments ? starts[g + 1] : spikes, true, false);
      replayMs += performance.now() - clockStart;
    }
    clockStart = performance.now();
    if (shiftSlope === undefined) (backward as DelayedBackward).run(replay as DelayedReplay);
    else (backward as DelayedKeyBackward).run(replay as DelayedKeyReplay);
    backwardMs += performance.now() - clockStart;
  }
  const adjoint = backward.adjoint;
  const phaseGradient = new Float64Array(n);
  for (let k = 0; k < n; k++) phaseGradient[k] = -adjoint[k] / model.omega(k); // T_k(0) = (phiThreshold − phi_k(0)) / omega_k
  return {
    weights: backward.weightGradient,
    uniformWeight: backward.uniformWeight,
    initialPhases: phaseGradient,
    inputWeights: backward.inputGradient,
    maxReplayDeviation,
    segments,
    replaySeconds: replayMs / 1000,
    backwardSeconds: backwardMs / 1000,
  };
}

/** What the driver needs of a delayed replay (time frame or exponential keys). */
interface DelayedReplayPass {
  readonly events: number;
  readonly maxDeviation: number;
  start(initialPhases: Float64Array): void;
  reserve(events: number): void;
  nextDeliveryTime(): number;
  checkpoint(): unknown;
  restore(checkpoint: unknown): void;
  run(from: number, to: number, taping: boolean, measure: boolean): void;
}

/** The gradients a backward sweep accumulates. */
interface DelayedBackwardPass {
  readonly adjoint: Float64Array;
  readonly weightGradient: Float64Array;
  readonly inputGradient: Float64Array | undefined;
  readonly uniformWeight: number;
}

/** Replay state at a segment start (before its first spike's deliveries). */
interface DelayedCheckpoint {
  readonly next: Float64Array;
  readonly refractoryEnd: Float64Array;
  readonly clock: number;
  readonly input: number;
  readonly fifoHead: number;
  readonly fifoTail: number;
  readonly pending: DeliveryHeapState;
}

/**
 * The forward replay: next spike times (units of tau) and, when taping, one
 * tape entry per applied kick and per spike of the current segment.
 */
class DelayedReplay implements DelayedReplayPass {
  /** Events of the current segment (tape entries written, when taping). */
  events = 0;
  maxDeviation = 0;
  tapePhi = new Float64Array(16);
  tapeA = new Int32Array(16);
  tapeB = new Int32Array(16);
  /** Previous member of the same group of simultaneous kicks (tape index), or −1. */
  tapeLink = new Int32Array(16);
  /** Replayed spike times (units of tau), every spike of the train. */
  readonly spikeValue: Float64Array;
  private readonly next: Float64Array;
  private readonly refractoryEnd: Float64Array; // seconds
  private readonly groupTime: Float64Array;
  private readonly groupPhi: Float64Array;
  private readonly groupSum: Float64Array;
  private readonly groupLast: Int32Array;
  private readonly pending = new SpikeCursorHeap();
  /** Per-synapse delays: every row's synapses by delay, and each row's first delayed position. */
  private readonly delayOrder: Int32Array;
  private readonly firstDelayed: Int32Array;
  private readonly uniformDelay: boolean;
  private readonly d0: number;
  private readonly d0Tau: number;
  private fifoHead = 0;
  /** Spikes replayed so far: the FIFO's tail (spike s is its entry s). */
  private fifoTail = 0;
  private input = 0;
  private clock = -Infinity;
  private taping = false;
  private readonly phiThreshold: number;
  private readonly phiReset: number;
  private readonly inputCount: number;

  constructor(
    private readonly model: NeuronModel,
    private readonly connectivity: SparseConnectivity,
    private readonly timing: DelaysAndRefractoriness,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
    private readonly train: SpikeTrain,
  ) {
    const n = model.size;
    this.next = new Float64Array(n);
    this.refractoryEnd = new Float64Array(n).fill(-Infinity);
    this.groupTime = new Float64Array(n).fill(NaN);
    this.groupPhi = new Float64Array(n);
    this.groupSum = new Float64Array(n);
    this.groupLast = new Int32Array(n);
    this.spikeValue = new Float64Array(train.length);
    this.phiThreshold = model.phiThreshold;
    this.phiReset = model.phiReset;
    this.inputCount = inputs === undefined ? 0 : inputs.times.length;
    // one delay d > 0 for every synapse (the common case): deliveries leave in spike order, all of a spike's
    // synapses at once (as the engine's FIFO): spike s is the queue's s-th entry, due at t_s + d
    const delaySeconds = timing.delaySeconds;
    let uniformDelay = delaySeconds.length > 0 && delaySeconds[0] > 0;
    for (let e = 1; e < delaySeconds.length && uniformDelay; e++) uniformDelay = delaySeconds[e] === delaySeconds[0];
    this.uniformDelay = uniformDelay;
    this.d0 = uniformDelay ? delaySeconds[0] : 0;
    this.d0Tau = uniformDelay ? timing.delay[0] : 0;
    const sorted = uniformDelay ? { order: new Int32Array(0), firstDelayed: new Int32Array(0) } : delayOrderOf(connectivity, delaySeconds);
    this.delayOrder = sorted.order;
    this.firstDelayed = sorted.firstDelayed;
  }

  start(initialPhases: Float64Array): void {
    const model = this.model;
    for (let k = 0; k < model.size; k++) this.next[k] = (this.phiThreshold - initialPhases[k]) / model.omega(k);
  }

  reserve(events: number): void {
    const size = Math.max(16, events);
    this.tapePhi = new Float64Array(size);
    this.tapeA = new Int32Array(size);
    this.tapeB = new Int32Array(size);
    this.tapeLink = new Int32Array(size);
  }

  /** Due time (seconds) of the earliest pending delivery, +Infinity when none. */
  nextDeliveryTime(): number {
    if (this.uniformDelay) return this.fifoHead < this.fifoTail ? this.train.times[this.fifoHead] + this.d0 : Infinity;
    return this.pending.size > 0 ? this.pending.topTime() : Infinity;
  }

  checkpoint(): DelayedCheckpoint {
    return { next: this.next.slice(), refractoryEnd: this.refractoryEnd.slice(), clock: this.clock, input: this.input, fifoHead: this.fifoHead, fifoTail: this.fifoTail, pending: this.pending.save() };
  }

  restore(saved: unknown): void {
    const checkpoint = saved as DelayedCheckpoint;
    this.next.set(checkpoint.next);
    this.refractoryEnd.set(checkpoint.refractoryEnd);
    this.clock = checkpoint.clock;
    this.input = checkpoint.input;
    this.fifoHead = checkpoint.fifoHead;
    this.fifoTail = checkpoint.fifoTail;
    this.pending.load(checkpoint.pending);
    // segments start after every group of simultaneous kicks is complete: no group continues
    this.groupTime.fill(NaN);
    this.events = 0;
  }

  /**
   * Replay spikes [from, to): every delivery and input due at or before each
   * spike, in the engine's order, then the spike. The order of events is
   * decided as the engine decides it, in seconds from the recorded spike times
   * (a delivery is due at t_s + d, computed as the engine does; a refractory
   * period ends at t_s + r; every delivery and input due at or before a
   * spike's time goes first), so exact ties (a neuron pinned by a delivery
   * whose next free spike meets the next delivery, simultaneous deliveries)
   * resolve as in the forward; the values (phases, spike times) are replayed
   * in units of tau, and differentiated. With `taping`, writes the tape of
   * the segment from index 0 (restore) or on; `measure` tracks the deviation
   * from the recorded times.
   */
  run(from: number, to: number, taping: boolean, measure: boolean): void {
    this.taping = taping;
    const neurons = this.train.neurons, times = this.train.times;
    const { rowStart, post, weight } = this.connectivity;
    const { delaySeconds, delay, refractorySeconds, refractory } = this.timing;
    const model = this.model, tau = this.tau, next = this.next, spikeValue = this.spikeValue, pending = this.pending;
    const delayOrder = this.delayOrder;
    const phiThreshold = this.phiThreshold, phiReset = this.phiReset;
    const inputs = this.inputs;
    const inputTimes = inputs?.times, inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
    const inputCount = this.inputCount;
    const uniformDelay = this.uniformDelay, d0Tau = this.d0Tau;
    const refractoryEnd = this.refractoryEnd, groupTime = this.groupTime;
    let maxDeviation = this.maxDeviation;
    for (let s = from; s < to; s++) {
      const j = neurons[s], at = times[s];
      // every delivery and input due at or before this spike, in the engine's order
      for (;;) {
        const tDelivery = uniformDelay ? (this.fifoHead < this.fifoTail ? times[this.fifoHead] + this.d0 : Infinity) : pending.size > 0 ? pending.topTime() : Infinity;
        const tInput = this.input < inputCount ? inputTimes![this.input] : Infinity;
        if (tDelivery <= tInput) {
          if (!(tDelivery <= at)) break;
          if (uniformDelay) {
            const sender = this.fifoHead++, pre = neurons[sender], t = spikeValue[sender] + d0Tau;
            const end = rowStart[pre + 1];
            for (let e = rowStart[pre]; e < end; e++) this.kick(post[e], weight[e], tDelivery, t, e, sender);
          } else {
            const sender = pending.topSpike(), position = pending.topPosition(), e = delayOrder[position];
            if (position + 1 < rowStart[neurons[sender] + 1]) pending.replaceTop(times[sender] + delaySeconds[delayOrder[position + 1]], position + 1);
            else pending.pop();
            this.kick(post[e], weight[e], tDelivery, spikeValue[sender] + delay[e], e, sender);
          }
        } else {
          if (!(tInput <= at)) break;
          const q = this.input++;
          this.kick(inputTargets![q], inputWeights![inputChannels![q]], tInput, tInput / tau, INPUT, q);
        }
      }
      const t = next[j] > this.clock ? next[j] : this.clock; // a kick to threshold spikes now (as the engines)
      this.clock = t;
      spikeValue[s] = t;
      if (measure) {
        const deviation = Math.abs(t * tau - at);
        if (!(deviation <= maxDeviation)) maxDeviation = deviation;
      }
      if (taping) {
        if (this.events === this.tapePhi.length) this.growTape();
        this.tapeA[this.events] = SPIKE;
        this.tapeB[this.events] = s;
      }
      this.events++;
      refractoryEnd[j] = at + refractorySeconds[j];
      groupTime[j] = NaN; // a kick after the spike starts a new group
      next[j] = t + refractory[j] + (phiThreshold - phiReset) / model.omega(j);
      if (uniformDelay) {
        // spike s is the FIFO's entry s, due at times[s] + d0 (the engine's sum, recomputed when due)
        this.fifoTail = s + 1;
      } else {
        const end = rowStart[j + 1], first = this.firstDelayed[j];
        if (first > rowStart[j]) for (let e = rowStart[j]; e < end; e++) if (delaySeconds[e] === 0) this.kick(post[e], weight[e], at, t, e, s);
        if (first < end) pending.push(at + delaySeconds[delayOrder[first]], s, first);
      }
    }
    this.maxDeviation = maxDeviation;
  }

  /**
   * A kick of `w` on `i`, due at `due` seconds (the engine's clock), at replayed time `t` (units of tau); taped as (a, b).
   * Kicks that reach one neuron at the same instant add up in voltage before it may spike (the engine applies
   * every delivery due at t before any spike at t): the group's phase is ptc(phi0, w1 + … + wm) from the phase
   * phi0 before the first, so an excitatory kick that reaches threshold and an inhibitory one at the same
   * instant cancel as in voltage space (sequential ptc would clamp at threshold after the first).
   */
  private kick(i: number, w: number, due: number, t: number, a: number, b: number): void {
    if (due < this.refractoryEnd[i]) return; // refractory: the kick is ignored (no dependence on w or t)
    const model = this.model, next = this.next, phiThreshold = this.phiThreshold;
    const omega = model.omega(i);
    const events = this.events;
    const taping = this.taping;
    if (taping && events === this.tapePhi.length) this.growTape();
    let phi0: number, sum: number;
    if (this.groupTime[i] === due) {
      phi0 = this.groupPhi[i];
      sum = this.groupSum[i] + w;
      if (taping) this.tapeLink[events] = this.groupLast[i];
    } else {
      phi0 = phiThreshold - omega * (next[i] - t);
      sum = w;
      this.groupTime[i] = due;
      this.groupPhi[i] = phi0;
      if (taping) this.tapeLink[events] = -1;
    }
    this.groupSum[i] = sum;
    next[i] = t + (phiThreshold - model.ptc(phi0, sum, i)) / omega;
    if (taping) {
      this.groupLast[i] = events;
      this.tapePhi[events] = phi0;
      this.tapeA[events] = a;
      this.tapeB[events] = b;
    }
    this.events = events + 1;
    if (t > this.clock) this.clock = t;
  }

  private growTape(): void {
    const size = 2 * this.tapePhi.length;
    const phi = new Float64Array(size), a = new Int32Array(size), b = new Int32Array(size), link = new Int32Array(size);
    phi.set(this.tapePhi);
    a.set(this.tapeA);
    b.set(this.tapeB);
    link.set(this.tapeLink);
    this.tapePhi = phi;
    this.tapeA = a;
    this.tapeB = b;
    this.tapeLink = link;
  }
}

/** The backward sweep over one segment's tape at a time, from the last segment; adjoints carried across segments. */
class DelayedBackward implements DelayedBackwardPass {
  readonly adjoint: Float64Array;
  /** ∂L/∂T_s through deliveries that left spike s, collected before the sweep reaches s. */
  private readonly spikeAdjoint: Float64Array;
  readonly weightGradient: Float64Array;
  readonly inputGradient: Float64Array | undefined;
  uniformWeight = 0;
  private group: Int32Array = new Int32Array(8);

  constructor(
    private readonly model: NeuronModel,
    private readonly connectivity: SparseConnectivity,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
    private readonly train: SpikeTrain,
    private readonly dLossDTimes: Float64Array,
  ) {
    this.adjoint = new Float64Array(model.size);
    this.spikeAdjoint = new Float64Array(train.length);
    this.weightGradient = new Float64Array(connectivity.post.length);
    this.inputGradient = inputs === undefined ? undefined : new Float64Array(inputs.weights.length);
  }

  /** The events of the segment the replay has just taped, in reverse. */
  run(replay: DelayedReplay): void {
    const model = this.model, adjoint = this.adjoint, spikeAdjoint = this.spikeAdjoint, tau = this.tau;
    const neurons = this.train.neurons, dLossDTimes = this.dLossDTimes;
    const { post, weight } = this.connectivity;
    const inputTargets = this.inputs?.targets, inputChannels = this.inputs?.channels, inputWeights = this.inputs?.weights;
    const weightGradient = this.weightGradient, inputGradient = this.inputGradient;
    const tapePhi = replay.tapePhi, tapeA = replay.tapeA, tapeB = replay.tapeB, tapeLink = replay.tapeLink;
    let group = this.group;
    let uniformWeight = this.uniformWeight;
    for (let q = replay.events - 1; q >= 0; q--) {
      const a = tapeA[q], b = tapeB[q];
      if (a === SPIKE) {
        const j = neurons[b];
        // T_j' = T + r + const: ∂/∂T = 1; the loss; the deliveries this spike sent
        adjoint[j] = adjoint[j] + dLossDTimes[b] * tau + spikeAdjoint[b];
        continue;
      }
      const link = tapeLink[q];
      if (link === DONE) continue; // an earlier member of a group, handled with its last member
      const i = a >= 0 ? post[a] : inputTargets![b];
      const ai = adjoint[i];
      if (link === -1) {
        // a lone kick (the common case)
        if (ai === 0) continue; // nothing downstream depends on T_i yet
        const w = a >= 0 ? weight[a] : inputWeights![inputChannels![b]];
        const phi = tapePhi[q];
        const slope = model.dPtcDPhi(phi, w, i);
        adjoint[i] = ai * slope;
        const contribution = (-ai * model.dPtcDJ(phi, w, i)) / model.omega(i);
        if (a >= 0) {
          spikeAdjoint[b] += ai * (1 - slope);
          weightGradient[a] += contribution;
          uniformWeight += contribution;
        } else inputGradient![inputChannels![b]] += contribution;
        continue;
      }
      // the group of kicks at this instant on this neuron, this entry its last: group[0] = this one … the first
      let members = 0;
      for (let m = q; m >= 0; m = tapeLink[m]) {
        if (members === group.length) group = this.group = growInt(group);
        group[members++] = m;
      }
      for (let k = 1; k < members; k++) tapeLink[group[k]] = DONE;
      if (ai === 0) continue;
      let w = 0;
      for (let k = members - 1; k >= 0; k--) {
        const m = group[k];
        w += tapeA[m] >= 0 ? weight[tapeA[m]] : inputWeights![inputChannels![tapeB[m]]]; // the sum in the forward's order
      }
      const phi = tapePhi[q];
      const slope = model.dPtcDPhi(phi, w, i);
      adjoint[i] = ai * slope;
      const contribution = (-ai * model.dPtcDJ(phi, w, i)) / model.omega(i);
      // ∂T_i'/∂t = 1 − g' for the common time t = T_s + d of the deliveries; members that stay simultaneous under
      // a perturbation have senders with equal derivatives, so the first delivery among them takes it all
      let timed = -1;
      for (let k = 0; k < members && timed < 0; k++) if (tapeA[group[k]] >= 0) timed = group[k];
      if (timed >= 0) spikeAdjoint[tapeB[timed]] += ai * (1 - slope);
      for (let k = 0; k < members; k++) {
        const m = group[k], synapse = tapeA[m];
        if (synapse >= 0) {
          weightGradient[synapse] += contribution;
          uniformWeight += contribution;
        } else inputGradient![inputChannels![tapeB[m]]] += contribution;
      }
    }
    this.uniformWeight = uniformWeight;
  }
}

/** Replay state at a segment start, in exponential keys. */
interface DelayedKeyCheckpoint {
  readonly y: Float64Array;
  readonly refractoryEnd: Float64Array;
  readonly fClock: number;
  readonly rescalings: number;
  readonly input: number;
  readonly fifoHead: number;
  readonly fifoTail: number;
  readonly pending: DeliveryHeapState;
}

/**
 * The delayed replay in exponential keys (homogeneous models whose kick is a
 * translation linear in J of `w = exp(−phi/omega)`, LIF; docs/algorithm.md §8):
 * each neuron keeps `y_i = w_i F(t)` with `F(t) = exp(t − base)`, constant
 * between kicks. A kick of `J` at `F` is `y ← y + s' J F` (clamped at
 * `θ F`, `θ = exp(−phiThreshold/omega)`: spike now), a spike happens at
 * `F = y_j/θ`, the reset after a refractory period `r` is
 * `y_j = w_reset F_s e^r`, and a delivery of spike `s` through a synapse of
 * delay `d` comes at `F_s e^d`: with `e^d` and `e^r` computed once per
 * synapse and neuron, no exp or log per synaptic event. The order of events,
 * groups of simultaneous kicks and refractory checks are decided in seconds
 * exactly as in the time-frame replay. `base` grows by whole multiples of
 * `EXP_KEY_LOG_RESCALE` (every `y`, and the F of pending spikes when they are
 * delivered, scaled by the exact power of two `EXP_KEY_RESCALE`).
 */
class DelayedKeyReplay implements DelayedReplayPass {
  events = 0;
  maxDeviation = 0;
  /** The key before the kick (the group's, for simultaneous kicks). */
  tapeY = new Float64Array(16);
  /** F of the kick's instant. */
  tapeF = new Float64Array(16);
  tapeA = new Int32Array(16);
  tapeB = new Int32Array(16);
  tapeLink = new Int32Array(16);
  /** F of every spike of the train, in the base of {@link spikeScale} rescalings. */
  private readonly spikeF: Float64Array;
  private readonly spikeScale: Int32Array;
  private readonly y: Float64Array;
  private readonly refractoryEnd: Float64Array; // seconds
  private readonly groupTime: Float64Array;
  private readonly groupY: Float64Array;
  private readonly groupF: Float64Array;
  private readonly groupSum: Float64Array;
  private readonly groupLast: Int32Array;
  private readonly pending = new SpikeCursorHeap();
  /** Per-synapse delays: every row's synapses by delay, and each row's first delayed position. */
  private readonly delayOrder: Int32Array;
  private readonly firstDelayed: Int32Array;
  private readonly uniformDelay: boolean;
  private readonly d0: number;
  /** e^d (d in units of tau): one for a uniform delay, else one per synapse. */
  private readonly expDelay0: number;
  private readonly expDelay: Float64Array;
  private readonly expRefractoryReset: Float64Array;
  private readonly theta: number;
  private readonly inputCount: number;
  private fifoHead = 0;
  private fifoTail = 0;
  private input = 0;
  private fClock = 0;
  private rescalings = 0;
  private taping = false;

  constructor(
    private readonly model: ExpKeyModel,
    private readonly shiftSlope: number,
    private readonly connectivity: SparseConnectivity,
    private readonly timing: DelaysAndRefractoriness,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
    private readonly train: SpikeTrain,
  ) {
    const n = model.size;
    this.y = new Float64Array(n);
    this.refractoryEnd = new Float64Array(n).fill(-Infinity);
    this.groupTime = new Float64Array(n).fill(NaN);
    this.groupY = new Float64Array(n);
    this.groupF = new Float64Array(n);
    this.groupSum = new Float64Array(n);
    this.groupLast = new Int32Array(n);
    this.spikeF = new Float64Array(train.length);
    this.spikeScale = new Int32Array(train.length);
    this.inputCount = inputs === undefined ? 0 : inputs.times.length;
    const omega = model.omega(0);
    this.theta = Math.exp(-model.phiThreshold / omega);
    const wReset = Math.exp(-model.phiReset / omega);
    this.expRefractoryReset = Float64Array.from(timing.refractory, (r) => wReset * Math.exp(r));
    const delaySeconds = timing.delaySeconds;
    let uniformDelay = delaySeconds.length > 0 && delaySeconds[0] > 0;
    for (let e = 1; e < delaySeconds.length && uniformDelay; e++) uniformDelay = delaySeconds[e] === delaySeconds[0];
    this.uniformDelay = uniformDelay;
    this.d0 = uniformDelay ? delaySeconds[0] : 0;
    this.expDelay0 = uniformDelay ? Math.exp(timing.delay[0]) : 1;
    const sorted = uniformDelay ? undefined : delayOrderOf(connectivity, delaySeconds);
    this.delayOrder = sorted === undefined ? new Int32Array(0) : sorted.order;
    this.firstDelayed = sorted === undefined ? new Int32Array(0) : sorted.firstDelayed;
    if (sorted !== undefined && (sorted.expDelay === undefined || sorted.expDelayTau !== tau)) {
      const delay = timing.delay, expDelay = new Float64Array(delay.length);
      for (let e = 0; e < delay.length; e++) expDelay[e] = Math.exp(delay[e]);
      sorted.expDelay = expDelay;
      sorted.expDelayTau = tau;
    }
    this.expDelay = sorted === undefined ? new Float64Array(0) : sorted.expDelay!;
  }

  start(initialPhases: Float64Array): void {
    const omega = this.model.omega(0);
    for (let k = 0; k < this.y.length; k++) this.y[k] = Math.exp(-initialPhases[k] / omega); // base 0: F(0) = 1
  }

  reserve(events: number): void {
    const size = Math.max(16, events);
    this.tapeY = new Float64Array(size);
    this.tapeF = new Float64Array(size);
    this.tapeA = new Int32Array(size);
    this.tapeB = new Int32Array(size);
    this.tapeLink = new Int32Array(size);
  }

  nextDeliveryTime(): number {
    if (this.uniformDelay) return this.fifoHead < this.fifoTail ? this.train.times[this.fifoHead] + this.d0 : Infinity;
    return this.pending.size > 0 ? this.pending.topTime() : Infinity;
  }

  checkpoint(): DelayedKeyCheckpoint {
    return {
      y: this.y.slice(),
      refractoryEnd: this.refractoryEnd.slice(),
      fClock: this.fClock,
      rescalings: this.rescalings,
      input: this.input,
      fifoHead: this.fifoHead,
      fifoTail: this.fifoTail,
      pending: this.pending.save(),
    };
  }

  restore(saved: unknown): void {
    const checkpoint = saved as DelayedKeyCheckpoint;
    this.y.set(checkpoint.y);
    this.refractoryEnd.set(checkpoint.refractoryEnd);
    this.fClock = checkpoint.fClock;
    this.rescalings = checkpoint.rescalings;
    this.input = checkpoint.input;
    this.fifoHead = checkpoint.fifoHead;
    this.fifoTail = checkpoint.fifoTail;
    this.pending.load(checkpoint.pending);
    this.groupTime.fill(NaN); // no group continues across a segment start
    this.events = 0;
  }

  /** F of spike `s` in the current base. */
  private spikeFactor(s: number): number {
    let f = this.spikeF[s];
    for (let k = this.spikeScale[s]; k < this.rescalings; k++) f *= EXP_KEY_RESCALE;
    return f;
  }

  private rescale(): void {
    const y = this.y, groupY = this.groupY, groupF = this.groupF;
    for (let k = 0; k < y.length; k++) {
      y[k] *= EXP_KEY_RESCALE;
      groupY[k] *= EXP_KEY_RESCALE;
      groupF[k] *= EXP_KEY_RESCALE;
    }
    this.fClock *= EXP_KEY_RESCALE;
    this.rescalings++;
  }

  run(from: number, to: number, taping: boolean, measure: boolean): void {
    this.taping = taping;
    const neurons = this.train.neurons, times = this.train.times;
    const { rowStart, post, weight } = this.connectivity;
    const { delaySeconds, refractorySeconds } = this.timing;
    const tau = this.tau, y = this.y, pending = this.pending, theta = this.theta, expDelay = this.expDelay;
    const delayOrder = this.delayOrder;
    const inputs = this.inputs;
    const inputTimes = inputs?.times, inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
    const inputCount = this.inputCount;
    const uniformDelay = this.uniformDelay;
    const refractoryEnd = this.refractoryEnd, groupTime = this.groupTime, spikeF = this.spikeF, spikeScale = this.spikeScale;
    const groupY = this.groupY, groupF = this.groupF, groupSum = this.groupSum, groupLast = this.groupLast, shiftSlope = this.shiftSlope;
    const limit = 1 / EXP_KEY_RESCALE;
    let maxDeviation = this.maxDeviation;
    for (let s = from; s < to; s++) {
      const j = neurons[s], at = times[s];
      if (y[j] / theta > limit || this.fClock > limit) this.rescale();
      for (;;) {
        const tDelivery = uniformDelay ? (this.fifoHead < this.fifoTail ? times[this.fifoHead] + this.d0 : Infinity) : pending.size > 0 ? pending.topTime() : Infinity;
        const tInput = this.input < inputCount ? inputTimes![this.input] : Infinity;
        if (tDelivery <= tInput) {
          if (!(tDelivery <= at)) break;
          if (uniformDelay) {
            const sender = this.fifoHead++, pre = neurons[sender], f = this.spikeFactor(sender) * this.expDelay0;
            const end = rowStart[pre + 1];
            while (taping && this.events + (end - rowStart[pre]) > this.tapeY.length) this.growTape();
            // the kicks of one delivery, inlined for a lone kick (the common case): see kick()
            const thetaF = theta * f, slopeF = shiftSlope * f;
            const tapeY = this.tapeY, tapeF = this.tapeF, tapeA = this.tapeA, tapeB = this.tapeB, tapeLink = this.tapeLink;
            let events = this.events;
            for (let e = rowStart[pre]; e < end; e++) {
              const i = post[e];
              if (tDelivery < refractoryEnd[i]) continue; // refractory: ignored
              if (groupTime[i] === tDelivery) {
                this.events = events;
                this.kick(i, weight[e], tDelivery, f, e, sender);
                events = this.events;
                continue;
              }
              const y0 = y[i], w = weight[e];
              groupTime[i] = tDelivery;
              groupY[i] = y0;
              groupF[i] = f;
              groupSum[i] = w;
              const ya = y0 + slopeF * w;
              y[i] = ya <= thetaF ? thetaF : ya;
              if (taping) {
                groupLast[i] = events;
                tapeY[events] = y0;
                tapeF[events] = f;
                tapeA[events] = e;
                tapeB[events] = sender;
                tapeLink[events] = -1;
              }
              events++;
            }
            this.events = events;
            if (f > this.fClock) this.fClock = f;
          } else {
            const sender = pending.topSpike(), position = pending.topPosition(), e = delayOrder[position];
            if (position + 1 < rowStart[neurons[sender] + 1]) pending.replaceTop(times[sender] + delaySeconds[delayOrder[position + 1]], position + 1);
            else pending.pop();
            this.kick(post[e], weight[e], tDelivery, this.spikeFactor(sender) * expDelay[e], e, sender);
          }
        } else {
          if (!(tInput <= at)) break;
          const q = this.input++;
          this.kick(inputTargets![q], inputWeights![inputChannels![q]], tInput, Math.exp(tInput / tau - this.rescalings * EXP_KEY_LOG_RESCALE), INPUT, q);
        }
      }
      let f = y[j] / theta;
      if (f < this.fClock) f = this.fClock; // a kick to threshold spikes now (as the engines)
      this.fClock = f;
      spikeF[s] = f;
      spikeScale[s] = this.rescalings;
      if (measure) {
        const deviation = Math.abs((this.rescalings * EXP_KEY_LOG_RESCALE + Math.log(f)) * tau - at);
        if (!(deviation <= maxDeviation)) maxDeviation = deviation;
      }
      if (taping) {
        if (this.events === this.tapeY.length) this.growTape();
        this.tapeA[this.events] = SPIKE;
        this.tapeB[this.events] = s;
      }
      this.events++;
      refractoryEnd[j] = at + refractorySeconds[j];
      groupTime[j] = NaN; // a kick after the spike starts a new group
      y[j] = this.expRefractoryReset[j] * f;
      if (uniformDelay) {
        this.fifoTail = s + 1;
      } else {
        const end = rowStart[j + 1], first = this.firstDelayed[j];
        if (first > rowStart[j]) for (let e = rowStart[j]; e < end; e++) if (delaySeconds[e] === 0) this.kick(post[e], weight[e], at, f, e, s);
        if (first < end) pending.push(at + delaySeconds[delayOrder[first]], s, first);
      }
    }
    this.maxDeviation = maxDeviation;
  }

  /** A kick of `w` on `i` due at `due` seconds, at `F = f`; simultaneous kicks sum before the threshold clamp (as in voltage space). */
  private kick(i: number, w: number, due: number, f: number, a: number, b: number): void {
    if (due < this.refractoryEnd[i]) return; // refractory: ignored
    const events = this.events, taping = this.taping;
    if (taping && events === this.tapeY.length) this.growTape();
    let y0: number, sum: number, fGroup: number;
    if (this.groupTime[i] === due) {
      y0 = this.groupY[i];
      fGroup = this.groupF[i];
      sum = this.groupSum[i] + w;
      if (taping) this.tapeLink[events] = this.groupLast[i];
    } else {
      y0 = this.y[i];
      fGroup = f;
      sum = w;
      this.groupTime[i] = due;
      this.groupY[i] = y0;
      this.groupF[i] = f;
      if (taping) this.tapeLink[events] = -1;
    }
    this.groupSum[i] = sum;
    const thetaF = this.theta * fGroup;
    const ya = y0 + this.shiftSlope * sum * fGroup;
    this.y[i] = ya <= thetaF ? thetaF : ya;
    if (taping) {
      this.groupLast[i] = events;
      this.tapeY[events] = y0;
      this.tapeF[events] = fGroup;
      this.tapeA[events] = a;
      this.tapeB[events] = b;
    }
    this.events = events + 1;
    if (fGroup > this.fClock) this.fClock = fGroup;
  }

  private growTape(): void {
    const size = 2 * this.tapeY.length;
    const yTape = new Float64Array(size), fTape = new Float64Array(size), a = new Int32Array(size), b = new Int32Array(size), link = new Int32Array(size);
    yTape.set(this.tapeY);
    fTape.set(this.tapeF);
    a.set(this.tapeA);
    b.set(this.tapeB);
    link.set(this.tapeLink);
    this.tapeY = yTape;
    this.tapeF = fTape;
    this.tapeA = a;
    this.tapeB = b;
    this.tapeLink = link;
  }
}

/**
 * The backward sweep in exponential keys: for a kick `y_a = y_b + s' J F`
 * (time `T = base + ln(y/θ)`), `∂T_i'/∂T_i = y_b/y_a`,
 * `∂T_i'/∂t = 1 − y_b/y_a` (to the sending spike) and
 * `∂T_i'/∂J = s' F / y_a`; where the kick reaches threshold, `T_i' = t`.
 * One division per synaptic event.
 */
class DelayedKeyBackward implements DelayedBackwardPass {
  readonly adjoint: Float64Array;
  private readonly spikeAdjoint: Float64Array;
  readonly weightGradient: Float64Array;
  readonly inputGradient: Float64Array | undefined;
  uniformWeight = 0;
  private group: Int32Array = new Int32Array(8);
  private readonly theta: number;

  constructor(
    model: NeuronModel,
    private readonly shiftSlope: number,
    private readonly connectivity: SparseConnectivity,
    private readonly inputs: InputEvents | undefined,
    private readonly tau: number,
    private readonly train: SpikeTrain,
    private readonly dLossDTimes: Float64Array,
  ) {
    this.adjoint = new Float64Array(model.size);
    this.spikeAdjoint = new Float64Array(train.length);
    this.weightGradient = new Float64Array(connectivity.post.length);
    this.inputGradient = inputs === undefined ? undefined : new Float64Array(inputs.weights.length);
    this.theta = Math.exp(-model.phiThreshold / model.omega(0));
  }

  run(replay: DelayedKeyReplay): void {
    const adjoint = this.adjoint, spikeAdjoint = this.spikeAdjoint, tau = this.tau, theta = this.theta, shiftSlope = this.shiftSlope;
    const neurons = this.train.neurons, dLossDTimes = this.dLossDTimes;
    const { post, weight } = this.connectivity;
    const inputTargets = this.inputs?.targets, inputChannels = this.inputs?.channels, inputWeights = this.inputs?.weights;
    const weightGradient = this.weightGradient, inputGradient = this.inputGradient;
    const tapeY = replay.tapeY, tapeF = replay.tapeF, tapeA = replay.tapeA, tapeB = replay.tapeB, tapeLink = replay.tapeLink;
    let group = this.group;
    let uniformWeight = this.uniformWeight;
    for (let q = replay.events - 1; q >= 0; q--) {
      const a = tapeA[q], b = tapeB[q];
      if (a === SPIKE) {
        const j = neurons[b];
        adjoint[j] = adjoint[j] + dLossDTimes[b] * tau + spikeAdjoint[b];
        continue;
      }
      const link = tapeLink[q];
      if (link === DONE) continue;
      const i = a >= 0 ? post[a] : inputTargets![b];
      const ai = adjoint[i];
      let w: number;
      let timed = a >= 0 ? q : -1; // the tape entry whose sender takes ∂T_i'/∂t
      let members = 1;
      if (link === -1) {
        if (ai === 0) continue; // nothing downstream depends on T_i yet
        w = a >= 0 ? weight[a] : inputWeights![inputChannels![b]];
      } else {
        // the group of kicks at this instant on this neuron, this entry its last: group[0] = this one … the first
        members = 0;
        for (let m = q; m >= 0; m = tapeLink[m]) {
          if (members === group.length) group = this.group = growInt(group);
          group[members++] = m;
        }
        for (let k = 1; k < members; k++) tapeLink[group[k]] = DONE;
        if (ai === 0) continue;
        w = 0;
        for (let k = members - 1; k >= 0; k--) {
          const m = group[k];
          w += tapeA[m] >= 0 ? weight[tapeA[m]] : inputWeights![inputChannels![tapeB[m]]]; // the sum in the forward's order
        }
        timed = -1;
        for (let k = 0; k < members && timed < 0; k++) if (tapeA[group[k]] >= 0) timed = group[k];
      }
      const yb = tapeY[q], f = tapeF[q];
      const ya = yb + shiftSlope * w * f;
      if (ya <= theta * f) {
        // kicked to threshold: T_i' = t, the deliveries' time
        adjoint[i] = 0;
        if (timed >= 0) spikeAdjoint[tapeB[timed]] += ai;
        continue;
      }
      const inverse = 1 / ya;
      const slope = yb * inverse;
      adjoint[i] = ai * slope;
      const contribution = ai * shiftSlope * f * inverse;
      if (timed >= 0) spikeAdjoint[tapeB[timed]] += ai * (1 - slope);
      if (members === 1) {
        if (a >= 0) {
          weightGradient[a] += contribution;
          uniformWeight += contribution;
        } else inputGradient![inputChannels![b]] += contribution;
      } else {
        for (let k = 0; k < members; k++) {
          const m = group[k], synapse = tapeA[m];
          if (synapse >= 0) {
            weightGradient[synapse] += contribution;
            uniformWeight += contribution;
          } else inputGradient![inputChannels![tapeB[m]]] += contribution;
        }
      }
    }
    this.uniformWeight = uniformWeight;
  }
}

function growInt(array: Int32Array): Int32Array {
  const bigger = new Int32Array(2 * array.length);
  bigger.set(array);
  return bigger;
}

/** A copy of a {@link SpikeCursorHeap}'s entries (in heap order). */
interface DeliveryHeapState {
  readonly time: Float64Array;
  readonly spike: Int32Array;
  readonly position: Int32Array;
}

/**
 * Pending deliveries with per-synapse delays: one entry per spike in flight,
 * a cursor into its synapses sorted by delay (`delayOrder`), keyed by the due
 * time of the cursor's synapse; a binary min-heap by (time, spike). A
 * delivery advances its spike's cursor in place (one sift-down), so the heap
 * holds the spikes in flight, not their K deliveries each, and deliveries
 * leave in (time, spike, CSR) order, the order in which they were sent.
 */
class SpikeCursorHeap {
  size = 0;
  private time = new Float64Array(64);
  private spike = new Int32Array(64);
  private position = new Int32Array(64);

  topTime(): number {
    return this.time[0];
  }

  topSpike(): number {
    return this.spike[0];
  }

  topPosition(): number {
    return this.position[0];
  }

  save(): DeliveryHeapState {
    const size = this.size;
    return { time: this.time.slice(0, size), spike: this.spike.slice(0, size), position: this.position.slice(0, size) };
  }

  load(state: DeliveryHeapState): void {
    const size = state.time.length;
    while (this.time.length < size) this.grow();
    this.time.set(state.time);
    this.spike.set(state.spike);
    this.position.set(state.position);
    this.size = size;
  }

  push(t: number, s: number, position: number): void {
    if (this.size === this.time.length) this.grow();
    const time = this.time, spike = this.spike;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!(t < time[parent] || (t === time[parent] && s < spike[parent]))) break;
      this.move(parent, k);
      k = parent;
    }
    this.set(k, t, s, position);
  }

  /** The top spike's cursor moves on to its synapse at `position`, due at `t` (≥ the top's time). */
  replaceTop(t: number, position: number): void {
    this.siftDown(t, this.spike[0], position, this.size);
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    this.siftDown(this.time[last], this.spike[last], this.position[last], last);
  }

  private siftDown(t: number, s: number, position: number, size: number): void {
    const time = this.time, spike = this.spike;
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (time[right] < time[child] || (time[right] === time[child] && spike[right] < spike[child]))) child = right;
      if (!(time[child] < t || (time[child] === t && spike[child] < s))) break;
      this.move(child, k);
      k = child;
    }
    this.set(k, t, s, position);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.spike[to] = this.spike[from];
    this.position[to] = this.position[from];
  }

  private set(k: number, t: number, s: number, position: number): void {
    this.time[k] = t;
    this.spike[k] = s;
    this.position[k] = position;
  }

  private grow(): void {
    const size = 2 * this.time.length;
    const time = new Float64Array(size), spike = new Int32Array(size), position = new Int32Array(size);
    time.set(this.time);
    spike.set(this.spike);
    position.set(this.position);
    this.time = time;
    this.spike = spike;
    this.position = position;
  }
}

interface DelayOrder {
  readonly delaySeconds: Float64Array;
  readonly order: Int32Array;
  readonly firstDelayed: Int32Array;
  /** e^d per synapse (d in units of {@link expDelayTau}), computed by the first key replay that needs it. */
  expDelay?: Float64Array;
  expDelayTau?: number;
}

/** The last delay order computed for a connectivity (training calls the gradients of one network again and again). */
const delayOrders = new WeakMap<SparseConnectivity, DelayOrder>();

/**
 * Every row's synapses sorted by delay (ties in CSR order), as positions in
 * the row's CSR range; and per neuron the first position with a delay > 0.
 * Sorting costs O(N K²) at worst (seconds at N K = 1e7), so the result is
 * kept per connectivity with a copy of the delays it was sorted for, and
 * reused while the delays are equal (one O(N K) comparison per call).
 */
function delayOrderOf(connectivity: SparseConnectivity, delaySeconds: Float64Array): DelayOrder {
  const cached = delayOrders.get(connectivity);
  if (cached !== undefined && cached.delaySeconds.length === delaySeconds.length) {
    const saved = cached.delaySeconds;
    let same = true;
    for (let e = 0; e < saved.length && same; e++) same = saved[e] === delaySeconds[e];
    if (same) return cached;
  }
  const sorted = sortByDelay(connectivity, delaySeconds);
  delayOrders.set(connectivity, sorted);
  return sorted;
}

function sortByDelay(connectivity: SparseConnectivity, delaySeconds: Float64Array): DelayOrder {
  const { rowStart } = connectivity;
  const n = rowStart.length - 1;
  const order = new Int32Array(delaySeconds.length), firstDelayed = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const start = rowStart[j], end = rowStart[j + 1];
    // insertion sort: rows are short (K), often already in order
    for (let e = start; e < end; e++) {
      const d = delaySeconds[e];
      let k = e;
      while (k > start && delaySeconds[order[k - 1]] > d) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = e;
    }
    let first = start;
    while (first < end && delaySeconds[order[first]] === 0) first++;
    firstDelayed[j] = first;
  }
  return { delaySeconds: delaySeconds.slice(), order, firstDelayed };
}
