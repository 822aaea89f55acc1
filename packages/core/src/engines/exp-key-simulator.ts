import type { PlainEnginePlugin } from '../contracts/plugins.js';
import { jsEngineRefusal } from './js-engine-refusal.js';
import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import { type ExpKeyModel, isExpKeyModel } from '../contracts/exp-key-model.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { InvalidParameterError, NonFiniteStateError, RunawayExcitationError } from '../errors/errors.js';
import { checkPhaseChunk, checkPhases } from './check-phases.js';
import type { KickEvents, PhaseSource } from '../contracts/engine-options.js';
import { checkKickEvents } from './check-kick-events.js';
import { arrayPhaseSource, PHASE_CHUNK } from '../network/initial-phases.js';
import { EXP_KEY_LOG_RESCALE, EXP_KEY_RESCALE, expKeyTimeSeconds } from './exp-key-clock.js';
import type { EngineOptions } from '../contracts/engine-options.js';
import { setUpEngine } from './engine-setup.js';
import { pastTimeLimit, runLimits, summarize } from './run-limits.js';
import type { EngineState, RunOptions, RunSummary, Simulator } from '../contracts/simulator.js';
import { checkEngineState, queueKeys } from './engine-state.js';
import { weightSummaryOf } from '../connectivity/weight-summary.js';

const RESCALE = EXP_KEY_RESCALE;
const LOG_RESCALE = EXP_KEY_LOG_RESCALE;

/**
 * SparseProp in the phase frame with exponential keys, for models whose PTC
 * is a translation of `w = exp(-phi/omega)` ({@link ExpKeyModel}, e.g. LIF).
 *
 * Each neuron keeps `W_i = w_i E`, where `E = exp(Phi/omega)` is one global
 * factor: time advancing grows `E` and touches no neuron, an input is
 * `W_i += expShift(J) E` (a multiply-add, no exp/log), and the spiker is the
 * smallest `W` (min-queue). `W` is rescaled by 2^-256 (exact, order
 * preserving) whenever `E` exceeds 2^256. One `log` per spike gives its time.
 * The spike train is the phase frame's (see tests).
 */
export class ExpKeySimulator implements Simulator {
  readonly kind = 'exp-key' as const;
  readonly size: number;
  private readonly model: ExpKeyModel;
  private readonly omega: number;
  private readonly tau: number;
  private readonly targets: Int32Array;
  private readonly weights: Float64Array;
  /** `w` at threshold and at reset. */
  private readonly wThreshold: number;
  private readonly wReset: number;
  /** Global factor at the current time, and how many 2^-256 rescalings were applied so far. */
  private factor = 1;
  private rescalings = 0;
  /** Spikes so far at the current instant (kept across runs: a runaway split over two runs is still one). */
  private spikesAtInstant = 0;
  /** The time limit the last run stopped at, reported exactly (the factor holds it only to rounding); undefined after a spike. */
  private stoppedAtSeconds: number | undefined;
  /** Keeps the result of `queue.touch` alive. */
  touchSink = 0;
  /** External input events: times (s), targets, and the key shift `expShift(J)` of each; how many were applied. */
  private readonly inputTimes: Float64Array;
  private readonly inputTargets: Int32Array;
  private readonly inputShifts: Float64Array;
  private inputCursor = 0;

  /**
   * @param inputEvents external kicks (seconds), merged with the spikes: an input at time t kicks its
   *   target before any spike at a time ≥ t (the WebAssembly kernel's order and arithmetic)
   */
  constructor(
    model: NeuronModel,
    private readonly queue: EventQueue,
    private readonly connectivity: Connectivity,
    options: EngineOptions,
    inputEvents?: KickEvents,
  ) {
    if (!isExpKeyModel(model)) {
      throw new InvalidParameterError('model', model.name, 'a homogeneous model with the expShift capability (e.g. lif) for exponential keys');
    }
    const setup = setUpEngine(model, queue, connectivity, options);
    this.model = model;
    this.size = setup.n;
    this.omega = model.omega(0);
    this.tau = setup.tau;
    const minusInvOmega = -1.0 / this.omega;
    this.wThreshold = Math.exp(model.phiThreshold * minusInvOmega);
    this.wReset = Math.exp(model.phiReset * minusInvOmega);
    this.targets = setup.targets;
    this.weights = setup.weights;
    if (inputEvents !== undefined) checkKickEvents(inputEvents, this.size);
    this.inputTimes = inputEvents?.times ?? new Float64Array(0);
    this.inputTargets = inputEvents?.targets ?? new Int32Array(0);
    const channelShifts = Float64Array.from(inputEvents?.weights ?? [], (w) => model.expShift(w));
    this.inputShifts = Float64Array.from(inputEvents?.channels ?? [], (c) => channelShifts[c]);
    this.buildKeys(setup.phaseSource);
  }

