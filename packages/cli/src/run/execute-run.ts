import { FigureRecorder, SpikeStatistics } from '@sparseprop/analysis/statistics';
import type { RunSummary, SpikeListener } from '@sparseprop/core';
import { allPopulation, type PopulationRange } from '@sparseprop/io';
import type { OutputStream } from '../cli-io.js';
import type { NamedInput } from '../io/output-file.js';
import { type SpikeOutput, openSpikeOutput } from '../io/spike-output.js';
import { type FigureTarget, resolveFigureTarget, writeFigure } from '../plot/figure-output.js';
import { planCheckpoints, saveCheckpoint } from './checkpoints.js';
import { openRecording, planRecording, type RecordingContext, recordingInputs } from './recording.js';
import type { PreparedRun } from './prepare-run.js';
import type { ProgressReporter } from './progress.js';
import { type CliRunSummary, toCliSummary } from './run-summary.js';

/**
 * Largest network whose statistics the run computes while it streams: they
 * keep ~80 bytes per neuron (ISI, Fano-window and synchrony-bin counters), so
 * 2e6 neurons cost 160 MB; larger runs report none (draw them with
 * `sparseprop plot` from the spike file).
 */
export const STATISTICS_MAX_NEURONS = 2_000_000;

/** Where a prepared run's output goes. */
export interface ExecuteOptions {
  /** Stream the spikes to this CSV file (relative to `cwd`; `-` is `stdout`), replaced only when the run succeeds. */
  readonly out?: string;
  readonly cwd: string;
  readonly progress: ProgressReporter;
  /** The run's input files: `out` must not be one of them. */
  readonly inputs?: readonly NamedInput[];
  /** Where `--out -` writes. */
  readonly stdout?: OutputStream;
  /**
   * Spikes per slice of the run (default {@link defaultSliceSpikes}). Between
   * slices the command yields to the event loop, so SIGINT/SIGTERM handlers
   * run (and remove the temporary output) within one slice. The slicing does
   * not change the spikes: a run continues exactly where the last stopped.
   */
  readonly sliceSpikes?: number;
  /** Named populations of the network (for the spike file, the statistics and the figure colours). */
  readonly populations?: readonly PopulationRange[];
}

/**
 * Spikes per slice: 65536 for SparseProp (~0.1–1 s at 1–11 µs per spike);
 * the O(N) reference costs ~N ns per spike, so it slices at ~2^24 / N.
 * It depends on the network only, never on the clock, so a run is sliced the
 * same way every time.
 */
export function defaultSliceSpikes(prepared: PreparedRun): number {
  if (prepared.composed.engine !== 'reference') return 65536;
  return Math.max(16, Math.floor(2 ** 24 / prepared.composed.network.n));
}

/**
 * Run a prepared simulation to its stop condition, streaming spikes to the
 * `--out` file and updating the progress bar. On failure the bar is removed
 * and the partial output deleted before the error propagates.
 */
