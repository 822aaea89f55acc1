/**
 * The settings of a playground run: the keys of a `sparseprop run` JSON
 * config that a page can use (no file paths), checked the way the library
 * checks them, with each error tied to the field it belongs to.
 */
import { estimateStateBytes, InvalidParameterError, parseJsonText, resolveNetwork, type SimulationConfig, SparsePropError, UnknownPluginError } from '@sparseprop/core';
import type { FieldError } from './protocol.js';

/** The settings of one run. Missing keys take the library's defaults (the reference network). */
export interface PlaygroundSettings {
  /** Neurons (default 1e5). */
  n?: number;
  /** Synapses per neuron (default 100). */
  k?: number;
  /** Coupling strength: weight `-j0/sqrt(k)` (default 1). */
  j0?: number;
  /** Target rate of the balance equation, Hz (default 1). */
  rate?: number;
  /** Membrane time constant, seconds (default 0.01). */
  tau?: number;
  /** Network and initial-state seed (default 1). */
  seed?: number;
  /** External drive (default: the balance equation). */
  iext?: number;
  /** Drive heterogeneity in (-1, 1) (default 0). */
  eta?: number;
  /** Registered model name (default `lif`). */
  model?: string;
  /** Registered queue name (default: the library's, 32-ary). */
  queue?: string;
  /** `auto`, `js` or a registered engine name (default `auto`). */
  engine?: string;
  /** `phase`, `time` or `auto` (default `auto`). */
  frame?: 'phase' | 'time' | 'auto';
  /** Stop after this many spikes (default: run until paused). */
  spikes?: number;
  /** Stop at this simulated time, seconds. */
  duration?: number;
  /** Model parameters by name. */
  modelParams?: Record<string, number>;
}

/** The numeric fields, in the order the page shows them, with what each means. */
export const NUMBER_FIELDS = [
  { key: 'n', label: 'N', help: 'neurons, integer ≥ 2' },
  { key: 'k', label: 'K', help: 'synapses per neuron, integer in [1, N-1]' },
  { key: 'j0', label: 'j0', help: 'coupling: weight J = -j0/√K, ≥ 0' },
  { key: 'rate', label: 'rate (Hz)', help: 'target rate of the balance equation, > 0' },
  { key: 'tau', label: 'τ (s)', help: 'membrane time constant, > 0' },
  { key: 'eta', label: 'η', help: 'drive heterogeneity in (-1, 1): neuron i gets iext (1 + η sin(2i/N))' },
  { key: 'iext', label: 'iext', help: 'external drive (empty: the balance equation τ√K j0 rate)' },
  { key: 'seed', label: 'seed', help: 'network and initial-state seed, integer in [0, 2^52]' },
  { key: 'spikes', label: 'stop after spikes', help: 'empty: run until paused' },
  { key: 'duration', label: 'stop at time (s)', help: 'simulated seconds; empty: no time limit' },
] as const satisfies readonly { key: keyof PlaygroundSettings; label: string; help: string }[];

/** The choice fields. */
export const CHOICE_FIELDS = ['model', 'queue', 'engine', 'frame'] as const;

/** Every key a config file may hold (the `sparseprop run` keys a page can use). */
const KNOWN_KEYS = new Set<string>([...NUMBER_FIELDS.map((f) => f.key), ...CHOICE_FIELDS, 'modelParams']);
/** `sparseprop run` keys that name files: a page cannot open paths. */
const PATH_KEYS = new Set(['network', 'init', 'out']);

/** Largest network state the page allocates: browsers give a tab a few GiB at most. */
export const PAGE_MEMORY_BYTES = 2 * 2 ** 30;

/**
 * Parse the form's text fields. An empty field means "the default"; any
 * other text must be a finite number. Returns the settings and one error
 * per unparsable field.
 */
export function parseForm(text: Readonly<Record<string, string>>, modelParamText: Readonly<Record<string, string>>): { settings: PlaygroundSettings; errors: FieldError[] } {
  const settings: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const { key } of NUMBER_FIELDS) {
    const raw = (text[key] ?? '').trim();
    if (raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) errors.push({ field: key, message: `expects a finite number, got ${JSON.stringify(raw)}` });
    else settings[key] = value;
  }
  for (const key of CHOICE_FIELDS) {
    const raw = (text[key] ?? '').trim();
    if (raw !== '') settings[key] = raw;
  }
  const params: Record<string, number> = {};
  for (const [name, rawText] of Object.entries(modelParamText)) {
    const raw = rawText.trim();
    if (raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) errors.push({ field: `modelParams.${name}`, message: `expects a finite number, got ${JSON.stringify(raw)}` });
    else params[name] = value;
  }
  if (Object.keys(params).length > 0) settings.modelParams = params;
  return { settings: settings as PlaygroundSettings, errors };
}

/**
 * Check settings before anything is allocated: the network parameters as
 * `resolveNetwork` checks them, the stop condition, and the memory the
 * state needs. Plugin-level checks (model parameters, engine support)
 * happen when the worker composes the simulator and come back as
 * {@link fieldErrorOf} errors.
 */
