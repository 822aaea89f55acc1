import {
  arrayPhaseSource,
  checkEngineState,
  checkPhaseChunk,
  checkPhases,
  constantPhaseSource,
  PHASE_CHUNK,
  type PhaseSource,
  type EngineState,
  EXP_KEY_LOG_RESCALE,
  expKeyTimeSeconds,
  type ExpKeyModel,
  InsufficientMemoryError,
  InvalidParameterError,
  isExpKeyModel,
  type NeuronModel,
  type RunOptions,
  type RunSummary,
  NonFiniteStateError,
  pastTimeLimit,
  RunawayExcitationError,
  resolveEngineOptions,
  runLimits,
  type Simulator,
  summarize,
  type CompressedRows,
  type Connectivity,
  type EngineOptions,
  checkKickEvents,
  type KickEvents,
} from '@sparseprop/core/plugin';
import { instantiateKernel, type KernelExports, releaseKernel, STOP_NONFINITE, STOP_RUNAWAY, STOP_SPIKES, STOP_TAPE, STOP_TIME } from './kernel-instance.js';

/** Spikes per kernel call: the output buffers hold this many (48 KiB). */
export const BATCH_SPIKES = 4096;

/** Linear memory the kernel may use: 32-bit addresses, minus one page. */
const MAX_KERNEL_BYTES = 2 ** 32 - 2 ** 16;

/**
 * The kernel's event queues: `heap32`, the 32-ary indexed heap (16 B per
 * neuron), or `calendar`, the lazy calendar queue (inhibitory inputs write a
 * key and move nothing; about 14 B per neuron, 23 with excitation).
 */
export type KernelQueue = 'heap32' | 'calendar';

/**
 * The kernel queue the engine uses by default at `n` neurons: the calendar,
 * measured faster than the 32-ary heap at every N from 1e3 to 1e7 (0.57–0.78×
 * its CPU time per spike, tools/bench `src/calendar/kernel-queues.ts`), up to
 * N = 1.5e8; above, the heap, whose layout (16 B per neuron against the
 * calendar's reserved 21) lets N reach 2.6e8 in the 4 GiB address space.
 */
export function defaultKernelQueue(n: number): KernelQueue {
  return n <= 1.5e8 ? 'calendar' : 'heap32';
}

/** Whether any synapse excites (J > 0: a key can fall, and the calendar tracks positions). */
function excites(connectivity: Connectivity): boolean {
  const rows = connectivity.rows;
  if (rows !== undefined) {
    for (let s = 0; s < rows.weight.length; s++) if (rows.weight[s] > 0) return true;
    return false;
  }
  return (connectivity.procedural?.weight ?? 0) > 0;
}

/**
 * About how many bytes of linear memory the kernel lays out (see
 * assembly/kernel.ts): per neuron 16 with the 32-ary heap; with the calendar
 * 8 of keys, 0.5 of window slots and a bucket pool reserved for its worst
 * case, 4.6 plus a chunk per slot (12.6), or with excitation 4 of positions
 * and 17.1 of pool. Of the pool only the chunks used are ever written
 * (about 4.6–6 B per neuron): resident memory is about 14 B per neuron. The
 * near heap grows beyond this only when many keys tie.
 */
export function kernelBytes(connectivity: Connectivity, queue: KernelQueue = defaultKernelQueue(connectivity.size)): number {
  const n = connectivity.size, k = connectivity.maxOutDegree;
  const rows = connectivity.rows;
  const network =
    rows !== undefined
      ? 12 * rows.post.length + 4 * (n + 1) // targets, key shifts and row starts
      : connectivity.procedural?.memoised ? 4 * n * k + n : 0; // memoised targets
  const perNeuron = queue === 'heap32' ? 16 : excites(connectivity) ? 8 + 0.5 + 4 + (64 * 2) / 14 + 8 : 8 + 0.5 + 64 / 14 + 8;
  return Math.ceil(perNeuron * n) + 16 * k + 12 * BATCH_SPIKES + network + 65536;
}

