import type { CompiledNetwork, InputSource, NetworkProjection, StepCurrent } from '../../contracts/compiled-network.js';
import type { EventQueue } from '../../contracts/event-queue.js';
import type { EngineState, RunOptions, RunSummary, VoltageSimulator } from '../../contracts/simulator.js';
import type { VoltageDynamics } from '../../contracts/voltage-dynamics.js';
import { InvalidParameterError, NonFiniteStateError, RunawayExcitationError, SparsePropError } from '../../errors/errors.js';
import { checkEngineState, queueKeys } from '../engine-state.js';
import { runLimits, summarize } from '../run-limits.js';
import { checkCompiledNetwork } from './check-network.js';
import { DelayFifo, DeliveryHeap } from './delivery-buffers.js';

/** Which pending-event stream is due next (see {@link NetworkSimulator.run}). */
const NONE = 0, FIFO = 1, HEAP = 2, INPUT = 3, STEP = 4;

/**
 * The event-driven engine for {@link CompiledNetwork}s: E/I populations,
 * sub- and suprathreshold drives, delays, refractoriness, external inputs and
 * step currents, exact in voltage space.
 *
 * State per neuron: its voltage `v_i` at its last update time `t_i`
 * (seconds) and its next spike time without input,
 * `t_i + tau · timeToThreshold(v_i)` (`+Infinity` when it never reaches
 * threshold), held in an {@link EventQueue} from any queue plugin. A delivery
 * to neuron `i` at time `t` evolves only that neuron exactly from `t_i` to
 * `t` (`VoltageDynamics.freeVoltage`), adds the weight and moves its key:
 * O(log N). Deliveries of a projection with one delay `d > 0` wait in a
 * FIFO per distinct delay (one entry per spike, O(1)); per-synapse delays
 * wait in a small binary heap; zero-delay deliveries are applied at the
 * spike. External streams ({@link InputSource}) and step currents are merged
 * by time.
 *
 * **Event order at one instant** (the rule of {@link CompiledNetwork}, which
 * the O(N) reference follows too): every delivery due at `t` is applied
 * before any spike at `t` (a pending delivery wins a tie with the queue);
 * then the neurons at threshold spike one at a time, lowest index first (the
 * queue's tie rule), each one's zero-delay deliveries applied before the
 * next is chosen.
 *
 * **Refractoriness.** A neuron spiking at `t` gets `v = vReset` and
 * `t_i = t + refractory`: an input before `t_i` is ignored, one at exactly
 * `t_i` is applied.
 *
 * Cost: O(log N) per delivered synaptic event and per external kick, plus
 * the projection's target generation per spike; the hot loop allocates
 * nothing (typed arrays, growable buffers that double).
 */
export class NetworkSimulator implements VoltageSimulator {
  readonly kind = 'network';
  readonly size: number;
  private readonly tau: number;
  private readonly v: Float64Array;
  private readonly tLast: Float64Array;
  private readonly drive: Float64Array;
  private readonly refractory: Float64Array;
  private readonly populationOf: Uint16Array;
  private readonly dynamics: VoltageDynamics[];
  private readonly projections: NetworkProjection[];
  /** Per projection: index of its FIFO, or -1 (zero delay or per-synapse delays). */
  private readonly fifoOf: Int32Array;
  /** Per projection: its delay (seconds), or -1 when per synapse. */
  private readonly delayOf: Float64Array;
  private readonly fifos: DelayFifo[];
  private readonly heap = new DeliveryHeap();
  private readonly inputs: InputSource[];
  /** The network's own input streams, forked afresh on restore. */
  private readonly inputOrigins: readonly InputSource[];
  /** Events consumed from each input stream (a restore forks the stream and skips as many). */
  private readonly inputsConsumed: Float64Array;
  private readonly steps: readonly StepCurrent[];
  private stepAt = 0;
  /** Per presynaptic index (network and source neurons): its group (population or source population). */
  private readonly groupOf: Uint16Array;
  /** Per group: the projections leaving it. */
  private readonly groupProjections: Int32Array[];
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  private readonly delays: Float64Array;
  private now = 0;
  private lastSpikeTime = -Infinity;
  private spikesAtInstant = 0;
  /** Synaptic deliveries and external kicks applied so far (for cost per event). */
  deliveries = 0;

