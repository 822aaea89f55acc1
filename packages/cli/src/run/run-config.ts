import { CliUsageError } from '../cli-errors.js';
import { parseJsonText } from '../io/json-text.js';
import { quoteInput } from '../quote-input.js';

/** The engine frame: docs/algorithm.md §3 (`phase`), docs/algorithm.md §4 (`time`), or `auto` (phase when the model is homogeneous). */
export type FrameChoice = 'phase' | 'time' | 'auto';

/**
 * Everything `sparseprop run` can be told, as in a JSON config file. Every
 * key is optional; flags of the same names override it. Missing keys take
 * the reference network's values (docs/algorithm.md §1) and 1e5 spikes.
 */
export interface RunConfig {
  /** Number of neurons (default 1e5; with `network`, inferred from the file). */
  n?: number;
  /** Synapses per neuron (default 100). */
  k?: number;
  /** Coupling strength: every procedural synapse has weight `-j0/sqrt(k)` (default 1). */
  j0?: number;
  /** Target rate of the balance equation, Hz (default 1). */
  rate?: number;
  /** Membrane time constant, seconds (default 0.01). */
  tau?: number;
  /** Network seed (default 1). */
  seed?: number;
  /** External drive, overriding the balance equation `tau sqrt(k) j0 rate`. */
  iext?: number;
  /** Drive heterogeneity in (-1, 1): neuron i gets `iext (1 + eta sin(2i/n))` (default 0). */
  eta?: number;
  /** Registered model name: `lif`, `qif`, `eif`, `chebyshev:<model>` (default `lif`). */
  model?: string;
  /** Registered queue name for the JS engine: `binary`, `4-ary`, `8-ary`, `16-ary`, `32-ary`, `pairing`, `calendar` (default `calendar`). */
  queue?: string;
  /** Engine: `auto` (the WebAssembly kernel when it supports the network and no queue is given), `js`, `wasm` (default `auto`). */
  engine?: string;
  /** Engine frame (default `auto`). */
  frame?: FrameChoice;
  /** Stop after this many spikes (default 1e5 unless `duration` is given). */
  spikes?: number;
  /** Stop after this much simulated time, seconds. */
  duration?: number;
  /** CSV edge list `pre,post,weight` replacing the procedural network. */
  network?: string;
  /** Initial phases, one per line, neuron 0 first. */
  init?: string;
  /** Write the spikes here; the extension picks the format (`.csv`, `.npz`, `.h5`; `-` is CSV on stdout). */
  out?: string;
  /** Draw the standard figure of the run here (`.png` or `.svg`). */
  plot?: string;
  /** Write the complete state here at the end of the run (and every `checkpoint-every` seconds). */
  checkpoint?: string;
  /** Simulated seconds between checkpoints (written at the first slice boundary after each multiple). */
  'checkpoint-every'?: number;
  /** Continue the run saved in this checkpoint; `spikes`/`duration` count from t = 0. */
  resume?: string;
  /** Run the O(N) reference simulator instead of SparseProp. */
  reference?: boolean;
  /** Model-specific parameters (see `sparseprop models`). */
  modelParams?: Record<string, number>;
  /** Network preset: `reference` (today's network) or `brunel` (Brunel 2000 model A, with `n`, `g`, `eta`, `epsilon`, `delay`, `refractory`, `tau`). */
  preset?: string;
  /** Brunel: relative inhibitory strength g. */
  g?: number;
  /** Brunel: connection probability epsilon. */
  epsilon?: number;
  /** Synaptic delay, seconds (every synapse of the procedural network, or of `--network` without a `delay_s` column). */
  delay?: number;
  /** Refractory period, seconds: the neuron holds vReset and ignores input. */
  refractory?: number;
  /** CSV `time_s,neuron,weight`: external kicks applied exactly at those times. */
  'input-events'?: string;
  /** Initial voltages, one per line (threshold units), neuron 0 first. */
  'init-voltage'?: string;
  /** Write only the spikes of these populations to `out` (comma-separated names, e.g. `E` or `E,I`; the plain network's one population is `all`). */
  record?: string;
  /** Write only the spikes of these neurons to `out` (with `record`: of either): `0,5,17`, ranges `0-99`, or a file of indices. */
  'record-neurons'?: string;
  /** Write binned population rates here: CSV `t_start_s,t_end_s,population,spikes,rate_hz` (needs `rate-bin`). */
  rates?: string;
  /** Width of a `rates` bin, seconds (> 0). */
  'rate-bin'?: number;
  /** Write exact voltages at sample times here: CSV `time_s,neuron,voltage` (needs `voltage-neurons` and `sample-every` or `sample-times`). */
  voltages?: string;
  /** The neurons whose voltages are written: `0,5,17`, ranges `0-99`, or a file of indices. */
  'voltage-neurons'?: string;
  /** Sample voltages at every multiple of this many seconds (from the start of the run to its end). */
  'sample-every'?: number;
  /** Sample voltages at these times: a file, one time in seconds per line (strictly increasing). */
  'sample-times'?: string;
  /** A network config (JSON with `populations`) read from `--config`; not a key of the settings file. */
  networkConfig?: { path: string; value: unknown };
}