  get timeSeconds(): number {
    return this.stoppedAtSeconds ?? expKeyTimeSeconds(this.factor, this.rescalings, this.omega, this.tau);
  }

  phases(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = -this.omega * Math.log(this.queue.key(i) / this.factor);
    return out;
  }

  setPhases(phases: Float64Array): void {
    checkPhases(this.model, phases); // all of them before any key changes: a bad phase leaves the state as it was
    this.buildKeys(arrayPhaseSource(phases));
  }

  /**
   * Set every key from phases read chunk by chunk: written straight into the
   * queue's own array when it can build in place (no N-sized temporary, so
   * a billion neurons set up in the queue's own memory), else into one
   * array handed to `build`.
   */
  private buildKeys(source: PhaseSource): void {
    const n = this.size, model = this.model, minusInvOmega = -1.0 / this.omega, factor = this.factor;
    const chunk = new Float64Array(Math.min(n, PHASE_CHUNK));
    const write = (keys: Float64Array): void => {
      for (let start = 0; start < n; start += chunk.length) {
        const part = start + chunk.length <= n ? chunk : chunk.subarray(0, n - start);
        source.fill(start, part);
        checkPhaseChunk(model, start, part);
        for (let s = 0; s < part.length; s++) keys[start + s] = Math.exp(part[s] * minusInvOmega) * factor;
      }
    };
    if (this.queue.buildInPlace !== undefined) this.queue.buildInPlace(write);
    else {
      const keys = new Float64Array(n);
      write(keys);
      this.queue.build(keys);
    }
  }

  /** The exact state: the global factor, the rescaling count and every key. */
  saveState(): EngineState {
    return { engine: this.kind, numbers: { factor: this.factor, rescalings: this.rescalings, spikesAtInstant: this.spikesAtInstant, ...(this.inputCursor > 0 ? { inputCursor: this.inputCursor } : {}), ...(this.stoppedAtSeconds === undefined ? {} : { stoppedAt: this.stoppedAtSeconds }) }, arrays: { keys: queueKeys(this.queue, this.size) } };
  }

  restoreState(state: EngineState): void {
    checkEngineState(state, this.kind, ['factor', 'rescalings', 'spikesAtInstant'], ['keys'], this.size);
    this.factor = state.numbers.factor;
    this.rescalings = state.numbers.rescalings;
    this.spikesAtInstant = state.numbers.spikesAtInstant;
    this.inputCursor = state.numbers.inputCursor ?? 0; // inputs applied before the state was saved
    this.stoppedAtSeconds = Number.isFinite(state.numbers.stoppedAt) ? state.numbers.stoppedAt : undefined; // a time limit reached after the last spike
    const keys = state.arrays.keys;
    if (this.queue.buildInPlace !== undefined) this.queue.buildInPlace((own) => own.set(keys));
    else this.queue.build(keys.slice());
  }