export async function executeRun(prepared: PreparedRun, options: ExecuteOptions): Promise<CliRunSummary> {
  const { composed } = prepared;
  const n = composed.simulator.size;
  const populations = options.populations ?? networkPopulations(prepared);
  const plotPath = prepared.config?.plot;
  // every output is checked (and the spike file opened) before the run starts
  // checkpoints first: --resume restores the state every later step starts from
  const checkpoints = planCheckpoints(prepared, options.cwd, options.inputs ?? []);
  const figure: FigureTarget | undefined = plotPath === undefined ? undefined : resolveFigureTarget(plotPath, options.cwd, options.inputs ?? [], '--plot file');
  const startSeconds = composed.simulator.timeSeconds;
  // --record, --record-neurons, --rates, --voltages: checked (population names, neuron ranges, bins, sample times, paths) before any output opens
  const recordingContext: RecordingContext = {
    n,
    populations: populations ?? [allPopulation(n)],
    stop: prepared.stop,
    startSeconds,
    cwd: options.cwd,
    inputs: options.inputs ?? recordingInputs(prepared.config ?? {}),
    stdout: options.stdout,
    simulator: composed.simulator,
    voltages: prepared.voltages,
    model: prepared.voltages === undefined ? composed.model : undefined,
    otherOutputs: [
      { flag: '--out', path: options.out },
      { flag: '--plot', path: plotPath },
      { flag: '--checkpoint', path: prepared.config?.checkpoint },
    ].filter((o): o is { flag: string; path: string } => o.path !== undefined),
  };
  const plan = planRecording({ ...prepared.config, out: options.out }, recordingContext);
  const writer: SpikeOutput | undefined = options.out === undefined ? undefined : await openSpikeOutput(options.out, options.cwd, { neurons: n, populations, params: runParameters(prepared) }, options.inputs, options.stdout);
  let recording: ReturnType<typeof openRecording>;
  try {
    recording = openRecording(plan, recordingContext);
  } catch (error) {
    writer?.abort();
    throw error;
  }
  const { rates, voltages } = recording;
  const keep = plan.keep;
  // statistics for the summary up to STATISTICS_MAX_NEURONS, and always for a figure (its histograms need them)
  const statistics = n <= STATISTICS_MAX_NEURONS || figure !== undefined ? new SpikeStatistics({ neurons: n, populations, startSeconds }) : undefined;
  // the figure's raster dots and rate bins, collected as the run streams: O(dots + bins) memory, not the whole train
  const recorded = figure === undefined ? undefined : new FigureRecorder({ neuronCount: n, populations, startSeconds });
  const progress = options.progress;
  let lastSpikeSeconds = 0;
  const onSpike: SpikeListener = (t, j) => {
    if (keep === undefined || keep[j] === 1) writer?.write(t, j);
    rates?.add(t, j);
    statistics?.add(t, j);
    recorded?.add(t, j);
    lastSpikeSeconds = t;
  };
  const { stop } = prepared;
  const simulator = prepared.composed.simulator;
  const slice = options.sliceSpikes ?? defaultSliceSpikes(prepared);
  let done = 0;
  const before = checkpoints.spikesBefore; // a resumed run's spikes before the checkpoint (stop conditions count from t = 0)
  const onProgress = (spikes: number) => progress.update(done + spikes, lastSpikeSeconds);
  let nextCheckpoint = checkpoints.every === undefined ? Infinity : (Math.floor(simulator.timeSeconds / checkpoints.every) + 1) * checkpoints.every;
  // Ctrl-C / kill between slices: the state is whole there, so the last checkpoint is written before the process dies
  // (once: then the command's own handlers end the process as they would without a checkpoint)
  const signals = checkpoints.target === undefined ? [] : (['SIGINT', 'SIGTERM', 'SIGHUP'] as const);
  const onSignal = (signal: NodeJS.Signals) => {
    for (const s of signals) process.removeListener(s, onSignal);
    saveCheckpoint(checkpoints, prepared, before + done);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal); // no other handler: die of it, as by default
  };
  for (const signal of signals) process.prependListener(signal, onSignal);
  try {
    progress.start();
    let first: RunSummary | undefined, last: RunSummary | undefined;
    let wallSeconds = 0;
    const endLimit = stop.kind === 'duration' ? stop.seconds : Infinity;
    let samplesSinceYield = 0;
    for (;;) {
      const want = stop.kind === 'spikes' ? Math.max(0, Math.min(slice, stop.spikes - before - done)) : slice;
      // a voltage sample stops the run exactly at its time (every event up to it applied), then it goes on
      const sampleAt = voltages?.times.peek() ?? Infinity;
      let sliceEnd = prepared.sliceSeconds === undefined ? Infinity : simulator.timeSeconds + prepared.sliceSeconds;
      if (!(sliceEnd > simulator.timeSeconds)) sliceEnd = Infinity; // a slice too short to advance the clock: by spikes only
      const until = Math.min(endLimit, sampleAt, sliceEnd);
      const summary = simulator.run({
        maxSpikes: want,
        maxTimeSeconds: until === Infinity ? undefined : until,
        onSpike,
        onProgress,
        progressEvery: progress.every,
      });
      first ??= summary;
      last = summary;
      wallSeconds += summary.wallSeconds;
      done += summary.spikes;
      progress.update(done, lastSpikeSeconds);
      if (stop.kind === 'spikes' && before + done >= stop.spikes) break;
      if (summary.spikes < want && until !== Infinity) {
        // stopped at the time limit: a sample time (then on), the end of a --duration run, or of a time slice (on)
        if (sampleAt === until) {
          voltages?.take(until);
          if (++samplesSinceYield < SAMPLES_PER_YIELD) continue;
          samplesSinceYield = 0; // then the checkpoint check and a yield to signal handlers, as after a slice
        } else if (until === endLimit) break;
      }
      if (simulator.timeSeconds >= nextCheckpoint) {
        saveCheckpoint(checkpoints, prepared, before + done);
        nextCheckpoint = (Math.floor(simulator.timeSeconds / (checkpoints.every as number)) + 1) * (checkpoints.every as number);
      }
      await yieldToEventLoop();
    }
    for (const signal of signals) process.removeListener(signal, onSignal);
    saveCheckpoint(checkpoints, prepared, before + done);
    progress.stop();
    const end = (last as RunSummary).endSeconds;
    await writer?.commit();
    rates?.finish(end);
    voltages?.commit();
    const summary = toCliSummary({ ...(last as RunSummary), startSeconds: (first as RunSummary).startSeconds, spikes: done, wallSeconds });
    const finished = statistics?.finish(end);
    if (finished !== undefined && n <= STATISTICS_MAX_NEURONS) summary.populations = finished.populations;
    if (figure !== undefined && recorded !== undefined) {
      await writeFigure(
        figure,
        {
          times: [],
          neurons: [],
          recorded,
          neuronCount: n,
          populations,
          startSeconds: (first as RunSummary).startSeconds,
          endSeconds: end,
          model: prepared.config?.model ?? composed.model.name,
          k: composed.network.k,
          source: `engine ${composed.engine}${composed.network.seed === undefined ? '' : `, seed ${composed.network.seed}`}`,
        },
        options.cwd,
        options.stdout,
        '--plot file',
        { statistics: finished },
      );
    }
    return summary;
  } catch (error) {
    for (const signal of signals) process.removeListener(signal, onSignal);
    progress.stop();
    writer?.abort();
    recording.abort();
    throw error;
  }
}

/** Voltage samples between two yields to the event loop (a sample is one short run and a few reads). */
const SAMPLES_PER_YIELD = 256;

/** Let pending I/O and signal handlers run (setImmediate runs after the poll phase that delivers signals). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

/** Populations the composed network declares, if any (networks built from populations carry their ranges). */
function networkPopulations(prepared: PreparedRun): readonly PopulationRange[] | undefined {
  const declared = (prepared.composed as { populations?: readonly PopulationRange[] }).populations ?? (prepared.composed.network as { populations?: readonly PopulationRange[] }).populations;
  return Array.isArray(declared) && declared.length > 0 ? declared : undefined;
}

/** The run's parameters, stored in `.npz` and `.h5` spike files. */
function runParameters(prepared: PreparedRun): Record<string, unknown> {
  const { composed, config } = prepared;
  return {
    model: config?.model ?? composed.model.name,
    modelParams: config?.modelParams ?? {},
    engine: composed.engine,
    queue: composed.queue ?? null,
    ...composed.network,
    network: config?.network ?? 'procedural',
    init: config?.init ?? 'random',
    stop: prepared.stop,
  };
}