  /**
   * @param network the network (checked first; nothing is allocated for an invalid one)
   * @param queue an empty queue over `network.size` neurons, from any queue plugin
   */
  constructor(
    network: CompiledNetwork,
    private readonly queue: EventQueue,
  ) {
    checkCompiledNetwork(network);
    const n = network.size;
    if (queue.size !== n) throw new InvalidParameterError('queue.size', queue.size, `equal to network.size (${n})`);
    if (network.populations.length + network.sources.length > 65535) {
      throw new InvalidParameterError('populations', network.populations.length + network.sources.length, 'at most 65535 populations and source populations');
    }
    this.size = n;
    this.tau = network.tau;
    this.v = Float64Array.from(network.initialVoltage);
    this.tLast = new Float64Array(n);
    this.drive = Float64Array.from(network.drive);
    this.refractory = network.refractory;
    this.populationOf = new Uint16Array(n);
    this.groupOf = new Uint16Array(n + network.sourceCount);
    this.dynamics = [];
    const groups: [number, number][] = [];
    for (const population of network.populations) {
      this.populationOf.fill(this.dynamics.length, population.start, population.end);
      this.groupOf.fill(groups.length, population.start, population.end);
      this.dynamics.push(population.dynamics);
      groups.push([population.start, population.end]);
    }
    for (const source of network.sources) {
      this.groupOf.fill(groups.length, source.start, source.end);
      groups.push([source.start, source.end]);
    }
    this.projections = [...network.projections];
    const p = this.projections.length;
    this.fifoOf = new Int32Array(p).fill(-1);
    this.delayOf = new Float64Array(p).fill(-1);
    this.fifos = [];
    const leaving: number[][] = groups.map(() => []);
    let maxOut = 1;
    for (let q = 0; q < p; q++) {
      const projection = this.projections[q];
      maxOut = Math.max(maxOut, projection.maxOutDegree);
      const d = projection.delay;
      if (d !== undefined) {
        this.delayOf[q] = d;
        if (d > 0) {
          let f = this.fifos.findIndex((fifo) => fifo.delay === d);
          if (f < 0) f = this.fifos.push(new DelayFifo(d)) - 1;
          this.fifoOf[q] = f;
        }
      }
      for (let g = 0; g < groups.length; g++) {
        const [a, b] = groups[g];
        if (projection.sourceStart < b && projection.sourceEnd > a) {
          if (projection.sourceStart > a || projection.sourceEnd < b) {
            throw new InvalidParameterError(`projections.${projection.name}.source`, `[${projection.sourceStart}, ${projection.sourceEnd})`, 'whole populations (a range that does not split one)');
          }
          leaving[g].push(q);
        }
      }
    }
    this.groupProjections = leaving.map((list) => Int32Array.from(list));
    this.targets = new Int32Array(maxOut);
    this.weights = new Float64Array(maxOut);
    this.delays = new Float64Array(maxOut);
    this.inputOrigins = network.inputs;
    this.inputs = network.inputs.map((input) => input.fork());
    this.inputsConsumed = new Float64Array(network.inputs.length);
    this.steps = network.stepCurrents;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.nextSpike(i);
    queue.build(keys);
  }

  get timeSeconds(): number {
    return this.now;
  }

  /** Voltage of neuron `i` at the current time, computed exactly from its state. */
  voltage(i: number): number {
    const tl = this.tLast[i];
    if (this.now <= tl) return this.v[i]; // refractory (holds vReset) or updated now
    return this.dynamics[this.populationOf[i]].freeVoltage(this.v[i], (this.now - tl) / this.tau, this.drive[i]);
  }

  /** Voltage of every neuron at the current time (threshold units). */
  voltages(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.voltage(i);
    return out;
  }

  /** Not defined in voltage space: use {@link voltages}. */
  phases(): Float64Array {
    throw new SparsePropError('a voltage-space network has no phases: read voltages() instead');
  }

  /** Not defined in voltage space. */
  setPhases(): void {
    throw new SparsePropError('a voltage-space network has no phases to set: give initialVoltage in the network');
  }

  /**
   * The exact state (checkpoints): the time, every neuron's voltage, last
   * update time, drive and queue key, the pending delayed deliveries (FIFOs
   * in order, the per-synapse heap in its stored order) and how far each
   * input stream and the step currents have got. Input streams are restored
   * by replaying them from their start: O(events consumed), exact.
   */
  saveState(): EngineState {
    const numbers: Record<string, number> = {
      now: this.now,
      spikesAtInstant: this.spikesAtInstant,
      stepAt: this.stepAt,
      deliveries: this.deliveries,
    };
    if (Number.isFinite(this.lastSpikeTime)) numbers.lastSpikeTime = this.lastSpikeTime;
    const arrays: Record<string, Float64Array> = {
      v: this.v.slice(),
      tLast: this.tLast.slice(),
      drive: this.drive.slice(),
      keys: queueKeys(this.queue, this.size),
      inputsConsumed: this.inputsConsumed.slice(),
    };
    this.fifos.forEach((fifo, f) => {
      const snapshot = fifo.snapshot();
      arrays[`fifo${f}Time`] = snapshot.time;
      arrays[`fifo${f}Pre`] = snapshot.pre;
      arrays[`fifo${f}Projection`] = snapshot.projection;
    });
    const heap = this.heap.snapshot();
    arrays.heapTime = heap.time;
    arrays.heapTarget = heap.target;
    arrays.heapWeight = heap.weight;
    return { engine: this.kind, numbers, arrays };
  }