/** The JSON type of a scalar config key, which is also how its flag is parsed. */
export type ConfigValueKind = 'number' | 'string' | 'boolean';

/** One scalar key of {@link RunConfig}: its flag `--<key>` and config key share the name. */
export interface ConfigField {
  readonly key: Exclude<keyof RunConfig, 'modelParams' | 'networkConfig'>;
  readonly kind: ConfigValueKind;
  /** Placeholder in the usage text, e.g. `N`. */
  readonly placeholder: string;
  /** One line for the usage text. */
  readonly help: string;
}

/** Every scalar key of {@link RunConfig}, in usage-text order. */
export const CONFIG_FIELDS: readonly ConfigField[] = [
  { key: 'model', kind: 'string', placeholder: 'NAME', help: 'neuron model: lif, qif, eif, chebyshev:<model> (default lif; see `sparseprop models`)' },
  { key: 'queue', kind: 'string', placeholder: 'NAME', help: 'event queue of the JS engine: binary, 4-ary, 8-ary, 16-ary, 32-ary, pairing, calendar (default calendar; naming one selects the JS engine)' },
  { key: 'engine', kind: 'string', placeholder: 'NAME', help: 'auto | js | wasm (default auto: the WebAssembly kernel for LIF when no --queue is given); network runs: auto | network | reference' },
  { key: 'frame', kind: 'string', placeholder: 'FRAME', help: 'phase | time | auto (default auto: phase when the model is homogeneous)' },
  { key: 'eta', kind: 'number', placeholder: 'X', help: 'drive heterogeneity in (-1, 1): iext_i = iext (1 + eta sin(2i/N)) (default 0)' },
  { key: 'n', kind: 'number', placeholder: 'N', help: 'number of neurons (default 100000; with --network: inferred from the file)' },
  { key: 'k', kind: 'number', placeholder: 'K', help: 'synapses per neuron (default 100)' },
  { key: 'j0', kind: 'number', placeholder: 'X', help: 'coupling: weight J = -j0/sqrt(K) (default 1)' },
  { key: 'rate', kind: 'number', placeholder: 'HZ', help: 'target rate of the balance equation, Hz (default 1)' },
  { key: 'tau', kind: 'number', placeholder: 'SECONDS', help: 'membrane time constant, s (default 0.01)' },
  { key: 'seed', kind: 'number', placeholder: 'S', help: 'network and initial-state seed (default 1)' },
  { key: 'iext', kind: 'number', placeholder: 'X', help: 'external drive (default: balance equation tau*sqrt(K)*j0*rate)' },
  { key: 'spikes', kind: 'number', placeholder: 'M', help: 'stop after M spikes (default 100000)' },
  { key: 'duration', kind: 'number', placeholder: 'SECONDS', help: 'stop after this much simulated time instead' },
  { key: 'network', kind: 'string', placeholder: 'FILE', help: 'edge list replacing the procedural network: CSV "pre,post,weight" (weight = voltage jump J), or .npz with arrays pre, post, weight' },
  { key: 'init', kind: 'string', placeholder: 'FILE', help: 'initial phases, one per line, neuron 0 first (model phase convention); or a NumPy .npy array / .npz with array "phases"' },
  { key: 'out', kind: 'string', placeholder: 'FILE', help: 'write spikes, format by extension: .csv "time_s,neuron", .npz (NumPy), .h5 (SONATA); - is CSV on stdout (streamed; replaced atomically)' },
  { key: 'plot', kind: 'string', placeholder: 'FILE', help: 'draw raster, population rate and rate/ISI-CV distributions to FILE (.png or .svg) after the run' },
  { key: 'checkpoint', kind: 'string', placeholder: 'FILE', help: 'write the complete state to FILE (atomically) at the end of the run, on SIGINT/SIGTERM, and with --checkpoint-every' },
  { key: 'checkpoint-every', kind: 'number', placeholder: 'SECONDS', help: 'with --checkpoint: also each time the simulated time passes a multiple of SECONDS (at the next slice of 65536 spikes)' },
  { key: 'resume', kind: 'string', placeholder: 'FILE', help: 'continue the run saved in a checkpoint (same settings and version); --spikes and --duration count from t = 0' },
  { key: 'reference', kind: 'boolean', placeholder: '', help: 'run the O(N) reference simulator instead of SparseProp' },
  { key: 'preset', kind: 'string', placeholder: 'NAME', help: 'reference | brunel (Brunel 2000 model A: --n, --g, --eta = nu_ext/nu_thr, --epsilon, --delay, --refractory, --tau)' },
  { key: 'g', kind: 'number', placeholder: 'X', help: 'brunel: relative inhibition g (default 5)' },
  { key: 'epsilon', kind: 'number', placeholder: 'X', help: 'brunel: connection probability (default 0.1)' },
  { key: 'delay', kind: 'number', placeholder: 'SECONDS', help: 'synaptic delay, s (default 0; brunel 0.0015)' },
  { key: 'refractory', kind: 'number', placeholder: 'SECONDS', help: 'refractory period, s: holds vReset, ignores input (default 0)' },
  { key: 'input-events', kind: 'string', placeholder: 'FILE', help: 'external kicks, CSV "time_s,neuron,weight", applied exactly at those times' },
  { key: 'init-voltage', kind: 'string', placeholder: 'FILE', help: 'initial voltages, one per line (threshold units), neuron 0 first' },
  { key: 'record', kind: 'string', placeholder: 'NAMES', help: 'write only the spikes of these populations to --out: E, or E,I (the plain network\'s population is "all")' },
  { key: 'record-neurons', kind: 'string', placeholder: 'LIST|FILE', help: 'write only the spikes of these neurons to --out (with --record: of either): 0,5,17 or ranges 0-99, or a file of indices' },
  { key: 'rates', kind: 'string', placeholder: 'FILE', help: 'write binned population rates, CSV "t_start_s,t_end_s,population,spikes,rate_hz" (bins of --rate-bin; - is stdout)' },
  { key: 'rate-bin', kind: 'number', placeholder: 'SECONDS', help: 'width of a --rates bin: bin floor(t/SECONDS), clipped to the run; the last bin is closed at its end' },
  { key: 'voltages', kind: 'string', placeholder: 'FILE', help: 'write exact voltages (from the state, not integrated) at sample times, CSV "time_s,neuron,voltage" (- is stdout)' },
  { key: 'voltage-neurons', kind: 'string', placeholder: 'LIST|FILE', help: 'the neurons whose --voltages are written: 0,5,17 or ranges 0-99, or a file of indices' },
  { key: 'sample-every', kind: 'number', placeholder: 'SECONDS', help: '--voltages at t = 0, SECONDS, 2*SECONDS, ... up to the end of the run (events at a sample time are applied first)' },
  { key: 'sample-times', kind: 'string', placeholder: 'FILE', help: '--voltages at these times instead: one time in seconds per line, strictly increasing' },
];