/**
 * About how many bytes of memory the kernel really holds at its peak, set-up
 * included (the layout of {@link kernelBytes} is partly a reserve that is
 * never written): per neuron 16 with the 32-ary heap; with the calendar 8 of
 * keys, about 5.3 of bucket chunks and 0.2 of window slots (measured 13.3 at
 * N = 1e7), or with excitation (synapses or input events) 4 of positions and up to twice the chunks;
 * plus the network's arrays, 20 per input event and the initial phases' one chunk.
 */
export function kernelResidentBytes(connectivity: Connectivity, queue: KernelQueue = defaultKernelQueue(connectivity.size), inputEvents?: KickEvents): number {
  const n = connectivity.size, k = connectivity.maxOutDegree;
  const rows = connectivity.rows;
  const network =
    rows !== undefined
      ? 12 * rows.post.length + 4 * (n + 1)
      : connectivity.procedural?.memoised ? 4 * n * k + n : 0;
  const mayFall = excites(connectivity) || (inputEvents !== undefined && inputEvents.weights.some((w) => w > 0));
  const perNeuron = queue === 'heap32' ? 16 : mayFall ? 8 + 4 + 2 * 5.5 + 0.5 : 8 + 5.5 + 0.5;
  const inputs = 20 * (inputEvents?.times.length ?? 0); // times, key shifts, targets
  return Math.ceil(perNeuron * n) + 16 * k + 12 * BATCH_SPIKES + network + inputs + 8 * PHASE_CHUNK + 65536;
}

/**
 * Why the kernel cannot run `model` on `connectivity`, or undefined when it
 * can: it needs an exponential-key model and a connectivity with the
 * `procedural` or `rows` capability.
 */
export function wasmUnsupportedReason(model: NeuronModel, connectivity: Connectivity): string | undefined {
  if (!isExpKeyModel(model)) return `model ${model.name} is not a homogeneous model with exponential keys (expShift); the kernel runs LIF-like models`;
  if (connectivity.procedural === undefined && connectivity.rows === undefined) {
    return 'the kernel runs connectivity that offers the procedural (fixed out-degree) or rows (explicit CSR) capability';
  }
  const bytes = kernelBytes(connectivity);
  if (bytes > MAX_KERNEL_BYTES) return `N = ${connectivity.size} needs ${(bytes / 2 ** 30).toFixed(2)} GiB of WebAssembly memory, above its 4 GiB address space`;
  return undefined;
}

/**
 * Room for the tape of exact spike-time gradients that a
 * {@link WasmExpKeySimulator} writes as it runs (explicit networks): what the
 * backward sweep of `@sparseprop/engine-wasm/gradients` reads, so no replay
 * is needed. When the run needs more, taping stops (the run goes on) and
 * {@link KernelTape.complete} is false.
 */
export interface TapeCapacity {
  /** Tape entries (8 B each): one per synaptic kick, two per input event; integer ≥ 0. */
  readonly events: number;
  /** Spikes (20 B each); integer ≥ 0. */
  readonly spikes: number;
}

/**
 * The tape of a run from the simulator's start (views into the kernel's
 * memory, valid until the next run or `dispose`): per kick the target's key
 * before it, per input event (key before, F), per spike its F and offsets
 * (the layout of assembly/kernel.ts, "the gradients' tape").
 */
export interface KernelTape {
  /** Whether every event of every run so far is on the tape. */
  readonly complete: boolean;
  readonly spikes: number;
  readonly entries: Float64Array;
  /** F of every spike. */
  readonly factor: Float64Array;
  /** Per spike (and one past the last): the first input event applied before it. */
  readonly inputStart: Int32Array;
  /** Per spike (and one past the last): the tape entry where its inputs start. */
  readonly spikeStart: Int32Array;
  /** Per spike: the tape entry where its kicks start. */
  readonly kickStart: Int32Array;
}

