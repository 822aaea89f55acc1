import type { EnginePlugin } from '../contracts/plugins.js';
import type { Connectivity } from '../contracts/connectivity.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { NonFiniteStateError, RunawayExcitationError } from '../errors/errors.js';
import { checkPhases } from '../engines/check-phases.js';
import type { EngineOptions } from '../contracts/engine-options.js';
import { setUpEngine } from '../engines/engine-setup.js';
import { pastTimeLimit, runLimits, summarize } from '../engines/run-limits.js';
import type { EngineState, RunOptions, RunSummary, Simulator } from '../contracts/simulator.js';
import { checkEngineState } from '../engines/engine-state.js';

/**
 * The conventional event-based simulator (docs/algorithm.md §6), O(N) per spike: no
 * global shift, no queue. At each spike it scans all N neurons for the next
 * one to reach threshold, advances every phase by `omega_i dt`, and applies
 * each input as a voltage jump through `voltage`/`phase` — it never calls
 * `ptc`, so it checks the engines against the model's maps independently.
 */
export class ReferenceSimulator implements Simulator {
  readonly kind = 'reference' as const;
  readonly size: number;
  private readonly tau: number;
  private readonly phi: Float64Array;
  private readonly omegas: Float64Array;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  /** Elapsed dimensionless time, summed with Neumaier's compensation (`clockError`). */
  private clock = 0;
  private clockError = 0;
  /** Spikes so far at the current instant (kept across runs: a runaway split over two runs is still one). */
  private spikesAtInstant = 0;
  /** The time limit the last run stopped at, reported exactly (the clock holds it in units of tau, to rounding); undefined after a spike. */
  private stoppedAtSeconds: number | undefined;

  constructor(
    private readonly model: NeuronModel,
    private readonly connectivity: Connectivity,
    options: EngineOptions,
  ) {
    const setup = setUpEngine(model, undefined, connectivity, options);
    const n = setup.n;
    this.size = n;
    this.tau = setup.tau;
    this.phi = new Float64Array(n);
    this.omegas = new Float64Array(n);
    for (let i = 0; i < n; i++) this.omegas[i] = model.omega(i);
    this.targets = setup.targets;
    this.weights = setup.weights;
    this.setPhases(setup.initialPhases);
  }

  get timeSeconds(): number {
    return this.stoppedAtSeconds ?? (this.clock + this.clockError) * this.tau;
  }

  /**
   * The phases now. After a run that stopped at a time limit the state is
   * kept at the last spike (so that resuming takes the uninterrupted run's
   * single step to the next spike, bit for bit) and advanced to the limit here.
   */
  phases(): Float64Array {
    const out = this.phi.slice();
    const rest = this.pendingAdvance();
    if (rest > 0) for (let i = 0; i < this.size; i++) out[i] += this.omegas[i] * rest;
    return out;
  }

  setPhases(phases: Float64Array): void {
    checkPhases(this.model, phases);
    if (this.stoppedAtSeconds !== undefined) {
      // the new phases hold at the time limit reached: the clock moves there
      this.clock = this.stoppedAtSeconds / this.tau;
      this.clockError = 0;
    }
    this.phi.set(phases);
  }

  /** Dimensionless time from the last spike to the time limit a run stopped at (0 when it stopped at a spike). */
  private pendingAdvance(): number {
    return this.stoppedAtSeconds === undefined ? 0 : this.stoppedAtSeconds / this.tau - this.clock - this.clockError;
  }

  /** The exact state: the compensated clock and every phase. */
  saveState(): EngineState {
    return { engine: this.kind, numbers: { clock: this.clock, clockError: this.clockError, spikesAtInstant: this.spikesAtInstant, ...(this.stoppedAtSeconds === undefined ? {} : { stoppedAt: this.stoppedAtSeconds }) }, arrays: { phases: this.phi.slice() } };
  }

