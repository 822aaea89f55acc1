import type { CompiledNetwork, InputSource, NetworkProjection } from '../contracts/compiled-network.js';
import type { RunOptions, RunSummary, VoltageSimulator } from '../contracts/simulator.js';
import type { VoltageDynamics } from '../contracts/voltage-dynamics.js';
import { InvalidParameterError, RunawayExcitationError, SparsePropError } from '../errors/errors.js';
import { runLimits, summarize } from '../engines/run-limits.js';
import { checkCompiledNetwork } from '../engines/network/check-network.js';

/**
 * The O(N) reference for {@link CompiledNetwork}s, in voltage space and
 * independent of the phase representation, the event queues and the delay
 * FIFOs of the network engine. At every event it advances **every** neuron's
 * voltage exactly to the event time (`VoltageDynamics.freeVoltage`), scans
 * all neurons for the next threshold crossing, and keeps pending deliveries
 * in a plain unsorted list (linear scan). Cost O(N + P) per event (P pending
 * deliveries): for checking engines on small networks, not for production.
 *
 * Event order at one instant (the rule of {@link CompiledNetwork}): every
 * delivery, external kick, source spike and step-current change due at `t`
 * first; then the neurons at threshold spike one at a time, lowest index
 * first, each one's zero-delay deliveries applied before the next is chosen.
 * Refractoriness: on `[t_spike, t_spike + refractory)` a neuron holds
 * `vReset` and ignores input; an input at exactly the end is applied.
 */
export class NetworkReferenceSimulator implements VoltageSimulator {
  readonly kind = 'network-reference';
  readonly size: number;
  private readonly tau: number;
  private readonly v: Float64Array;
  /** End of each neuron's refractory period (seconds); -Infinity before its first spike. */
  private readonly refractoryEnd: Float64Array;
  private readonly drive: Float64Array;
  private readonly dynamicsOf: VoltageDynamics[];
  private readonly inputs: InputSource[];
  private stepAt = 0;
  private now = 0;
  // pending deliveries, unsorted
  private pendingTime: number[] = [];
  private pendingTarget: number[] = [];
  private pendingWeight: number[] = [];
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  private readonly delays: Float64Array;

  constructor(private readonly network: CompiledNetwork) {
    checkCompiledNetwork(network);
    const n = network.size;
    this.size = n;
    this.tau = network.tau;
    this.v = Float64Array.from(network.initialVoltage);
    this.refractoryEnd = new Float64Array(n).fill(-Infinity);
    this.drive = Float64Array.from(network.drive);
    this.dynamicsOf = new Array<VoltageDynamics>(n);
    for (const population of network.populations) {
      for (let i = population.start; i < population.end; i++) this.dynamicsOf[i] = population.dynamics;
    }
    this.inputs = network.inputs.map((input) => input.fork());
    let maxOut = 1;
    for (const projection of network.projections) maxOut = Math.max(maxOut, projection.maxOutDegree);
    this.targets = new Int32Array(maxOut);
    this.weights = new Float64Array(maxOut);
    this.delays = new Float64Array(maxOut);
  }

  get timeSeconds(): number {
    return this.now;
  }

  /** Voltage of neuron `i` at the current time (threshold units): every neuron is advanced at each event and at a run's time limit. */
  voltage(i: number): number {
    return this.v[i];
  }

  /** Voltage of every neuron at the current time (threshold units). */
  voltages(): Float64Array {
    return Float64Array.from(this.v);
  }

  /** Not defined in voltage space: use {@link voltages}. */
  phases(): Float64Array {
    throw new SparsePropError('a voltage-space network has no phases: read voltages() instead');
  }

  /** Not defined in voltage space. */
  setPhases(): void {
    throw new SparsePropError('a voltage-space network has no phases to set: give initialVoltage in the network');
  }

  /** Advance every neuron exactly from `now` to `t` (≥ now). */
  private advanceAll(t: number): void {
    const v = this.v, end = this.refractoryEnd, drive = this.drive, tau = this.tau;
    for (let i = 0; i < this.size; i++) {
      const start = end[i] > this.now ? end[i] : this.now; // a refractory neuron holds vReset until end[i]
      if (t > start) v[i] = this.dynamicsOf[i].freeVoltage(v[i], (t - start) / tau, drive[i]);
    }
    this.now = t;
  }

  private kick(i: number, w: number, t: number): void {
    if (t < this.refractoryEnd[i]) return; // refractory: input ignored
    this.v[i] += w;
  }

