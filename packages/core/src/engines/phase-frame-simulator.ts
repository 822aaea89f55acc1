import type { EnginePlugin } from '../contracts/plugins.js';
import { jsEngineRefusal } from './js-engine-refusal.js';
import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { InvalidParameterError, NonFiniteStateError, RunawayExcitationError } from '../errors/errors.js';
import { checkPhases } from './check-phases.js';
import type { EngineOptions } from '../contracts/engine-options.js';
import { setUpEngine } from './engine-setup.js';
import { pastTimeLimit, runLimits, summarize } from './run-limits.js';
import type { EngineState, RunOptions, RunSummary, Simulator } from '../contracts/simulator.js';
import { checkEngineState, queueKeys } from './engine-state.js';

/**
 * SparseProp in the phase frame (docs/algorithm.md §3): every neuron keeps
 * `psi_i = phi_i - Phi` against one global shift `Phi`, so advancing time
 * touches no neuron. Keys are `key_i = -psi_i` in a min-queue, so the next
 * spiker is its minimum. Cost per spike: O(K log N).

 *
 * Needs a homogeneous model (one `omega`); use {@link TimeFrameSimulator}
 * for heterogeneous networks.
 */
export class PhaseFrameSimulator implements Simulator {
  readonly kind = 'phase' as const;
  readonly size: number;
  private readonly omega: number;
  private readonly tau: number;
  private readonly rebaseEvery: number;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  /** Global shift since the last rebase. */
  private shift = 0;
  /** Total phase advanced before the last rebase. */
  private shiftOffset = 0;
  private spikesSinceRebase = 0;
  /** Spikes so far at the current instant (kept across runs: a runaway split over two runs is still one). */
  private spikesAtInstant = 0;
  /** The time limit the last run stopped at, reported exactly (the shift holds it only to rounding); undefined after a spike. */
  private stoppedAtSeconds: number | undefined;
  /** Keeps the result of `queue.touch` alive. */
  touchSink = 0;

  constructor(
    private readonly model: NeuronModel,
    private readonly queue: EventQueue,
    private readonly connectivity: Connectivity,
    options: EngineOptions,
  ) {
    if (!model.homogeneous) {
      throw new InvalidParameterError('frame', 'phase', `"time" for the heterogeneous model ${model.name} (the phase frame needs one omega)`);
    }
    const setup = setUpEngine(model, queue, connectivity, options);
    this.size = setup.n;
    this.omega = model.omega(0);
    this.tau = setup.tau;
    this.rebaseEvery = setup.rebaseEvery;
    this.targets = setup.targets;
    this.weights = setup.weights;
    this.setPhases(setup.initialPhases);
  }

  get timeSeconds(): number {
    return this.stoppedAtSeconds ?? ((this.shiftOffset + this.shift) * this.tau) / this.omega;
  }

  phases(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.shift - this.queue.key(i);
    return out;
  }