  restoreState(state: EngineState): void {
    checkEngineState(state, this.kind, ['now', 'spikesAtInstant', 'stepAt', 'deliveries'], ['v', 'tLast', 'drive', 'keys'], this.size);
    const a = state.arrays;
    const consumed = a.inputsConsumed;
    if (!(consumed instanceof Float64Array) || consumed.length !== this.inputs.length) {
      throw new InvalidParameterError('state.arrays.inputsConsumed', consumed?.length, `a Float64Array of length ${this.inputs.length} (one per input stream of this network)`);
    }
    const parts = (names: readonly string[]): Float64Array[] => {
      const arrays = names.map((name) => a[name]);
      arrays.forEach((array, k) => {
        if (!(array instanceof Float64Array) || array.length !== arrays[0].length) throw new InvalidParameterError(`state.arrays.${names[k]}`, array?.length, `a Float64Array as long as state.arrays.${names[0]}`);
      });
      return arrays;
    };
    this.fifos.forEach((fifo, f) => {
      const [time, pre, projection] = parts([`fifo${f}Time`, `fifo${f}Pre`, `fifo${f}Projection`]);
      fifo.restore(time, pre, projection);
    });
    const [heapTime, heapTarget, heapWeight] = parts(['heapTime', 'heapTarget', 'heapWeight']);
    this.heap.restore(heapTime, heapTarget, heapWeight);
    for (let k = 0; k < this.inputs.length; k++) {
      const input = this.inputOrigins[k].fork();
      for (let e = 0; e < consumed[k]; e++) input.pop();
      this.inputs[k] = input;
      this.inputsConsumed[k] = consumed[k];
    }
    this.v.set(a.v);
    this.tLast.set(a.tLast);
    this.drive.set(a.drive);
    this.queue.build(a.keys.slice());
    this.now = state.numbers.now;
    this.spikesAtInstant = state.numbers.spikesAtInstant;
    this.stepAt = state.numbers.stepAt;
    this.deliveries = state.numbers.deliveries;
    this.lastSpikeTime = Number.isFinite(state.numbers.lastSpikeTime) ? state.numbers.lastSpikeTime : -Infinity;
  }

  private nextSpike(i: number): number {
    return this.tLast[i] + this.tau * this.dynamics[this.populationOf[i]].timeToThreshold(this.v[i], this.drive[i]);
  }

  /** Voltage jump `w` on neuron `i` at time `t` (≥ its last update unless refractory). */
  private kick(i: number, w: number, t: number): void {
    const tl = this.tLast[i];
    if (t < tl) return; // refractory: input ignored
    const dyn = this.dynamics[this.populationOf[i]];
    let v = this.v[i];
    if (t > tl) {
      v = dyn.freeVoltage(v, (t - tl) / this.tau, this.drive[i]);
      this.tLast[i] = t;
    }
    v += w;
    this.v[i] = v;
    const key = t + this.tau * dyn.timeToThreshold(v, this.drive[i]);
    // a neuron that cannot fire without input keeps the key +Infinity: no queue work
    if (key !== this.queue.key(i)) this.queue.update(i, key);
  }

  /** Apply every synapse of `projection` from `pre` now (time `t`). */
  private deliverAll(projection: NetworkProjection, pre: number, t: number): void {
    const targets = this.targets, weights = this.weights;
    const count = projection.targetsOf(pre, targets, weights, this.delays);
    for (let s = 0; s < count; s++) this.kick(targets[s], weights[s], t);
    this.deliveries += count;
  }

