import { resolve } from 'node:path';
import { InputFormatError, InvalidParameterError, type NeuronModel, type Simulator, type VoltageSimulator } from '@sparseprop/core';
import type { PopulationRange } from '@sparseprop/io';
import { CliFileError, CliOutputError, CliUsageError } from '../cli-errors.js';
import type { OutputStream } from '../cli-io.js';
import { formatExact } from '../io/format-exact.js';
import { isInlineNeuronList, readNeuronList } from '../io/neuron-list.js';
import { type NamedInput, OutputFile, type OutputTarget, resolveOutputTarget } from '../io/output-file.js';
import { readInputText } from '../io/read-input-file.js';
import { quoteInput } from '../quote-input.js';
import type { RunConfig } from './run-config.js';
import type { StopCondition } from './stop-condition.js';

/**
 * Most rows a `--rates` or `--voltages` file may get (about 3 GB of CSV):
 * a `--duration` run that would write more is refused before it starts, a
 * `--spikes` run (whose end time is not known in advance) fails when it
 * gets there (exit status 1, nothing written). It also bounds the work of a
 * tiny bin or sampling interval, which would otherwise run for ever.
 */
export const MAX_RECORDING_ROWS = 1e8;

/** Characters of CSV text collected before one write to the output. */
const CHUNK_CHARS = 1 << 16;

/** The recording settings of a run (flags or config keys of the same names). */
export type RecordingConfig = Pick<RunConfig, 'record' | 'record-neurons' | 'rates' | 'rate-bin' | 'voltages' | 'voltage-neurons' | 'sample-every' | 'sample-times' | 'out' | 'resume'>;

/** What a run needs to know to check and set up its recording. */
export interface RecordingContext {
  /** Network neurons. */
  readonly n: number;
  /** Named populations in index order (one `"all"` for the plain network). */
  readonly populations: readonly PopulationRange[];
  readonly stop: StopCondition;
  /** Simulated time the run starts from (a resumed run: the checkpoint's). */
  readonly startSeconds: number;
  readonly cwd: string;
  /** The run's input files, which no output may overwrite. */
  readonly inputs: readonly NamedInput[];
  /** Where `-` writes. */
  readonly stdout?: OutputStream;
  /** The simulator, its voltages readable at any time a run stops: the network engines, else phases and the model. */
  readonly simulator: Simulator;
  readonly voltages?: VoltageSimulator;
  readonly model?: NeuronModel;
  /** Other outputs of the run (`--out`, `--plot`, `--checkpoint`), which the recording outputs must not be. */
  readonly otherOutputs: readonly { flag: string; path: string }[];
}

/** The checked recording of a run, before anything is opened. */
export interface RecordingPlan {
  /** `--record`/`--record-neurons`: `keep[i] === 1` for the neurons whose spikes `--out` gets; undefined: every spike. */
  readonly keep?: Uint8Array;
  readonly rates?: { readonly target: OutputTarget; readonly bin: number };
  readonly voltages?: { readonly target: OutputTarget; readonly neurons: Int32Array; readonly times: SampleTimes };
}

/** The flags that name recording inputs (files of neuron indices or sample times), for the output policy. */
export function recordingInputs(config: RecordingConfig): NamedInput[] {
  const inputs: NamedInput[] = [];
  for (const flag of ['record-neurons', 'voltage-neurons'] as const) {
    const value = config[flag];
    if (value !== undefined && !isInlineNeuronList(value)) inputs.push({ flag: `--${flag}`, path: value });
  }
  if (config['sample-times'] !== undefined) inputs.push({ flag: '--sample-times', path: config['sample-times'] });
  return inputs;
}

/**
 * Check every recording flag against the run: flags that need others,
 * population names, neuron indices in `[0, n)`, bins and sampling intervals
 * (finite, > 0), sample times (increasing, within the run), the row limit
 * ({@link MAX_RECORDING_ROWS}), and the output paths (writable by the output
 * policy, none the same file as another output or an input, at most one on
 * standard output). Every refusal is a typed error naming the flag (exit
 * status 2); nothing is opened.
 */