  setPhases(phases: Float64Array): void {
    checkPhases(this.model, phases);
    const keys = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) keys[i] = this.shift - phases[i];
    this.queue.build(keys);
  }

  /** Subtract the global shift from every neuron and restart it at 0 (exact order, O(N)). */
  rebase(): void {
    this.queue.shiftAll(-this.shift);
    this.shiftOffset += this.shift;
    this.shift = 0;
    this.spikesSinceRebase = 0;
  }

  /** The exact state: the global shift, its offset before the last rebase, the spikes since it, and every key. */
  saveState(): EngineState {
    return { engine: this.kind, numbers: { shift: this.shift, shiftOffset: this.shiftOffset, spikesSinceRebase: this.spikesSinceRebase, spikesAtInstant: this.spikesAtInstant, ...(this.stoppedAtSeconds === undefined ? {} : { stoppedAt: this.stoppedAtSeconds }) }, arrays: { keys: queueKeys(this.queue, this.size) } };
  }

  restoreState(state: EngineState): void {
    checkEngineState(state, this.kind, ['shift', 'shiftOffset', 'spikesSinceRebase', 'spikesAtInstant'], ['keys'], this.size);
    this.shift = state.numbers.shift;
    this.shiftOffset = state.numbers.shiftOffset;
    this.spikesAtInstant = state.numbers.spikesAtInstant;
    this.stoppedAtSeconds = Number.isFinite(state.numbers.stoppedAt) ? state.numbers.stoppedAt : undefined; // a time limit reached after the last spike
    this.spikesSinceRebase = state.numbers.spikesSinceRebase;
    this.queue.build(state.arrays.keys.slice());
  }

  run(options: RunOptions): RunSummary {
    const startSeconds = this.timeSeconds;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const past = pastTimeLimit(this.size, maxTimeSeconds, startSeconds);
    if (past !== undefined) return past;
    const queue = this.queue, model = this.model, connectivity = this.connectivity;
    const targets = this.targets, weights = this.weights;
    const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
    const omega = this.omega, tau = this.tau, n = this.size;
    const phaseEnd = (maxTimeSeconds * omega) / tau; // total phase at which the run stops
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    let shift = this.shift;
    const lazy = queue.increase !== undefined; // the queue can take "this key only grew" lazily
    let touched = 0;
    let spikes = 0, nextProgress = progressEvery, spikesAtInstant = this.spikesAtInstant;
    let stoppedByTime = false;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      const j = queue.peekIndex();
      // key = -psi: time to threshold in phase is phiThreshold - psi - shift
      let dShift = phiThreshold + queue.peekKey() - shift;
      if (dShift <= 0) {
        dShift = 0; // pinned at threshold by an excitatory kick, or rounding: spike now
        if (++spikesAtInstant > n) throw new RunawayExcitationError(this.stoppedAtSeconds ?? ((this.shiftOffset + shift) * tau) / omega, spikesAtInstant);
      } else {
        spikesAtInstant = 0;
      }
      if (this.shiftOffset + shift + dShift > phaseEnd) {
        shift = phaseEnd - this.shiftOffset;
        stoppedByTime = true;
        break;
      }
      // once per spike: a NaN key (or +Infinity with no time limit) must not run on
      if (!(dShift < Infinity)) throw new NonFiniteStateError(((this.shiftOffset + shift) * tau) / omega, j, dShift);
      shift += dShift;
      const count = connectivity.targetsOf(j, targets, weights);
      if (queue.touch !== undefined) touched += queue.touch(targets, count); // overlap the cache misses
      for (let s = 0; s < count; s++) {
        const i = targets[s];
        const old = queue.key(i);
        const key = shift - model.ptc(shift - old, weights[s], i);
        // a key that grew (an input that only delays the spike) may be taken lazily; one that fell moves now
        if (lazy && key >= old) queue.increase!(i, key);
        else queue.update(i, key);
      }
      if (lazy) queue.increase!(j, shift - phiReset); // the reset key is above the threshold key just reached
      else queue.update(j, shift - phiReset);
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
    this.spikesAtInstant = spikesAtInstant;
    if (stoppedByTime) this.stoppedAtSeconds = maxTimeSeconds;
    else if (spikes > 0) this.stoppedAtSeconds = undefined;
    this.touchSink = touched;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.timeSeconds, wallSeconds);
  }
}

/**
 * The phase-frame engine plugin (`"phase"`): homogeneous models, any queue.
 * `engine: "auto"` prefers the exponential-key engine where it applies.
 */
export const phaseFrameEngine: EnginePlugin = {
  kind: 'engine',
  name: 'phase',
  description: 'phase frame with a global shift (docs/algorithm.md §3): homogeneous models, any queue',
  js: true,
  unsupportedReason: (request) =>
    jsEngineRefusal(request) ??
    (request.frame === 'time' ? 'the config asks for the time frame'
    : !request.model.homogeneous ? `the model ${request.model.name} is heterogeneous (the phase frame needs one omega)`
    : undefined),
  create: (request) => new PhaseFrameSimulator(request.model, request.queue!.create(request.model.size), request.connectivity, request.options),
};