  /** Route a spike of presynaptic index `pre` at time `t` through every projection leaving it. */
  private fanOut(pre: number, t: number): void {
    const list = this.groupProjections[this.groupOf[pre]];
    for (let k = 0; k < list.length; k++) {
      const q = list[k];
      const f = this.fifoOf[q];
      if (f >= 0) {
        this.fifos[f].push(t + this.delayOf[q], pre, q);
      } else if (this.delayOf[q] === 0) {
        this.deliverAll(this.projections[q], pre, t);
      } else {
        const projection = this.projections[q];
        const targets = this.targets, weights = this.weights, delays = this.delays;
        const count = projection.targetsOf(pre, targets, weights, delays);
        for (let s = 0; s < count; s++) {
          const d = delays[s];
          if (d === 0) {
            this.kick(targets[s], weights[s], t);
            this.deliveries++;
          } else if (d > 0 && d < Infinity) {
            this.heap.push(t + d, targets[s], weights[s]);
          } else {
            throw new InvalidParameterError(`projections.${projection.name}.delay (synapse ${pre} -> ${targets[s]})`, d, 'a finite number ≥ 0 (seconds)');
          }
        }
      }
    }
  }

  run(options: RunOptions): RunSummary {
    const startSeconds = this.now;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    const queue = this.queue, fifos = this.fifos, heap = this.heap, inputs = this.inputs, steps = this.steps;
    const nFifos = fifos.length, nInputs = inputs.length, n = this.size;
    let spikes = 0, nextProgress = progressEvery;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      // the earliest pending delivery, external event or step current
      let tD = Infinity, which = NONE, at = 0;
      for (let f = 0; f < nFifos; f++) {
        const t = fifos[f].headTime();
        if (t < tD) { tD = t; which = FIFO; at = f; }
      }
      const th = heap.topTime();
      if (th < tD) { tD = th; which = HEAP; }
      for (let k = 0; k < nInputs; k++) {
        const t = inputs[k].peekTime();
        if (t < tD) { tD = t; which = INPUT; at = k; }
      }
      if (this.stepAt < steps.length && steps[this.stepAt].timeSeconds < tD) { tD = steps[this.stepAt].timeSeconds; which = STEP; }
      const tQ = queue.peekKey();
      if (tD <= tQ) {
        if (which === NONE || tD > maxTimeSeconds) break;
        this.now = tD;
        if (which === FIFO) {
          const fifo = fifos[at];
          const pre = fifo.headPre(), q = fifo.headProjection();
          fifo.pop();
          this.deliverAll(this.projections[q], pre, tD);
        } else if (which === HEAP) {
          const target = heap.topTarget(), w = heap.topWeight();
          heap.pop();
          this.kick(target, w, tD);
          this.deliveries++;
        } else if (which === INPUT) {
          const input = inputs[at];
          const target = input.peekTarget();
          if (input.kind === 'kick') {
            const w = input.peekWeight();
            input.pop();
            this.inputsConsumed[at]++;
            this.kick(target, w, tD);
            this.deliveries++;
          } else {
            input.pop();
            this.inputsConsumed[at]++;
            this.fanOut(target, tD);
          }
        } else {
          this.applyStep(steps[this.stepAt++], tD);
        }
        continue;
      }
      if (tQ > maxTimeSeconds) break;
      const j = queue.peekIndex();
      // once per spike: a NaN key must not run on (+Infinity with nothing pending ended the loop above)
      if (!(tQ < Infinity)) throw new NonFiniteStateError(this.now, j, tQ);
      this.now = tQ;
      if (tQ === this.lastSpikeTime) {
        if (++this.spikesAtInstant > n) throw new RunawayExcitationError(tQ, this.spikesAtInstant);
      } else {
        this.spikesAtInstant = 1;
        this.lastSpikeTime = tQ;
      }
      const dyn = this.dynamics[this.populationOf[j]];
      const end = tQ + this.refractory[j];
      this.v[j] = dyn.vReset;
      this.tLast[j] = end;
      queue.update(j, end + this.tau * dyn.timeToThreshold(dyn.vReset, this.drive[j]));
      if (record !== undefined) record.push(tQ, j);
      if (onSpike !== undefined) onSpike(tQ, j);
      spikes++;
      this.fanOut(j, tQ);
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
    }
    if (spikes < maxSpikes && maxTimeSeconds !== Infinity && maxTimeSeconds > this.now) this.now = maxTimeSeconds;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.now, wallSeconds);
  }

  /** A drive change at time `t`: bring each affected neuron to `t` exactly, then re-key it. */
  private applyStep(step: StepCurrent, t: number): void {
    for (let i = step.start; i < step.end; i++) {
      const tl = this.tLast[i];
      const dyn = this.dynamics[this.populationOf[i]];
      if (t > tl) {
        this.v[i] = dyn.freeVoltage(this.v[i], (t - tl) / this.tau, this.drive[i]);
        this.tLast[i] = t;
      }
      this.drive[i] = step.iext;
      this.queue.update(i, this.nextSpike(i));
    }
  }
}
