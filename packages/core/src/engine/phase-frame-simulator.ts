import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { inject, injectable } from '../di/tsyringe.js';
import { CONNECTIVITY, ENGINE_OPTIONS, EVENT_QUEUE, NEURON_MODEL } from '../di/tokens.js';
import { InvalidParameterError, RunawayExcitationError } from '../errors/errors.js';
import { checkPhases } from './check-phases.js';
import { type EngineOptions, resolveEngineOptions } from './engine-options.js';
import { runLimits, summarize } from './run-limits.js';
import type { RunOptions, RunSummary, Simulator } from './simulator.js';

/**
 * SparseProp in the phase frame (SPEC §3): every neuron keeps
 * `psi_i = phi_i - Phi` against one global shift `Phi`, so advancing time
 * touches no neuron. Keys are `key_i = -psi_i` in a min-queue, so the next
 * spiker is its minimum. Cost per spike: O(K log N).
 *
 * The exact keys live in `keys`; the queue holds them too, or, with the
 * `upperBoundKeys` option, lower bounds of them: an input that moves a
 * neuron away from threshold (inhibition, and the spiker's reset) then only
 * writes `keys[i]`, and the queue is repaired when a stale entry reaches its
 * top. Since every bound is ≤ its key, a top whose bound equals its key is
 * the true minimum (ties included), so the spike train is the one of eager
 * updates.
 *
 * Needs a homogeneous model (one `omega`); use {@link TimeFrameSimulator}
 * for heterogeneous networks.
 */
@injectable()
export class PhaseFrameSimulator implements Simulator {
  readonly kind = 'phase' as const;
  readonly size: number;
  private readonly omega: number;
  private readonly tau: number;
  private readonly rebaseEvery: number;
  private readonly upperBoundKeys: boolean;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  /** Exact key of every neuron, `-psi_i`; the queue holds lower bounds of these. */
  private readonly keys: Float64Array;
  /** Global shift since the last rebase. */
  private shift = 0;
  /** Total phase advanced before the last rebase. */
  private shiftOffset = 0;
  private spikesSinceRebase = 0;

  constructor(
    @inject(NEURON_MODEL) private readonly model: NeuronModel,
    @inject(EVENT_QUEUE) private readonly queue: EventQueue,
    @inject(CONNECTIVITY) private readonly connectivity: Connectivity,
    @inject(ENGINE_OPTIONS) options: EngineOptions,
  ) {
    const n = model.size;
    if (!model.homogeneous) {
      throw new InvalidParameterError('frame', 'phase', `"time" for the heterogeneous model ${model.name} (the phase frame needs one omega)`);
    }
    if (queue.size !== n || connectivity.size !== n) {
      throw new InvalidParameterError('queue/connectivity size', `${queue.size}/${connectivity.size}`, `equal to the model size ${n}`);
    }
    const resolved = resolveEngineOptions(options, n);
    this.size = n;
    this.omega = model.omega(0);
    this.tau = resolved.tau;
    this.rebaseEvery = resolved.rebaseEvery;
    this.upperBoundKeys = resolved.upperBoundKeys;
    this.targets = new Int32Array(connectivity.maxOutDegree);
    this.weights = new Float64Array(connectivity.maxOutDegree);
    this.keys = new Float64Array(n);
    this.setPhases(resolved.initialPhases ?? new Float64Array(n).fill(model.phiReset));
  }

  get timeSeconds(): number {
    return ((this.shiftOffset + this.shift) * this.tau) / this.omega;
  }

  phases(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.shift - this.keys[i];
    return out;
  }

  setPhases(phases: Float64Array): void {
    checkPhases(this.model, phases);
    const keys = this.keys;
    for (let i = 0; i < this.size; i++) keys[i] = this.shift - phases[i];
    this.queue.build(keys);
  }

  /** Subtract the global shift from every neuron and restart it at 0 (exact order, O(N)). */
  rebase(): void {
    const keys = this.keys, delta = -this.shift;
    for (let i = 0; i < keys.length; i++) keys[i] += delta;
    // bounds shift by the same delta; rounding is monotone, so bound ≤ key still holds
    this.queue.shiftAll(delta);
    this.shiftOffset += this.shift;
    this.shift = 0;
    this.spikesSinceRebase = 0;
  }

  run(options: RunOptions): RunSummary {
    const startSeconds = this.timeSeconds;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const queue = this.queue, model = this.model, connectivity = this.connectivity;
    const targets = this.targets, weights = this.weights, keys = this.keys;
    const eager = !this.upperBoundKeys;
    const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
    const omega = this.omega, tau = this.tau, n = this.size;
    const phaseEnd = (maxTimeSeconds * omega) / tau; // total phase at which the run stops
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    let shift = this.shift;
    let spikes = 0, nextProgress = progressEvery, spikesAtInstant = 0;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      let j = queue.peekIndex();
      let top = queue.peekKey();
      while (top !== keys[j]) {
        queue.update(j, keys[j]); // stale lower bound at the top: repair it
        j = queue.peekIndex();
        top = queue.peekKey();
      }
      // key = -psi: time to threshold in phase is phiThreshold - psi - shift
      let dShift = phiThreshold + top - shift;
      if (dShift <= 0) {
        dShift = 0; // pinned at threshold by an excitatory kick, or rounding: spike now
        if (++spikesAtInstant > n) throw new RunawayExcitationError(this.timeSeconds, spikesAtInstant);
      } else {
        spikesAtInstant = 0;
      }
      if (this.shiftOffset + shift + dShift > phaseEnd) {
        shift = phaseEnd - this.shiftOffset;
        break;
      }
      shift += dShift;
      const count = connectivity.targetsOf(j, targets, weights);
      for (let s = 0; s < count; s++) {
        const i = targets[s];
        const old = keys[i];
        const key = shift - model.ptc(shift - old, weights[s], i);
        keys[i] = key;
        if (key < old || eager) queue.update(i, key); // moved toward threshold: the bound must follow now
      }
      keys[j] = shift - phiReset;
      if (eager) queue.update(j, keys[j]); // else: the reset moves away from threshold, repaired at the top
      const t = ((this.shiftOffset + shift) * tau) / omega;
      if (record !== undefined) record.push(t, j);
      if (onSpike !== undefined) onSpike(t, j);
      spikes++;
      if (++this.spikesSinceRebase >= this.rebaseEvery) {
        this.shift = shift;
        this.rebase();
        shift = 0;
      }
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
    }
    this.shift = shift;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.timeSeconds, wallSeconds);
  }
}