  restoreState(state: EngineState): void {
    checkEngineState(state, this.kind, ['clock', 'clockError', 'spikesAtInstant'], ['phases'], this.size);
    this.clock = state.numbers.clock;
    this.clockError = state.numbers.clockError;
    this.spikesAtInstant = state.numbers.spikesAtInstant;
    this.stoppedAtSeconds = Number.isFinite(state.numbers.stoppedAt) ? state.numbers.stoppedAt : undefined; // a time limit reached after the last spike
    this.phi.set(state.arrays.phases);
  }

  /**
   * Neumaier-compensated `clock += dt`: over 1e8 spikes a plain sum would lose
   * ~1e8 ulps of the time, more than the engines it checks.
   */
  private advanceClock(dt: number): void {
    const sum = this.clock + dt;
    this.clockError += Math.abs(this.clock) >= Math.abs(dt) ? this.clock - sum + dt : dt - sum + this.clock;
    this.clock = sum;
  }

  run(options: RunOptions): RunSummary {
    const startSeconds = this.timeSeconds;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const past = pastTimeLimit(this.size, maxTimeSeconds, startSeconds);
    if (past !== undefined) return past;
    const model = this.model, connectivity = this.connectivity;
    const phi = this.phi, omegas = this.omegas, targets = this.targets, weights = this.weights;
    const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
    const homogeneous = model.homogeneous;
    const n = this.size, tau = this.tau, timeEnd = maxTimeSeconds / tau;
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    let spikes = 0, nextProgress = progressEvery, spikesAtInstant = this.spikesAtInstant;
    let stoppedByTime = false;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      // next spiker: largest phase (homogeneous) or earliest threshold time; ties to the lowest index
      let j = 0;
      let dt: number;
      if (homogeneous) {
        let best = phi[0];
        for (let i = 1; i < n; i++) if (phi[i] > best) { best = phi[i]; j = i; }
        dt = (phiThreshold - best) / omegas[0];
      } else {
        dt = (phiThreshold - phi[0]) / omegas[0];
        for (let i = 1; i < n; i++) {
          const ti = (phiThreshold - phi[i]) / omegas[i];
          if (ti < dt) { dt = ti; j = i; }
        }
      }
      if (dt <= 0) {
        dt = 0;
        if (++spikesAtInstant > n) throw new RunawayExcitationError(this.stoppedAtSeconds ?? (this.clock + this.clockError) * tau, spikesAtInstant);
      } else {
        spikesAtInstant = 0;
      }
      if (this.clock + this.clockError + dt > timeEnd) {
        // the next spike is past the limit: the state stays at the last spike (phases() advances it)
        stoppedByTime = true;
        break;
      }
      // once per spike: a NaN step (or +Infinity with no time limit) must not run on
      if (!(dt < Infinity)) throw new NonFiniteStateError((this.clock + this.clockError) * tau, j, dt);
      for (let i = 0; i < n; i++) phi[i] += omegas[i] * dt;
      this.advanceClock(dt);
      const count = connectivity.targetsOf(j, targets, weights);
      for (let s = 0; s < count; s++) {
        const i = targets[s];
        phi[i] = model.phase(model.voltage(phi[i], i) + weights[s], i);
      }
      phi[j] = phiReset;
      const t = (this.clock + this.clockError) * tau;
      if (record !== undefined) record.push(t, j);
      if (onSpike !== undefined) onSpike(t, j);
      spikes++;
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
    }
    this.spikesAtInstant = spikesAtInstant;
    if (stoppedByTime) this.stoppedAtSeconds = maxTimeSeconds;
    else if (spikes > 0) this.stoppedAtSeconds = undefined;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.timeSeconds, wallSeconds);
  }
}

/** The O(N) reference as an engine plugin (`"reference"`): runs only when asked for by name (or `reference: true`). */
export const referenceEngine: EnginePlugin = {
  kind: 'engine',
  name: 'reference',
  description: 'the conventional O(N)-per-spike simulator every engine is checked against (docs/algorithm.md §6)',
  automatic: false,
  unsupportedReason: () => undefined,
  create: (request) => new ReferenceSimulator(request.model, request.connectivity, request.options),
};
