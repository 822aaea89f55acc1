import type { EnginePlugin } from '../contracts/plugins.js';
import { jsEngineRefusal } from './js-engine-refusal.js';
import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { NonFiniteStateError, RunawayExcitationError } from '../errors/errors.js';
import { checkPhases } from './check-phases.js';
import type { EngineOptions } from '../contracts/engine-options.js';
import { setUpEngine } from './engine-setup.js';
import { pastTimeLimit, runLimits, summarize } from './run-limits.js';
import type { EngineState, RunOptions, RunSummary, Simulator } from '../contracts/simulator.js';
import { checkEngineState, queueKeys } from './engine-state.js';

/**
 * SparseProp in the time frame (docs/algorithm.md §4): every neuron is keyed by its next
 * spike time `T_i` (dimensionless, relative to the last rebase) in a
 * min-queue and one clock advances. Works for any model, including
 * heterogeneous ones (per-neuron `omega_i` and PTC). Cost per spike: O(K log N).

 */
export class TimeFrameSimulator implements Simulator {
  readonly kind = 'time' as const;
  readonly size: number;
  private readonly tau: number;
  private readonly rebaseEvery: number;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  /** Clock since the last rebase (dimensionless). */
  private clock = 0;
  /** Time elapsed before the last rebase (dimensionless). */
  private clockOffset = 0;
  private spikesSinceRebase = 0;
  /** Spikes so far at the current instant (kept across runs: a runaway split over two runs is still one). */
  private spikesAtInstant = 0;
  /** The time limit the last run stopped at, reported exactly; undefined after a spike. */
  private stoppedAtSeconds: number | undefined;
  /** Keeps the result of `queue.touch` alive. */
  touchSink = 0;

  constructor(
    private readonly model: NeuronModel,
    private readonly queue: EventQueue,
    private readonly connectivity: Connectivity,
    options: EngineOptions,
  ) {
    const setup = setUpEngine(model, queue, connectivity, options);
    this.size = setup.n;
    this.tau = setup.tau;
    this.rebaseEvery = setup.rebaseEvery;
    this.targets = setup.targets;
    this.weights = setup.weights;
    this.setPhases(setup.initialPhases);
  }

  get timeSeconds(): number {
    return this.stoppedAtSeconds ?? (this.clockOffset + this.clock) * this.tau;
  }

  phases(): Float64Array {
    const out = new Float64Array(this.size);
    const phiThreshold = this.model.phiThreshold;
    for (let i = 0; i < this.size; i++) out[i] = phiThreshold - this.model.omega(i) * (this.queue.key(i) - this.clock);
    return out;
  }

  setPhases(phases: Float64Array): void {
    checkPhases(this.model, phases);
    const keys = new Float64Array(this.size);
    const phiThreshold = this.model.phiThreshold;
    for (let i = 0; i < this.size; i++) keys[i] = this.clock + (phiThreshold - phases[i]) / this.model.omega(i);
    this.queue.build(keys);
  }

  /** Subtract the clock from every spike time and restart it at 0 (exact order, O(N)). */
  rebase(): void {
    this.queue.shiftAll(-this.clock);
    this.clockOffset += this.clock;
    this.clock = 0;
    this.spikesSinceRebase = 0;
  }

  /** The exact state: the clock, its offset before the last rebase, the spikes since it, and every key. */
  saveState(): EngineState {
    return { engine: this.kind, numbers: { clock: this.clock, clockOffset: this.clockOffset, spikesSinceRebase: this.spikesSinceRebase, spikesAtInstant: this.spikesAtInstant, ...(this.stoppedAtSeconds === undefined ? {} : { stoppedAt: this.stoppedAtSeconds }) }, arrays: { keys: queueKeys(this.queue, this.size) } };
  }

  restoreState(state: EngineState): void {
    checkEngineState(state, this.kind, ['clock', 'clockOffset', 'spikesSinceRebase', 'spikesAtInstant'], ['keys'], this.size);
    this.clock = state.numbers.clock;
    this.clockOffset = state.numbers.clockOffset;
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
    const tau = this.tau, n = this.size;
    const timeEnd = maxTimeSeconds / tau;
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    let clock = this.clock;
    const lazy = queue.increase !== undefined; // the queue can take "this key only grew" lazily
    let touched = 0;
    let spikes = 0, nextProgress = progressEvery, spikesAtInstant = this.spikesAtInstant;
    let stoppedByTime = false;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      const j = queue.peekIndex();
      let next = queue.peekKey();
      if (next <= clock) {
        next = clock; // pinned at threshold by an excitatory kick, or rounding: spike now
        if (++spikesAtInstant > n) throw new RunawayExcitationError(this.stoppedAtSeconds ?? (this.clockOffset + clock) * tau, spikesAtInstant);
      } else {
        spikesAtInstant = 0;
      }
      if (this.clockOffset + next > timeEnd) {
        clock = timeEnd - this.clockOffset;
        stoppedByTime = true;
        break;
      }
      // once per spike: a NaN key (or +Infinity with no time limit) must not run on
      if (!(next < Infinity)) throw new NonFiniteStateError((this.clockOffset + clock) * tau, j, next);
      clock = next;
      const count = connectivity.targetsOf(j, targets, weights);
      if (queue.touch !== undefined) touched += queue.touch(targets, count); // overlap the cache misses
      for (let s = 0; s < count; s++) {
        const i = targets[s];
        const omega = model.omega(i);
        const old = queue.key(i);
        const phi = phiThreshold - omega * (old - clock);
        const key = clock + (phiThreshold - model.ptc(phi, weights[s], i)) / omega;
        // a key that grew (an input that only delays the spike) may be taken lazily; one that fell moves now
        if (lazy && key >= old) queue.increase!(i, key);
        else queue.update(i, key);
      }
      const resetKey = clock + (phiThreshold - phiReset) / model.omega(j);
      if (lazy && resetKey >= queue.key(j)) queue.increase!(j, resetKey);
      else queue.update(j, resetKey);
      const t = (this.clockOffset + clock) * tau;
      if (record !== undefined) record.push(t, j);
      if (onSpike !== undefined) onSpike(t, j);
      spikes++;
      if (++this.spikesSinceRebase >= this.rebaseEvery) {
        this.clock = clock;
        this.rebase();
        clock = 0;
      }
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
    }
    this.clock = clock;
    this.spikesAtInstant = spikesAtInstant;
    if (stoppedByTime) this.stoppedAtSeconds = maxTimeSeconds;
    else if (spikes > 0) this.stoppedAtSeconds = undefined;
    this.touchSink = touched;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.timeSeconds, wallSeconds);
  }
}

/** The time-frame engine plugin (`"time"`): every model, heterogeneous ones included, any queue. */
export const timeFrameEngine: EnginePlugin = {
  kind: 'engine',
  name: 'time',
  description: 'time frame with one clock (docs/algorithm.md §4): every model, heterogeneous drives, any queue',
  js: true,
  unsupportedReason: (request) =>
    jsEngineRefusal(request) ??
    (request.frame === 'phase' ? 'the config asks for the phase frame'
    : undefined),
  create: (request) => new TimeFrameSimulator(request.model, request.queue!.create(request.model.size), request.connectivity, request.options),
};