export function checkSettings(settings: PlaygroundSettings, explicitNeurons?: number): FieldError[] {
  const errors: FieldError[] = [];
  const n = settings.n ?? explicitNeurons;
  let resolvedN: number | undefined;
  try {
    resolvedN = resolveNetwork({ ...networkParameters(settings), n }).n;
  } catch (error) {
    errors.push(fieldErrorOf(error));
  }
  if (settings.spikes !== undefined && (!Number.isSafeInteger(settings.spikes) || settings.spikes < 1)) {
    errors.push({ field: 'spikes', message: `must be an integer ≥ 1, got ${settings.spikes}` });
  }
  if (settings.duration !== undefined && !(settings.duration > 0)) {
    errors.push({ field: 'duration', message: `must be a number of seconds > 0, got ${settings.duration}` });
  }
  if (settings.spikes !== undefined && settings.duration !== undefined) {
    errors.push({ field: 'duration', message: 'give one stop condition: spikes or time, not both' });
  }
  if (settings.frame !== undefined && !['phase', 'time', 'auto'].includes(settings.frame)) {
    errors.push({ field: 'frame', message: `must be phase, time or auto, got ${JSON.stringify(settings.frame)}` });
  }
  if (resolvedN !== undefined) {
    const bytes = estimateStateBytes(resolvedN, { heterogeneous: (settings.eta ?? 0) !== 0, reference: false });
    if (bytes > PAGE_MEMORY_BYTES) {
      errors.push({ field: 'n', message: `N = ${resolvedN} needs about ${(bytes / 2 ** 30).toFixed(1)} GiB; a page gets at most ${PAGE_MEMORY_BYTES / 2 ** 30} GiB (use the CLI for larger networks)` });
    }
  }
  return errors;
}

/** The network parameters of the settings, as `resolveNetwork` and `composeSimulator` take them. */
export function networkParameters(settings: PlaygroundSettings) {
  const { n, k, j0, rate, tau, seed, iext, eta } = settings;
  return { n, k, j0, rate, tau, seed, iext, eta };
}

/** The library config of the settings (the same composition `sparseprop run` does). */
export function simulationConfig(settings: PlaygroundSettings): SimulationConfig {
  return {
    ...networkParameters(settings),
    model: settings.model,
    modelParams: settings.modelParams,
    queue: settings.queue,
    frame: settings.frame,
    engine: settings.engine,
  };
}

/** An error as a field error: an {@link InvalidParameterError} belongs to its parameter's field. */
export function fieldErrorOf(error: unknown): FieldError {
  if (error instanceof InvalidParameterError) {
    const field = error.parameter === 'k/n' ? 'k' : error.parameter;
    return { field, message: error.message };
  }
  if (error instanceof UnknownPluginError) return { field: error.kind, message: error.message };
  if (error instanceof SparsePropError) return { field: undefined, message: error.message };
  return { field: undefined, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** A config file read for the page: the settings it gives, errors (nothing applied) and notes (applied, with a remark). */
export interface ParsedConfig {
  readonly settings: PlaygroundSettings;
  readonly errors: readonly string[];
  readonly notes: readonly string[];
}

/**
 * Read a `sparseprop run` JSON config. Unknown keys and values of the wrong
 * JSON type are errors naming the key; `network`, `init` and `out` name
 * files a page cannot open: `out` is ignored (use Download), `network`
 * asks for the edge CSV to be loaded with its own button, `init` is an
 * error (the run would not be the one the file describes).
 */
export function parseConfigJson(text: string, source: string): ParsedConfig {
  let value: unknown;
  try {
    value = parseJsonText(text, source); // as sparseprop run: duplicate keys refused at their line, a byte-order mark ignored
  } catch (error) {
    return { settings: {}, errors: [(error as Error).message], notes: [] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { settings: {}, errors: [`${source}: expected a JSON object of settings`], notes: [] };
  }
  const settings: Record<string, unknown> = {};
  const errors: string[] = [], notes: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (PATH_KEYS.has(key)) {
      if (key === 'out') notes.push(`"out" ignored: use Download CSV`);
      else if (key === 'network') notes.push(`"network" names a file the page cannot open: load ${JSON.stringify(item)} with "Load edge CSV"`);
      else errors.push(`${source}: "init" (initial phases from a file) is not supported by the page; use the CLI`);
      continue;
    }
    if (key === 'reference') {
      if (item === true) errors.push(`${source}: "reference" (the O(N) simulator) is not offered by the page; use the CLI`);
      continue;
    }
    if (!KNOWN_KEYS.has(key)) {
      errors.push(`${source}: unknown config key "${key}"; known keys: ${[...KNOWN_KEYS].join(', ')}`);
      continue;
    }
    if (key === 'modelParams') {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || Object.values(item).some((v) => typeof v !== 'number')) {
        errors.push(`${source}: "modelParams" must be an object of numbers`);
      } else settings.modelParams = { ...(item as Record<string, number>) };
      continue;
    }
    const kind = (CHOICE_FIELDS as readonly string[]).includes(key) ? 'string' : 'number';
    if (typeof item !== kind) errors.push(`${source}: "${key}" must be a JSON ${kind}, got ${JSON.stringify(item)}`);
    else settings[key] = item;
  }
  if (settings.spikes !== undefined && settings.duration !== undefined) {
    errors.push(`${source}: the config keys "spikes" and "duration" cannot be combined: give one stop condition`);
  }
  return { settings: settings as PlaygroundSettings, errors, notes };
}