/** What {@link WasmExpKeySimulator.tapeBackward} computes: the backward sweep's raw results (fresh arrays). */
export interface TapeGradients {
  /** ∂L/∂J per synapse, in the network's CSR order. */
  readonly weights: Float64Array;
  /** ∂L/∂J of one weight shared by every synapse. */
  readonly uniformWeight: number;
  /** ∂L/∂T_k of every neuron's first spike time (dimensionless time). */
  readonly adjoint: Float64Array;
  /** ∂L/∂w per input channel (undefined without channels). */
  readonly inputWeights: Float64Array | undefined;
  /** Of the call, the time on its `clock` (seconds) spent laying out and zeroing the adjoints and gradients and copying ∂L/∂t in. */
  readonly setUpSeconds: number;
  /** Of the call, the time (seconds) spent copying the gradients out (fresh arrays: their first touches). */
  readonly copyOutSeconds: number;
}

/**
 * The exponential-key SparseProp engine (`ExpKeySimulator` of
 * `@sparseprop/core`) as one WebAssembly kernel: its queue is the lazy
 * calendar (an inhibitory input writes one key and moves nothing; entries
 * are repaired when they come up), or on request a 32-ary heap whose
 * sibling keys fill whole cache lines ({@link KernelQueue});
 * the procedural network's generator runs in 64-bit integers.
 * Same arithmetic in the same order, so the same spike train, bit for bit.
 *
 * Supports models with {@link ExpKeyModel} (LIF) on the procedural
 * {@link "@sparseprop/core"!FixedOutDegreeConnectivity} (generated in the kernel, memoised
 * exactly when that connectivity does) or an explicit
 * {@link "@sparseprop/core"!SparseConnectivity} (copied in: 12 bytes per synapse). Linear
 * memory is 32-bit: about 16 bytes per neuron plus the network must fit
 * 4 GiB, so N up to ~2.6e8 on the procedural network.
 *
 * Spikes are produced in batches of {@link BATCH_SPIKES}; `record`,
 * `onSpike` and `onProgress` see them in order after each batch (a
 * listener that throws stops the run with the rest of its batch done).
 */
export class WasmExpKeySimulator implements Simulator {
  readonly kind = 'exp-key' as const;
  /** Where the loop runs. */
  readonly backend = 'wasm' as const;
  readonly size: number;
  private readonly model: ExpKeyModel;
  private readonly kernel: KernelExports;
  private readonly omega: number;
  private readonly tau: number;
  /** Bytes of linear memory the kernel laid out. */
  readonly memoryBytes: number;

  /** The kernel's event queue. */
  readonly queue: KernelQueue;

