import { InvalidParameterError, type NeuronModel, SparseConnectivity, type SpikeTrain } from '@sparseprop/core/plugin';
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
/** A tape link marking a group member already handled. */
const DONE = -2;

/** Result of {@link delayedGradients} (the fields {@link spikeTimeGradients} returns). */
export interface DelayedGradientResult {
  readonly weights: Float64Array;
  readonly uniformWeight: number;
  readonly initialPhases: Float64Array;
  readonly inputWeights: Float64Array | undefined;
  readonly maxReplayDeviation: number;
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
 * time order (a binary heap of pending deliveries, O(log P) each). A kick at
 * `t` on `i` maps `T_i' = t + (phiThreshold − ptc(phi, w))/omega_i` with
 * `phi = phiThreshold − omega_i (T_i − t)`; after a spike,
 * `T_j' = T + r_j + (phiThreshold − phiReset)/omega_j`. Backward: the
 * adjoints of the next spike times go back through the events in reverse;
 * a delivery adds `a_i (1 − g')` to the adjoint of the spike that sent it
 * (`t = T_s + d`), kept per spike until the sweep reaches that spike. The
 * gradient holds while no event changes order and no kick crosses the end of
 * a refractory period (as every exact event-based gradient).
 *
 * Memory: the whole tape, 20 bytes per applied event and per spike (phase,
 * synapse or input index, sending spike, link to the previous kick of the
 * same instant), plus 16 bytes per spike (replayed time, adjoint); no
 * segmenting.
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
): DelayedGradientResult {
  const n = model.size, spikes = train.length;
  const neurons = train.neurons, times = train.times;
  const { rowStart, post, weight } = connectivity;
  const delay = timing.delay, refractory = timing.refractory; // units of tau
  const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
  const inputTimes = inputs?.times, inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
  const inputCount = inputTimes === undefined ? 0 : inputTimes.length;
  const maxEvents = spikes * (1 + connectivity.maxOutDegree) + inputCount;
  if (TAPE_BYTES * maxEvents > tapeBudgetBytes) {
    throw new InvalidParameterError('tapeBudgetBytes', tapeBudgetBytes, `at least ${TAPE_BYTES * maxEvents} bytes: with delays or refractoriness the whole tape (${TAPE_BYTES} bytes per event) is kept`);
  }

  // ---- replay ----
  // The order of events is decided as the engine decides it, in seconds from the recorded spike times
  // (a delivery is due at t_s + d, computed as the engine does; a refractory period ends at t_s + r; every
  // delivery and input due at or before a spike's time goes first), so exact ties (a neuron pinned by a
  // delivery whose next free spike meets the next delivery, simultaneous deliveries) resolve as in the
  // forward; the values (phases, spike times) are replayed in units of tau, and differentiated.
  const replayStart = performance.now();
  const { delaySeconds, refractorySeconds } = timing;
  const next = new Float64Array(n);
  const spikeValue = new Float64Array(spikes); // replayed spike times (units of tau)
  const refractoryEnd = new Float64Array(n).fill(-Infinity); // seconds
  for (let k = 0; k < n; k++) next[k] = (phiThreshold - initialPhases[k]) / model.omega(k);
  const tapePhi = new Float64Array(Math.max(16, maxEvents));
  const tapeA = new Int32Array(tapePhi.length), tapeB = new Int32Array(tapePhi.length);
  let events = 0;
  const pending = new DeliveryHeap();
  // one delay d > 0 for every synapse (the common case): deliveries leave in spike order, all of a spike's
  // synapses at once (as the engine's FIFO): one queue entry per spike instead of K heap entries
  let uniformDelay = delaySeconds.length > 0 && delaySeconds[0] > 0 && process.env.NOFIFO === undefined;
  for (let e = 1; e < delaySeconds.length && uniformDelay; e++) uniformDelay = delaySeconds[e] === delaySeconds[0];
  const d0 = uniformDelay ? delaySeconds[0] : 0, d0Tau = uniformDelay ? delay[0] : 0;
  const fifoTime = new Float64Array(uniformDelay ? spikes : 0), fifoSpike = new Int32Array(uniformDelay ? spikes : 0);
  let fifoHead = 0, fifoTail = 0;
  let input = 0, clock = -Infinity, maxDeviation = 0;

  // Kicks that reach one neuron at the same instant add up in voltage before it may spike (the engine applies
  // every delivery due at t before any spike at t): the group's phase is ptc(phi0, w1 + … + wm) from the phase
  // phi0 before the first, so an excitatory kick that reaches threshold and an inhibitory one at the same
  // instant cancel as in voltage space (sequential ptc would clamp at threshold after the first).
  const groupTime = new Float64Array(n).fill(NaN), groupPhi = new Float64Array(n), groupSum = new Float64Array(n);
  const groupLast = new Int32Array(n);
  const tapeLink = new Int32Array(tapePhi.length); // previous member of the same group (tape index), or −1

  /** A kick of `w` on `i`, due at `due` seconds (the engine's clock), at replayed time `t` (units of tau); taped as (a, b). */
  const kick = (i: number, w: number, due: number, t: number, a: number, b: number) => {
    if (due < refractoryEnd[i]) return; // refractory: the kick is ignored (no dependence on w or t)
    const omega = model.omega(i);
    let phi0: number, sum: number;
    if (groupTime[i] === due) {
      phi0 = groupPhi[i];
      sum = groupSum[i] + w;
      tapeLink[events] = groupLast[i];
    } else {
      phi0 = phiThreshold - omega * (next[i] - t);
      sum = w;
      groupTime[i] = due;
      groupPhi[i] = phi0;
      tapeLink[events] = -1;
    }
    groupSum[i] = sum;
    groupLast[i] = events;
    next[i] = t + (phiThreshold - model.ptc(phi0, sum, i)) / omega;
    tapePhi[events] = phi0;
    tapeA[events] = a;
    tapeB[events] = b;
    events++;
    if (t > clock) clock = t;
  };

  for (let s = 0; s < spikes; s++) {
    const j = neurons[s], at = times[s];
    // every delivery and input due at or before this spike, in the engine's order
    for (;;) {
      const tDelivery = uniformDelay ? (fifoHead < fifoTail ? fifoTime[fifoHead] : Infinity) : pending.size > 0 ? pending.topTime() : Infinity;
      const tInput = input < inputCount ? inputTimes![input] : Infinity;
      if (tDelivery <= tInput) {
        if (!(tDelivery <= at)) break;
        if (uniformDelay) {
          const from = fifoSpike[fifoHead++], pre = neurons[from], t = spikeValue[from] + d0Tau;
          for (let e = rowStart[pre]; e < rowStart[pre + 1]; e++) kick(post[e], weight[e], tDelivery, t, e, from);
        } else {
          const e = pending.topSynapse(), from = pending.topSpike();
          pending.pop();
          kick(post[e], weight[e], tDelivery, spikeValue[from] + delay[e], e, from);
        }
      } else {
        if (!(tInput <= at)) break;
        kick(inputTargets![input], inputWeights![inputChannels![input]], tInput, tInput / tau, INPUT, input);
        input++;
      }
    }
    const t = next[j] > clock ? next[j] : clock; // a kick to threshold spikes now (as the engines)
    clock = t;
    spikeValue[s] = t;
    const deviation = Math.abs(t * tau - at);
    if (!(deviation <= maxDeviation)) maxDeviation = deviation;
    tapeA[events] = SPIKE;
    tapeB[events] = s;
    events++;
    refractoryEnd[j] = at + refractorySeconds[j];
    groupTime[j] = NaN; // a kick after the spike starts a new group
    next[j] = t + refractory[j] + (phiThreshold - phiReset) / model.omega(j);
    if (uniformDelay) {
      fifoTime[fifoTail] = at + d0;
      fifoSpike[fifoTail++] = s;
    } else {
      for (let e = rowStart[j]; e < rowStart[j + 1]; e++) {
        if (delaySeconds[e] === 0) kick(post[e], weight[e], at, t, e, s);
        else pending.push(at + delaySeconds[e], e, s);
      }
    }
  }
  const replayMs = performance.now() - replayStart;

  // ---- backward ----
  const backwardStart = performance.now();
  const adjoint = new Float64Array(n);
  const spikeAdjoint = new Float64Array(spikes); // ∂L/∂T_s through deliveries that left spike s, collected before the sweep reaches s
  const weightGradient = new Float64Array(post.length);
  const inputGradient = inputs === undefined ? undefined : new Float64Array(inputs.weights.length);
  let uniformWeight = 0;
  let group: Int32Array = new Int32Array(8);
  const kickWeight = (m: number) => (tapeA[m] >= 0 ? weight[tapeA[m]] : inputWeights![inputChannels![tapeB[m]]]);
  for (let q = events - 1; q >= 0; q--) {
    const a = tapeA[q], b = tapeB[q];
    if (a === SPIKE) {
      const j = neurons[b];
      // T_j' = T + r + const: ∂/∂T = 1; the loss; the deliveries this spike sent
      adjoint[j] = adjoint[j] + dLossDTimes[b] * tau + spikeAdjoint[b];
      continue;
    }
    const link = tapeLink[q];
    if (link === DONE) continue; // an earlier member of a group, handled with its last member
    // the group of kicks at this instant on this neuron, this entry its last: group[0] = this one … the first
    let members = 0;
    for (let m = q; m >= 0; m = tapeLink[m]) {
      if (members === group.length) group = growInt(group);
      group[members++] = m;
    }
    for (let k = 1; k < members; k++) tapeLink[group[k]] = DONE;
    const i = a >= 0 ? post[a] : inputTargets![b];
    const ai = adjoint[i];
    if (ai === 0) continue; // nothing downstream depends on T_i yet
    let w = 0;
    for (let k = members - 1; k >= 0; k--) w += kickWeight(group[k]); // the sum in the forward's order
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
  const phaseGradient = new Float64Array(n);
  for (let k = 0; k < n; k++) phaseGradient[k] = -adjoint[k] / model.omega(k); // T_k(0) = (phiThreshold − phi_k(0)) / omega_k
  return {
    weights: weightGradient,
    uniformWeight,
    initialPhases: phaseGradient,
    inputWeights: inputGradient,
    maxReplayDeviation: maxDeviation,
    replaySeconds: replayMs / 1000,
    backwardSeconds: (performance.now() - backwardStart) / 1000,
  };
}

function growInt(array: Int32Array): Int32Array {
  const bigger = new Int32Array(2 * array.length);
  bigger.set(array);
  return bigger;
}

/** Pending deliveries: a binary min-heap by (time, insertion order), growable typed arrays. */
class DeliveryHeap {
  size = 0;
  private time = new Float64Array(64);
  private order = new Float64Array(64);
  private synapse = new Int32Array(64);
  private spike = new Int32Array(64);
  private pushed = 0;

  topTime(): number {
    return this.time[0];
  }

  topSynapse(): number {
    return this.synapse[0];
  }

  topSpike(): number {
    return this.spike[0];
  }

  push(t: number, e: number, s: number): void {
    if (this.size === this.time.length) this.grow();
    let k = this.size++;
    const order = this.pushed++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.before(t, order, parent)) break;
      this.move(parent, k);
      k = parent;
    }
    this.set(k, t, order, e, s);
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const t = this.time[last], order = this.order[last], e = this.synapse[last], s = this.spike[last];
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= last) break;
      if (child + 1 < last && this.lessAt(child + 1, child)) child++;
      if (!this.lessThan(child, t, order)) break;
      this.move(child, k);
      k = child;
    }
    this.set(k, t, order, e, s);
  }

  private before(t: number, order: number, k: number): boolean {
    return t < this.time[k] || (t === this.time[k] && order < this.order[k]);
  }

  private lessThan(k: number, t: number, order: number): boolean {
    return this.time[k] < t || (this.time[k] === t && this.order[k] < order);
  }

  private lessAt(a: number, b: number): boolean {
    return this.time[a] < this.time[b] || (this.time[a] === this.time[b] && this.order[a] < this.order[b]);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.order[to] = this.order[from];
    this.synapse[to] = this.synapse[from];
    this.spike[to] = this.spike[from];
  }

  private set(k: number, t: number, order: number, e: number, s: number): void {
    this.time[k] = t;
    this.order[k] = order;
    this.synapse[k] = e;
    this.spike[k] = s;
  }

  private grow(): void {
    const size = 2 * this.time.length;
    const time = new Float64Array(size), order = new Float64Array(size), synapse = new Int32Array(size), spike = new Int32Array(size);
    time.set(this.time);
    order.set(this.order);
    synapse.set(this.synapse);
    spike.set(this.spike);
    this.time = time;
    this.order = order;
    this.synapse = synapse;
    this.spike = spike;
  }
}