export function planRecording(config: RecordingConfig, context: RecordingContext): RecordingPlan {
  requireTogether(config);
  const targets: { flag: string; target: OutputTarget }[] = [];
  const outputTarget = (flag: 'rates' | 'voltages'): OutputTarget => {
    const target = resolveOutputTarget(config[flag] as string, context.cwd, context.inputs, `--${flag} file`);
    targets.push({ flag: `--${flag}`, target });
    return target;
  };
  let keep: Uint8Array | undefined;
  if (config.record !== undefined || config['record-neurons'] !== undefined) {
    keep = new Uint8Array(context.n);
    if (config.record !== undefined) {
      for (const population of populationsNamed(config.record, context.populations)) keep.fill(1, population.first, population.first + population.count);
    }
    if (config['record-neurons'] !== undefined) {
      for (const i of readNeuronList('--record-neurons', config['record-neurons'], context.n, context.cwd)) keep[i] = 1;
    }
  }
  let rates: RecordingPlan['rates'];
  if (config.rates !== undefined) {
    const bin = config['rate-bin'] as number;
    if (!(Number.isFinite(bin) && bin > 0)) throw new InvalidParameterError('--rate-bin', bin, 'a finite number of seconds > 0');
    if (context.stop.kind === 'duration') {
      const rows = Math.ceil(Math.max(0, context.stop.seconds - context.startSeconds) / bin + 1) * context.populations.length;
      if (rows > MAX_RECORDING_ROWS) {
        throw new InvalidParameterError('--rate-bin', bin, `at least ${formatExact(((context.stop.seconds - context.startSeconds) * context.populations.length) / MAX_RECORDING_ROWS)} s for this --duration and ${context.populations.length} population(s) (at most ${MAX_RECORDING_ROWS.toExponential(0)} rows in --rates)`);
      }
    }
    rates = { target: outputTarget('rates'), bin };
  }
  let voltages: RecordingPlan['voltages'];
  if (config.voltages !== undefined) {
    if (context.voltages === undefined && context.model === undefined) throw new CliUsageError('--voltages needs a simulator whose voltages can be read (a network run or a model with a voltage map)');
    const neurons = readNeuronList('--voltage-neurons', config['voltage-neurons'] as string, context.n, context.cwd);
    const times = config['sample-every'] !== undefined ? everySample(config['sample-every'], context, config.resume !== undefined, neurons.length) : listedSamples(config['sample-times'] as string, context, config.resume !== undefined, neurons.length);
    voltages = { target: outputTarget('voltages'), neurons, times };
  }
  checkDistinctOutputs(targets, context);
  return { keep, rates, voltages };
}

/** Flags that only make sense with others. */
function requireTogether(config: RecordingConfig): void {
  const needs = (flag: keyof RecordingConfig, other: keyof RecordingConfig, what: string) => {
    if (config[flag] !== undefined && config[other] === undefined) throw new CliUsageError(`--${flag} needs --${other} ${what}`);
  };
  needs('record', 'out', 'FILE (it chooses which spikes the spike file gets)');
  needs('record-neurons', 'out', 'FILE (it chooses which spikes the spike file gets)');
  needs('rate-bin', 'rates', 'FILE');
  needs('rates', 'rate-bin', 'SECONDS (the width of a bin)');
  for (const flag of ['voltage-neurons', 'sample-every', 'sample-times'] as const) needs(flag, 'voltages', 'FILE');
  needs('voltages', 'voltage-neurons', 'LIST (the neurons whose voltages are written: 0,5,17, ranges 0-99, or a file)');
  if (config.voltages !== undefined && (config['sample-every'] === undefined) === (config['sample-times'] === undefined)) {
    throw new CliUsageError('--voltages needs one of --sample-every SECONDS or --sample-times FILE');
  }
}

/** The populations `--record` names (comma-separated), each once. */
function populationsNamed(list: string, populations: readonly PopulationRange[]): PopulationRange[] {
  const names = populations.map((p) => p.name).join(', ');
  const chosen: PopulationRange[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim();
    const population = populations.find((p) => p.name === name);
    if (population === undefined) throw new InvalidParameterError('--record', name, `population names of this network, comma-separated: ${names}`);
    if (!chosen.includes(population)) chosen.push(population);
  }
  return chosen;
}