  /**
   * @param queue the kernel's event queue; default {@link defaultKernelQueue} of N
   * @param inputEvents external kicks (seconds), merged with the spikes: an input at time t kicks its
   *   target before any spike at a time ≥ t (20 bytes per event of linear memory)
   * @param tape room for the gradients' tape, written as the simulator runs (explicit networks only; read it with {@link tape})
   */
  constructor(model: NeuronModel, connectivity: Connectivity, options: EngineOptions, queue?: KernelQueue, inputEvents?: KickEvents, tape?: TapeCapacity) {
    const reason = wasmUnsupportedReason(model, connectivity);
    if (reason !== undefined) throw new InvalidParameterError('engine', 'wasm', `a supported configuration: ${reason}`);
    const expModel = model as ExpKeyModel;
    const explicit = connectivity.rows;
    const fixed = explicit === undefined ? connectivity.procedural : undefined;
    if (connectivity.size !== model.size) {
      throw new InvalidParameterError('connectivity size', connectivity.size, `equal to the model size ${model.size}`);
    }
    if (inputEvents !== undefined) checkKickEvents(inputEvents, model.size);
    const resolved = resolveEngineOptions(options, model.size);
    this.model = expModel;
    this.size = model.size;
    this.omega = expModel.omega(0);
    this.tau = resolved.tau;
    const minusInvOmega = -1.0 / this.omega;
    this.queue = queue ?? defaultKernelQueue(this.size);
    if (this.queue !== 'heap32' && this.queue !== 'calendar') throw new InvalidParameterError('queue', this.queue, '"heap32" or "calendar"');
    // a key can fall (excitation) only with a negative key shift: the calendar then tracks positions
    const shift = fixed === undefined ? 0 : expModel.expShift(fixed.weight);
    let mayFall = shift < 0;
    if (explicit !== undefined) for (let s = 0; s < explicit.weight.length && !mayFall; s++) mayFall = expModel.expShift(explicit.weight[s]) < 0;
    if (inputEvents !== undefined) for (let c = 0; c < inputEvents.weights.length && !mayFall; c++) mayFall = expModel.expShift(inputEvents.weights[c]) < 0;
    this.kernel = instantiateKernel(tape !== undefined);
    const bytes = this.kernel.configure(
      this.size,
      connectivity.maxOutDegree,
      fixed?.seed ?? 0,
      shift,
      Math.exp(expModel.phiThreshold * minusInvOmega),
      Math.exp(expModel.phiReset * minusInvOmega),
      this.omega,
      EXP_KEY_LOG_RESCALE,
      BATCH_SPIKES,
      fixed?.memoised ? 1 : 0,
      explicit === undefined ? -1 : explicit.post.length,
      this.queue === 'calendar' ? 1 : 0,
      mayFall ? 1 : 0,
    );
    if (bytes === 0) throw new InsufficientMemoryError(kernelBytes(connectivity, this.queue), MAX_KERNEL_BYTES);
    this.memoryBytes = bytes;
    if (inputEvents !== undefined) {
      const total = this.kernel.configureInputs(inputEvents.times.length);
      if (total === 0) throw new InsufficientMemoryError(kernelBytes(connectivity, this.queue) + 20 * inputEvents.times.length, MAX_KERNEL_BYTES);
      this.memoryBytes = total;
      this.inputEventCount = inputEvents.times.length;
      this.copyInputs(inputEvents, expModel);
    }
    if (tape !== undefined) {
      if (explicit === undefined) throw new InvalidParameterError('tape', 'procedural network', 'an explicit network (rows) for the gradients\' tape');
      if (!(Number.isInteger(tape.events) && tape.events >= 0 && Number.isInteger(tape.spikes) && tape.spikes >= 0 && tape.spikes < 2 ** 30)) {
        throw new InvalidParameterError('tape', `${tape.events} events, ${tape.spikes} spikes`, 'integer counts ≥ 0 (spikes < 2^30)');
      }
      const total = this.kernel.configureTape(tape.events, tape.spikes);
      if (total === 0) throw new InsufficientMemoryError(this.memoryBytes + 8 * tape.events + 20 * (tape.spikes + 1), MAX_KERNEL_BYTES);
      this.memoryBytes = total;
      this.taping = true;
      this.synapses = explicit.post.length;
    }
    if (explicit !== undefined) this.copyNetwork(explicit, expModel);
    this.buildKeys(resolved.phaseSource ?? constantPhaseSource(this.size, model.phiReset));
  }

  get timeSeconds(): number {
    this.requireLive();
    return this.stoppedAtSeconds ?? expKeyTimeSeconds(this.kernel.currentFactor(), this.kernel.rescalingCount(), this.omega, this.tau);
  }

  /** The time limit the last run stopped at, reported exactly (the factor holds it only to rounding); undefined after a spike. */
  private stoppedAtSeconds: number | undefined;

  /** Exact order-preserving rescalings so far (each multiplies every key by 2^-256). */
  get rescalings(): number {
    return this.kernel.rescalingCount();
  }

  phases(): Float64Array {
    const { keys, positions } = this.views();
    const factor = this.kernel.currentFactor();
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = -this.omega * Math.log(keys[positions === undefined ? i : positions[i]] / factor);
    return out;
  }

  setPhases(phases: Float64Array): void {
    checkPhases(this.model, phases); // all of them before any key changes: a bad phase leaves the state as it was
    this.abandonTape();
    this.buildKeys(arrayPhaseSource(phases));
  }