  run(options: RunOptions): RunSummary {
    const startSeconds = this.timeSeconds;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const past = pastTimeLimit(this.size, maxTimeSeconds, startSeconds);
    if (past !== undefined) return past;
    const queue = this.queue, model = this.model, connectivity = this.connectivity;
    const targets = this.targets, weights = this.weights;
    const omega = this.omega, tau = this.tau, n = this.size;
    const wThreshold = this.wThreshold, wReset = this.wReset;
    const phaseEnd = (maxTimeSeconds * omega) / tau;
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    // log of the rescalings as count × constant: summing the rounded constant ~1e3 times would drift
    let factor = this.factor, rescalings = this.rescalings, logScale = rescalings * LOG_RESCALE;
    const lazy = queue.increase !== undefined; // the queue can take "this key only grew" lazily
    let touched = 0;
    let spikes = 0, nextProgress = progressEvery, spikesAtInstant = this.spikesAtInstant;
    let stoppedByTime = false;
    const inputTimes = this.inputTimes, inputTargets = this.inputTargets, inputShifts = this.inputShifts, inputCount = inputTimes.length;
    let input = this.inputCursor;
    // F of the next input at the current rescaling count (the kernel's and the training replay's expression)
    let inputFactor = input < inputCount ? Math.exp(inputTimes[input] / tau - logScale) : Infinity;
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      const j = queue.peekIndex();
      let spikeFactor = queue.peekKey() / wThreshold; // the factor at which neuron j reaches threshold
      const pinned = spikeFactor <= factor;
      if (pinned) spikeFactor = factor; // pinned at threshold by an excitatory kick, or rounding: spike now
      if (input < inputCount && inputFactor <= spikeFactor) {
        // an input at or before the next spike kicks first
        if (inputTimes[input] > maxTimeSeconds) {
          factor = Math.exp(phaseEnd / omega - logScale);
          stoppedByTime = true;
          break;
        }
        const i = inputTargets[input];
        const old = queue.key(i);
        let key = old + inputShifts[input] * inputFactor;
        const inputThresholdKey = wThreshold * inputFactor;
        if (key < inputThresholdKey) key = inputThresholdKey; // kicked to threshold: spikes now
        if (lazy && key >= old) queue.increase!(i, key);
        else queue.update(i, key);
        input++;
        if (inputFactor > factor) {
          factor = inputFactor;
          spikesAtInstant = 0; // time advanced: a spike this input triggers is the first at its instant
        }
        if (factor > 1 / RESCALE) {
          queue.scaleAll(RESCALE);
          factor *= RESCALE;
          logScale = ++rescalings * LOG_RESCALE;
        }
        inputFactor = input < inputCount ? Math.exp(inputTimes[input] / tau - logScale) : Infinity;
        continue;
      }
      if (pinned) {
        if (++spikesAtInstant > n) throw new RunawayExcitationError(this.stoppedAtSeconds ?? expKeyTimeSeconds(factor, rescalings, omega, tau), spikesAtInstant);
      } else {
        spikesAtInstant = 0;
      }
      const phase = omega * (Math.log(spikeFactor) + logScale);
      if (phase > phaseEnd) {
        factor = Math.exp(phaseEnd / omega - logScale);
        stoppedByTime = true;
        break;
      }
      // once per spike: a NaN key (or +Infinity with no time limit) must not run on
      if (!(phase < Infinity)) throw new NonFiniteStateError(expKeyTimeSeconds(factor, rescalings, omega, tau), j, phase);
      factor = spikeFactor;
      const thresholdKey = wThreshold * factor;
      let lastWeight = Number.NaN, shift = 0;
      const count = connectivity.targetsOf(j, targets, weights);
      if (queue.touch !== undefined) touched += queue.touch(targets, count); // overlap the cache misses
      for (let s = 0; s < count; s++) {
        const i = targets[s];
        const weight = weights[s];
        if (weight !== lastWeight) {
          // uniform or few distinct weights: one division per spike, not per input
          lastWeight = weight;
          shift = model.expShift(weight) * factor;
        }
        const old = queue.key(i);
        let key = old + shift;
        if (key < thresholdKey) key = thresholdKey; // below: the kick reaches threshold, spike now
        // a key that grew (inhibition: shift >= 0) may be taken lazily; one that fell (excitation) moves now
        if (lazy && key >= old) queue.increase!(i, key);
        else queue.update(i, key);
      }
      if (lazy) queue.increase!(j, wReset * factor); // the reset key is above the threshold key just reached
      else queue.update(j, wReset * factor);
      if (factor > 1 / RESCALE) {
        // exact: multiplying by a power of two keeps every key's mantissa and the order
        queue.scaleAll(RESCALE);
        factor *= RESCALE;
        logScale = ++rescalings * LOG_RESCALE;
        if (input < inputCount) inputFactor = Math.exp(inputTimes[input] / tau - logScale);
      }
      const t = (phase * tau) / omega;
      if (record !== undefined) record.push(t, j);
      if (onSpike !== undefined) onSpike(t, j);
      spikes++;
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
    }
    this.factor = factor;
    this.rescalings = rescalings;
    this.spikesAtInstant = spikesAtInstant;
    this.inputCursor = input;
    if (stoppedByTime) this.stoppedAtSeconds = maxTimeSeconds;
    else if (spikes > 0) this.stoppedAtSeconds = undefined;
    this.touchSink = touched;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(n, spikes, startSeconds, this.timeSeconds, wallSeconds);
  }
}