/** Outputs must be distinct files (and at most one may be standard output). */
function checkDistinctOutputs(targets: readonly { flag: string; target: OutputTarget }[], context: RecordingContext): void {
  if (targets.length === 0) return;
  const others = context.otherOutputs.map(({ flag, path }) => ({ flag, target: resolveOutputTarget(path, context.cwd, [], `${flag} file`) }));
  const all = [...others, ...targets];
  for (let a = 0; a < targets.length; a++) {
    const { flag, target } = targets[a];
    for (const other of all) {
      if (other.target === target) continue;
      const same = target.kind === 'stdout' ? other.target.kind === 'stdout' : target.kind !== 'stream' && other.target.kind !== 'stdout' && where(other.target, context.cwd) === where(target, context.cwd);
      if (same && all.indexOf(other) < all.indexOf(targets[a])) {
        throw new CliFileError(target.path, `write the ${flag} file`, `it is also the ${other.flag} file${target.kind === 'stdout' ? ' (one output at most goes to standard output)' : ''}`);
      }
    }
  }
}

function where(target: OutputTarget, cwd: string): string {
  return resolve(cwd, target.realPath ?? target.path);
}

/** Sample times in increasing order, produced one at a time. */
export interface SampleTimes {
  /** The next sample time (seconds), `+Infinity` when there is none. */
  peek(): number;
  pop(): void;
}

/**
 * `--sample-every dt`: `t_k = k·dt` (each a product, no accumulated sum) from
 * the run's start (included for a fresh run, excluded for a resumed one, whose
 * earlier part wrote it) to its `--duration` (included).
 */
function everySample(dt: number, context: RecordingContext, resumed: boolean, neurons: number): SampleTimes {
  if (!(Number.isFinite(dt) && dt > 0)) throw new InvalidParameterError('--sample-every', dt, 'a finite number of seconds > 0');
  const start = context.startSeconds;
  const end = context.stop.kind === 'duration' ? context.stop.seconds : Infinity;
  if (end !== Infinity) {
    const rows = (Math.floor(Math.max(0, end - start) / dt) + 1) * neurons;
    if (rows > MAX_RECORDING_ROWS) {
      throw new InvalidParameterError('--sample-every', dt, `at least ${formatExact(((end - start) * neurons) / MAX_RECORDING_ROWS)} s for this --duration and ${neurons} neuron(s) (at most ${MAX_RECORDING_ROWS.toExponential(0)} rows in --voltages)`);
    }
  }
  let k = Math.max(0, Math.floor(start / dt) - 1);
  while (resumed ? k * dt <= start : k * dt < start) k++;
  return {
    peek: () => (k * dt <= end ? k * dt : Infinity),
    pop: () => void k++,
  };
}

/**
 * `--sample-times FILE`: one time per line (seconds, finite, ≥ 0, strictly
 * increasing; `#` comments and a header `time_s` skipped). With `--duration`
 * every time must be within it; times before a resumed run's start are
 * skipped (its earlier part wrote them).
 */
function listedSamples(path: string, context: RecordingContext, resumed: boolean, neurons: number): SampleTimes {
  const lines = readInputText(path, context.cwd, '--sample-times file').split(/\r?\n/);
  const times: number[] = [];
  const end = context.stop.kind === 'duration' ? context.stop.seconds : Infinity;
  let header = true;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l].replace(/#.*/, '').trim();
    if (line === '') continue;
    if (header && /^time(_s)?$/i.test(line)) {
      header = false;
      continue;
    }
    header = false;
    const t = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(line) ? Number(line) : NaN;
    if (!(Number.isFinite(t) && t >= 0)) throw new InputFormatError(path, l + 1, `${quoteInput(line)} is not a time in seconds (a finite number ≥ 0, one per line)`);
    if (times.length > 0 && !(t > times[times.length - 1])) throw new InputFormatError(path, l + 1, `time ${formatExact(t)} must be after the previous one, ${formatExact(times[times.length - 1])} (strictly increasing)`);
    if (t > end) throw new InputFormatError(path, l + 1, `time ${formatExact(t)} is after the end of the run (--duration ${formatExact(end)})`);
    times.push(t);
  }
  if (times.length === 0) throw new InputFormatError(path, Math.max(1, lines.length), 'no sample time in the --sample-times file (one time in seconds per line)');
  if (times.length * neurons > MAX_RECORDING_ROWS) throw new InvalidParameterError('--sample-times', `${times.length} times × ${neurons} neurons`, `at most ${MAX_RECORDING_ROWS.toExponential(0)} rows in --voltages`);
  let at = 0;
  while (at < times.length && (resumed ? times[at] <= context.startSeconds : times[at] < context.startSeconds)) at++;
  return {
    peek: () => (at < times.length ? times[at] : Infinity),
    pop: () => void at++,
  };
}