  /** Queue the deliveries of a spike of presynaptic index `pre` at time `t`. */
  private fanOut(pre: number, t: number): void {
    for (const projection of this.network.projections) {
      if (pre < projection.sourceStart || pre >= projection.sourceEnd) continue;
      this.fanOutProjection(projection, pre, t);
    }
  }

  private fanOutProjection(projection: NetworkProjection, pre: number, t: number): void {
    const count = projection.targetsOf(pre, this.targets, this.weights, this.delays);
    for (let s = 0; s < count; s++) {
      const d = projection.delay ?? this.delays[s];
      this.pendingTime.push(t + d);
      this.pendingTarget.push(this.targets[s]);
      this.pendingWeight.push(this.weights[s]);
    }
  }

  /** Earliest time of a pending delivery, input event or step current. */
  private nextExternalTime(): number {
    let t = Infinity;
    for (const time of this.pendingTime) if (time < t) t = time;
    for (const input of this.inputs) if (input.peekTime() < t) t = input.peekTime();
    const steps = this.network.stepCurrents;
    if (this.stepAt < steps.length && steps[this.stepAt].timeSeconds < t) t = steps[this.stepAt].timeSeconds;
    return t;
  }

  /** Apply everything due at exactly `t` (the state is at `t`), including zero-delay deliveries this creates. */
  private applyAllAt(t: number): void {
    let again = true;
    while (again) {
      again = false;
      const steps = this.network.stepCurrents;
      while (this.stepAt < steps.length && steps[this.stepAt].timeSeconds === t) {
        const step = steps[this.stepAt++];
        for (let i = step.start; i < step.end; i++) this.drive[i] = step.iext;
        again = true;
      }
      for (const input of this.inputs) {
        while (input.peekTime() === t) {
          if (input.kind === 'kick') this.kick(input.peekTarget(), input.peekWeight(), t);
          else this.fanOut(input.peekTarget(), t);
          input.pop();
          again = true;
        }
      }
      for (let p = 0; p < this.pendingTime.length; ) {
        if (this.pendingTime[p] === t) {
          this.kick(this.pendingTarget[p], this.pendingWeight[p], t);
          const last = this.pendingTime.length - 1;
          this.pendingTime[p] = this.pendingTime[last];
          this.pendingTarget[p] = this.pendingTarget[last];
          this.pendingWeight[p] = this.pendingWeight[last];
          this.pendingTime.pop();
          this.pendingTarget.pop();
          this.pendingWeight.pop();
          again = true;
        } else {
          p++;
        }
      }
    }
  }

  run(options: RunOptions): RunSummary {
    const startSeconds = this.now;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    const n = this.size, tau = this.tau, v = this.v, end = this.refractoryEnd, drive = this.drive;
    let spikes = 0, nextProgress = progressEvery, spikesAtInstant = 0, lastSpikeTime = -Infinity;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      const tExternal = this.nextExternalTime();
      // earliest threshold crossing without input; ties: lowest index
      let tSpike = Infinity, j = -1;
      for (let i = 0; i < n; i++) {
        const dyn = this.dynamicsOf[i];
        const start = end[i] > this.now ? end[i] : this.now;
        const s = start + tau * dyn.timeToThreshold(v[i], drive[i]);
        if (s < tSpike) { tSpike = s; j = i; }
      }
      if (tExternal <= tSpike) {
        if (tExternal === Infinity || tExternal > maxTimeSeconds) break;
        this.advanceAll(tExternal);
        this.applyAllAt(tExternal);
        continue;
      }
      if (tSpike > maxTimeSeconds) break;
      this.advanceAll(tSpike);
      if (tSpike === lastSpikeTime) {
        if (++spikesAtInstant > n) throw new RunawayExcitationError(tSpike, spikesAtInstant);
      } else {
        spikesAtInstant = 1;
        lastSpikeTime = tSpike;
      }
      v[j] = this.dynamicsOf[j].vReset;
      end[j] = tSpike + this.network.refractory[j];
      if (record !== undefined) record.push(tSpike, j);
      if (onSpike !== undefined) onSpike(tSpike, j);
      spikes++;
      this.fanOut(j, tSpike);
      this.applyAllAt(tSpike); // its zero-delay deliveries, before the next neuron at threshold is chosen (or the run stops)
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
    }
    if (spikes < maxSpikes && maxTimeSeconds !== Infinity && maxTimeSeconds > this.now) this.advanceAll(maxTimeSeconds);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.now, wallSeconds);
  }
}