/**
 * Largest key shift `|expShift(J)| = |J| / I` exponential keys take. Keys
 * are `w E` with the global factor `E` up to 2^256 between rescalings, and a
 * neuron that only receives inhibition sums its shifts; at 1e200 the keys
 * keep ~2^80 of headroom below the largest double. Beyond it a strongly
 * inhibited neuron's key overflows to +Infinity and it never fires again
 * (measured: j0 = 1e250 lost 136 of 11636 spikes in 12 s), where the phase
 * frame keeps its (very negative, finite) phase.
 */
export const EXP_KEY_MAX_SHIFT = 1e200;

/**
 * Why exponential keys cannot hold this network: a synapse whose jump would
 * overflow the keys (see {@link EXP_KEY_MAX_SHIFT}), or undefined. Engines
 * with exponential keys (`exp-key`, `wasm`) decline such networks, and
 * `engine: "auto"` runs them in the phase frame.
 */
export function expKeyHeadroomRefusal(model: ExpKeyModel, connectivity: Connectivity): string | undefined {
  const { min, max } = weightSummaryOf(connectivity);
  const largest = Math.max(Math.abs(model.expShift(min)), Math.abs(model.expShift(max)));
  return largest <= EXP_KEY_MAX_SHIFT ? undefined : `a jump of ${Math.abs(min) > Math.abs(max) ? min : max} shifts exponential keys by ${largest.toPrecision(3)} > ${EXP_KEY_MAX_SHIFT}, which overflows them (the phase frame runs it)`;
}

/** The exponential-key engine plugin (`"exp-key"`): phase frame without exp/log per input, for models with {@link ExpKeyModel} (LIF). */
export const expKeyEngine: PlainEnginePlugin = {
  kind: 'engine',
  name: 'exp-key',
  description: 'phase frame with exponential keys: no exp/log per input; homogeneous models with expShift (LIF), any queue',
  js: true,
  takesInputEvents: true,
  unsupportedReason: (request) =>
    jsEngineRefusal(request) ??
    (request.frame === 'time' ? 'the config asks for the time frame'
    : !request.expKeys ? 'the config turned exponential keys off'
    : !isExpKeyModel(request.model) ? `the model ${request.model.name} is not homogeneous with exponential keys (expShift)`
    : expKeyHeadroomRefusal(request.model, request.connectivity)),
  create: (request) => new ExpKeySimulator(request.model, request.queue!.create(request.model.size), request.connectivity, request.options, request.inputEvents),
  // the queue is the whole per-neuron state: its keys are built in place (or in one array handed to build)
  // (a key falls only through an excitatory weight: J > 0, a negative key shift; or an excitatory input);
  // input events add their key shifts (8 B each; times and targets are the caller's arrays)
  estimateBytes: (request) =>
    request.model.size * (request.queue?.bytesPerNeuron?.(weightSummaryOf(request.connectivity).max > 0 || excitatoryInputs(request.inputEvents)) ?? DEFAULT_QUEUE_BYTES_PER_NEURON) +
    16 * request.connectivity.maxOutDegree +
    8 * PHASE_CHUNK +
    8 * (request.inputEvents?.times.length ?? 0),
};

/** Whether any input event's jump excites (J > 0: a key can fall). */
function excitatoryInputs(events: KickEvents | undefined): boolean {
  return events !== undefined && events.weights.some((w) => w > 0);
}

/** Bytes per neuron assumed for a queue plugin that states none: an indexed heap (keys 8, slot 4, position 4) plus the keys handed to `build` (8). */
export const DEFAULT_QUEUE_BYTES_PER_NEURON = 24;