  /**
   * Write every key into linear memory from phases read chunk by chunk (no
   * N-sized array of phases besides the kernel's own keys), then order the queue.
   */
  private buildKeys(source: PhaseSource): void {
    const n = this.size, model = this.model, minusInvOmega = -1.0 / this.omega;
    const factor = this.kernel.currentFactor();
    const { keys } = this.views();
    const chunk = new Float64Array(Math.min(n, PHASE_CHUNK));
    for (let start = 0; start < n; start += chunk.length) {
      const part = start + chunk.length <= n ? chunk : chunk.subarray(0, n - start);
      source.fill(start, part);
      checkPhaseChunk(model, start, part);
      for (let s = 0; s < part.length; s++) keys[start + s] = Math.exp(part[s] * minusInvOmega) * factor;
    }
    this.kernel.heapify();
  }

  /** The exact state: the global factor, the rescaling count and every neuron's key (the JS exp-key engine's format). */
  saveState(): EngineState {
    const { keys, positions } = this.views();
    const byNeuron = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) byNeuron[i] = keys[positions === undefined ? i : positions[i]];
    const numbers = {
      factor: this.kernel.currentFactor(),
      rescalings: this.kernel.rescalingCount(),
      spikesAtInstant: this.kernel.spikesOnThisInstant(),
      ...(this.kernel.inputCursor() > 0 ? { inputCursor: this.kernel.inputCursor() } : {}),
      ...(this.stoppedAtSeconds === undefined ? {} : { stoppedAt: this.stoppedAtSeconds }),
    };
    return { engine: this.kind, numbers, arrays: { keys: byNeuron } };
  }

  restoreState(state: EngineState): void {
    checkEngineState(state, this.kind, ['factor', 'rescalings', 'spikesAtInstant'], ['keys'], this.size);
    this.abandonTape();
    this.views().keys.set(state.arrays.keys); // slot p holds neuron p until heapify orders them
    this.kernel.heapify();
    this.kernel.setFactor(state.numbers.factor);
    this.kernel.setRescalings(state.numbers.rescalings);
    this.kernel.setSpikesAtInstant(state.numbers.spikesAtInstant);
    this.kernel.setInputCursor(state.numbers.inputCursor ?? 0); // inputs applied before the state was saved
    this.stoppedAtSeconds = Number.isFinite(state.numbers.stoppedAt) ? state.numbers.stoppedAt : undefined; // a time limit reached after the last spike
  }

  private taping = false;
  /** Synapses of the explicit network (set with a tape). */
  private synapses = 0;
  /** Input events laid out in the kernel. */
  private inputEventCount = 0;
  private tapeIncomplete = false;

  /**
   * The backward sweep of exact spike-time gradients in exponential keys
   * (`@sparseprop/training`'s, the same code as the gradients module's) on
   * the tape of the runs so far, in the kernel's memory: nothing is copied
   * but ∂L/∂t and the train's neurons in, the gradients out. Undefined when
   * the tape is incomplete or does not cover `neurons`, or memory cannot grow
   * (the caller replays). For the gradients of a training step; use
   * `tapedForward` of `@sparseprop/training`, which checks the model.
   *
   * @param neurons the spiking neuron of every spike of the runs (the recorded train)
   * @param dLossDTimes ∂L/∂t per spike (per second), finite
   * @param shiftSlope `s'` of the model's linear key shift `expShift(J) = s' J`
   * @param inputChannels the input events' channels (with input events)
   * @param channelShifts `expShift(w_c)` per channel (with input events)
   * @param clock the clock of {@link TapeGradients.setUpSeconds} and `copyOutSeconds` (ms; default `performance.now`)
   */
  tapeBackward(neurons: Int32Array, dLossDTimes: Float64Array, shiftSlope: number, inputChannels?: Int32Array, channelShifts?: Float64Array, clock: () => number = () => performance.now()): TapeGradients | undefined {
    const tape = this.tape();
    if (tape === undefined || !tape.complete || tape.spikes !== neurons.length || dLossDTimes.length !== neurons.length) return undefined;
    const events = this.inputEventCount;
    if (events > 0 && (inputChannels?.length !== events || channelShifts === undefined)) {
      throw new InvalidParameterError('inputChannels', inputChannels?.length, `the ${events} input events' channels, with channelShifts`);
    }
    if (inputChannels !== undefined && channelShifts !== undefined) {
      for (let q = 0; q < inputChannels.length; q++) {
        if (!(inputChannels[q] >= 0 && inputChannels[q] < channelShifts.length)) throw new InvalidParameterError(`inputChannels[${q}]`, inputChannels[q], `a channel in [0, ${channelShifts.length - 1}]`);
      }
    }
    const k = this.kernel, channels = channelShifts?.length ?? 0;
    const start = clock();
    if (k.configureBackward(channels) === 0) return undefined;
    const buffer = k.memory.buffer, spikes = neurons.length, nnz = this.synapses;
    new Int32Array(buffer, k.backwardNeuronsPointer(), spikes).set(neurons);
    new Float64Array(buffer, k.backwardDLossPointer(), spikes).set(dLossDTimes);
    if (inputChannels !== undefined) new Int32Array(buffer, k.backwardChannelsPointer(), inputChannels.length).set(inputChannels);
    if (channelShifts !== undefined) new Float64Array(buffer, k.backwardChannelShiftsPointer(), channels).set(channelShifts);
    const swept = clock();
    const uniformWeight = k.backwardOfTape(shiftSlope, this.tau);
    const copied = clock();
    const weights = new Float64Array(buffer, k.backwardGradientPointer(), nnz).slice();
    const adjoint = new Float64Array(buffer, k.backwardAdjointPointer(), this.size).slice();
    const inputWeights = channelShifts === undefined ? undefined : new Float64Array(buffer, k.backwardInputGradientPointer(), channels).slice();
    return { weights, uniformWeight, adjoint, inputWeights, setUpSeconds: (swept - start) / 1000, copyOutSeconds: (clock() - copied) / 1000 };
  }

  /** A state set from outside breaks the tape's chain of events: taping stops. */
  private abandonTape(): void {
    if (!this.taping) return;
    this.kernel.stopTape();
    this.tapeIncomplete = true;
  }

  /** The gradients' tape of the runs so far (undefined: the simulator was made without one). */
  tape(): KernelTape | undefined {
    this.requireLive();
    if (!this.taping) return undefined;
    const k = this.kernel, buffer = k.memory.buffer, spikes = k.tapeSpikeCount();
    return {
      complete: !this.tapeIncomplete && k.tapeActive() === 1,
      spikes,
      entries: new Float64Array(buffer, k.tapePointer(), k.tapeEntryCount()),
      factor: new Float64Array(buffer, k.tapeFactorPointer(), spikes),
      inputStart: new Int32Array(buffer, k.tapeInputStartPointer(), spikes + 1),
      spikeStart: new Int32Array(buffer, k.tapeSpikeStartPointer(), spikes + 1),
      kickStart: new Int32Array(buffer, k.tapeKickStartPointer(), spikes),
    };
  }

  /** The simulator will not be used again: its kernel instance goes to the next simulator (any later call throws). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    releaseKernel(this.kernel, this.taping);
  }

  private disposed = false;

  private requireLive(): void {
    if (this.disposed) throw new InvalidParameterError('simulator', 'disposed', 'a simulator that was not disposed');
  }

  run(options: RunOptions): RunSummary {
    this.requireLive();
    const startSeconds = this.timeSeconds;
    const { maxSpikes, maxTimeSeconds, progressEvery } = runLimits(options, startSeconds);
    const past = pastTimeLimit(this.size, maxTimeSeconds, startSeconds);
    if (past !== undefined) return past;
    const kernel = this.kernel, omega = this.omega, tau = this.tau;
    const phaseEnd = (maxTimeSeconds * omega) / tau;
    const record = options.record, onSpike = options.onSpike, onProgress = options.onProgress;
    // the calendar's near heap may grow linear memory during a batch, which detaches every
    // view of the old buffer: the output views are rebuilt whenever the buffer changed
    let memory = kernel.memory.buffer;
    let times = new Float64Array(memory, kernel.outTimesPointer(), BATCH_SPIKES);
    let neurons = new Int32Array(memory, kernel.outNeuronsPointer(), BATCH_SPIKES);
    let spikes = 0, nextProgress = progressEvery, status = STOP_SPIKES;
    kernel.beginRun();
    kernel.setInputEnd(maxTimeSeconds);
    const wallStart = performance.now();
    while (spikes < maxSpikes) {
      const batch = Math.min(BATCH_SPIKES, maxSpikes - spikes, nextProgress - spikes);
      status = this.taping && kernel.tapeActive() === 1 ? kernel.runTaped(batch, phaseEnd, tau) : kernel.run(batch, phaseEnd, tau);
      const emitted = kernel.emittedSpikes();
      if (kernel.memory.buffer !== memory) {
        memory = kernel.memory.buffer;
        times = new Float64Array(memory, kernel.outTimesPointer(), BATCH_SPIKES);
        neurons = new Int32Array(memory, kernel.outNeuronsPointer(), BATCH_SPIKES);
      }
      if (record !== undefined) for (let s = 0; s < emitted; s++) record.push(times[s], neurons[s]);
      if (onSpike !== undefined) for (let s = 0; s < emitted; s++) onSpike(times[s], neurons[s]);
      spikes += emitted;
      if (spikes > 0) this.stoppedAtSeconds = undefined;
      if (status === STOP_RUNAWAY) throw new RunawayExcitationError(this.timeSeconds, kernel.spikesOnThisInstant());
      if (status === STOP_NONFINITE) throw new NonFiniteStateError(this.timeSeconds, kernel.nonFiniteNeuron(), kernel.nonFinitePhase());
      if (status === STOP_TAPE) {
        // the tape is full: the run goes on untaped (the gradients then replay)
        kernel.stopTape();
        this.tapeIncomplete = true;
        status = STOP_SPIKES;
      }
      if (spikes === nextProgress) {
        nextProgress += progressEvery;
        if (onProgress !== undefined) onProgress(spikes);
      }
      if (status !== STOP_SPIKES) break;
    }
    if (status === STOP_TIME) this.stoppedAtSeconds = maxTimeSeconds;
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return summarize(this.size, spikes, startSeconds, this.timeSeconds, wallSeconds);
  }

  /** Copy the input events into the kernel: times, key shifts `expShift(weights[channel])` and targets. */
  private copyInputs(events: KickEvents, model: ExpKeyModel): void {
    const buffer = this.kernel.memory.buffer, m = events.times.length;
    new Float64Array(buffer, this.kernel.inputTimesPointer(), m).set(events.times);
    new Int32Array(buffer, this.kernel.inputTargetsPointer(), m).set(events.targets);
    const shifts = new Float64Array(buffer, this.kernel.inputShiftsPointer(), m);
    const channelShifts = Float64Array.from(events.weights, (w) => model.expShift(w));
    const channels = events.channels;
    for (let q = 0; q < m; q++) shifts[q] = channelShifts[channels[q]];
  }

  /** Copy an explicit network into the kernel, with each synapse's key shift `expShift(J)`. */
  private copyNetwork(network: CompressedRows, model: ExpKeyModel): void {
    const buffer = this.kernel.memory.buffer, nnz = network.post.length;
    new Int32Array(buffer, this.kernel.csrStartsPointer(), this.size + 1).set(network.rowStart);
    new Int32Array(buffer, this.kernel.csrTargetsPointer(), nnz).set(network.post);
    const shifts = new Float64Array(buffer, this.kernel.csrShiftsPointer(), nnz);
    const weights = network.weight;
    for (let s = 0; s < nnz; s++) shifts[s] = model.expShift(weights[s]);
  }

  /**
   * Views of the kernel's key and position arrays (recreated: memory may
   * have grown). With the calendar the keys are by neuron: no positions.
   */
  private views(): { keys: Float64Array; positions: Int32Array | undefined } {
    this.requireLive();
    const buffer = this.kernel.memory.buffer;
    return {
      keys: new Float64Array(buffer, this.kernel.keysPointer(), this.size),
      positions: this.kernel.keysByNeuron() === 1 ? undefined : new Int32Array(buffer, this.kernel.positionsPointer(), this.size),
    };
  }
}