const FRAMES: readonly FrameChoice[] = ['phase', 'time', 'auto'];

/**
 * Parse the text of a JSON config file into a {@link RunConfig}. Rejects
 * unknown keys and values of the wrong JSON type, naming the file.
 */
export function parseRunConfigJson(text: string, source: string): RunConfig {
  return checkRunConfig(parseJsonText(text, source), source);
}

/** Check that a parsed JSON value is a {@link RunConfig}; returns a copy holding only its keys. */
export function checkRunConfig(value: unknown, source: string): RunConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliUsageError(`${source}: expected a JSON object of settings, got ${describeJson(value)}`);
  }
  const config: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'modelParams') {
      config.modelParams = checkModelParams(item, source);
      continue;
    }
    const field = CONFIG_FIELDS.find((f) => f.key === key);
    if (field === undefined) {
      throw new CliUsageError(`${source}: unknown config key ${quoteInput(key)}; known keys: ${[...CONFIG_FIELDS.map((f) => f.key), 'modelParams'].join(', ')}`);
    }
    if (typeof item !== field.kind) {
      throw new CliUsageError(`${source}: "${key}" must be a JSON ${field.kind}, got ${describeJson(item)}`);
    }
    config[key] = item;
  }
  return checkFrame(config as RunConfig, `${source}: "frame"`);
}

/** `config.frame` must be one of {@link FRAMES}; `what` names it in the error. */
export function checkFrame(config: RunConfig, what: string): RunConfig {
  if (config.frame !== undefined && !FRAMES.includes(config.frame)) {
    throw new CliUsageError(`${what} must be one of ${FRAMES.join(', ')}, got ${typeof config.frame === 'string' ? quoteInput(config.frame) : String(config.frame)}`);
  }
  return config;
}

function checkModelParams(value: unknown, source: string): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliUsageError(`${source}: "modelParams" must be an object of numbers, got ${describeJson(value)}`);
  }
  const params: Record<string, number> = Object.create(null); // "__proto__" stays an ordinary (unknown) key
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'number') throw new CliUsageError(`${source}: ${quoteInput(`modelParams.${name}`)} must be a JSON number, got ${describeJson(item)}`);
    params[name] = item;
  }
  return params;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `string ${quoteInput(value)}` : `${typeof value} ${JSON.stringify(value)}`;
}