/** CSV text collected in chunks and written to an {@link OutputFile}, with a row limit. */
class CsvOutput {
  private text = '';
  private rows = 0;
  constructor(
    private readonly file: OutputFile,
    private readonly flag: string,
    header: string,
  ) {
    this.text = `${header}\n`;
  }

  row(line: string): void {
    if (++this.rows > MAX_RECORDING_ROWS) {
      throw new CliOutputError(this.file.target.path, `more than ${MAX_RECORDING_ROWS.toExponential(0)} rows (give a larger bin or sampling interval, or a shorter run)`, `${this.flag} file`);
    }
    this.text += line;
    if (this.text.length >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.text === '') return;
    this.file.write(this.text);
    this.text = '';
  }

  commit(): void {
    this.flush();
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/**
 * `--rates FILE --rate-bin W`: the spikes of each population counted in bins
 * of `W` seconds, streamed as CSV `t_start_s,t_end_s,population,spikes,rate_hz`
 * (one row per bin and population, populations in index order). A spike at
 * time `t` falls in bin `floor(t / W)`, which covers `[b W, (b+1) W)` clipped
 * to the run `[start, end]`; the last bin is closed at the run's end (a spike
 * at exactly the end time counts in it). `rate_hz = spikes / ((t_end_s −
 * t_start_s) · population size)`: per neuron, over the part of the bin the
 * run covered. O(populations) memory.
 */
export class RateRecorder {
  private readonly counts: Float64Array;
  /** Spikes at exactly `pendingBin · W`: bin `pendingBin`'s, unless the run ends at that instant (then bin `pendingBin - 1`'s). */
  private readonly pending: Float64Array;
  private pendingBin = -1;
  /** The open bin: `counts` belong to it; every earlier bin is written. */
  private bin: number;
  private readonly firstBin: number;

  private constructor(
    private readonly out: CsvOutput,
    private readonly populations: readonly PopulationRange[],
    private readonly width: number,
    private readonly start: number,
  ) {
    this.counts = new Float64Array(populations.length);
    this.pending = new Float64Array(populations.length);
    this.bin = this.firstBin = Math.floor(start / width);
  }

  static open(file: OutputFile, populations: readonly PopulationRange[], width: number, start: number): RateRecorder {
    return new RateRecorder(new CsvOutput(file, '--rates', 't_start_s,t_end_s,population,spikes,rate_hz'), populations, width, start);
  }

  /** One spike (in time order). */
  add(t: number, neuron: number): void {
    if (this.pendingBin >= 0 && t > this.pendingBin * this.width) this.settle(this.pendingBin);
    const p = this.populationOf(neuron);
    const b = Math.floor(t / this.width);
    if (b > this.firstBin && t === b * this.width) {
      // on a bin boundary: which bin it closes or opens is known only once the run goes on past it or ends there
      if (b - 1 > this.bin) this.writeThrough(b - 2, Infinity);
      this.pendingBin = b;
      if (p >= 0) this.pending[p]++;
      return;
    }
    if (b > this.bin) this.writeThrough(b - 1, Infinity);
    if (p >= 0) this.counts[p]++;
  }

  /** The run ended at `end` (seconds): write the remaining bins and move the file into place. */
  finish(end: number): void {
    if (this.pendingBin >= 0) {
      if (end > this.pendingBin * this.width) this.settle(this.pendingBin);
      else {
        for (let p = 0; p < this.counts.length; p++) this.counts[p] += this.pending[p]; // the last bin is closed at the end
        this.pendingBin = -1;
      }
    }
    this.writeThrough(Math.max(this.bin, Math.ceil(end / this.width) - 1), end);
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }

  /** The spikes pending at the start of bin `b` belong to it: write the bins before it and count them there. */
  private settle(b: number): void {
    if (b > this.bin) this.writeThrough(b - 1, Infinity);
    for (let p = 0; p < this.counts.length; p++) this.counts[p] += this.pending[p];
    this.pending.fill(0);
    this.pendingBin = -1;
  }

  /** Write the open bin and every bin through `last` (each clipped to `end`), then open bin `last + 1`. */
  private writeThrough(last: number, end: number): void {
    for (let b = this.bin; b <= last; b++) {
      const tStart = Math.max(b * this.width, this.start), tEnd = Math.min((b + 1) * this.width, end);
      if (tEnd > tStart) {
        for (let p = 0; p < this.populations.length; p++) {
          const population = this.populations[p];
          const spikes = this.counts[p];
          this.out.row(`${formatExact(tStart)},${formatExact(tEnd)},${population.name},${spikes},${formatExact(spikes / ((tEnd - tStart) * population.count))}\n`);
        }
      }
      this.counts.fill(0);
    }
    this.bin = last + 1;
  }

  private populationOf(neuron: number): number {
    const populations = this.populations;
    for (let p = 0; p < populations.length; p++) if (neuron >= populations[p].first && neuron < populations[p].first + populations[p].count) return p;
    return -1;
  }
}

/**
 * `--voltages FILE`: at each sample time the voltages of the chosen neurons,
 * read exactly from the simulator's state (every event at or before the
 * sample time applied; not integrated), streamed as CSV `time_s,neuron,voltage`
 * (time-major, neurons in increasing order; voltages in the model's units,
 * threshold units for LIF).
 */
export class VoltageRecorder {
  private constructor(
    private readonly out: CsvOutput,
    private readonly neurons: Int32Array,
    readonly times: SampleTimes,
    private readonly read: (i: number) => number,
    private readonly prepare: () => void,
  ) {}

  static open(file: OutputFile, plan: NonNullable<RecordingPlan['voltages']>, context: Pick<RecordingContext, 'simulator' | 'voltages' | 'model'>): VoltageRecorder {
    const out = new CsvOutput(file, '--voltages', 'time_s,neuron,voltage');
    const network = context.voltages;
    if (network !== undefined) return new VoltageRecorder(out, plan.neurons, plan.times, (i) => network.voltage(i), () => {});
    // the plain network: the model's voltage at each neuron's exact phase (one O(N) read of the phases per sample)
    const model = context.model as NeuronModel;
    let phases: Float64Array = new Float64Array(0);
    return new VoltageRecorder(out, plan.neurons, plan.times, (i) => model.voltage(phases[i], i), () => {
      phases = context.simulator.phases();
    });
  }

  /** Write the sample at `time` (the simulator stopped exactly there) and move to the next. */
  take(time: number): void {
    this.prepare();
    const t = formatExact(time);
    for (const i of this.neurons) this.out.row(`${t},${i},${formatExact(this.read(i))}\n`);
    this.times.pop();
  }

  commit(): void {
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }
}

/** Open the planned outputs (after every check passed); on failure the ones already open are removed. */
export function openRecording(plan: RecordingPlan, context: RecordingContext): { rates?: RateRecorder; voltages?: VoltageRecorder; abort(): void } {
  let rates: RateRecorder | undefined, voltages: VoltageRecorder | undefined;
  const abort = () => {
    rates?.abort();
    voltages?.abort();
  };
  try {
    if (plan.rates !== undefined) rates = RateRecorder.open(OutputFile.open(plan.rates.target, context.cwd, context.stdout, '--rates file'), context.populations, plan.rates.bin, context.startSeconds);
    if (plan.voltages !== undefined) voltages = VoltageRecorder.open(OutputFile.open(plan.voltages.target, context.cwd, context.stdout, '--voltages file'), plan.voltages, context);
  } catch (error) {
    abort();
    throw error;
  }
  return { rates, voltages, abort };
}
