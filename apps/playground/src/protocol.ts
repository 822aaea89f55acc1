/**
 * Messages between the page and the simulation worker. Everything here is
 * structured-cloneable plain data; typed arrays are transferred.
 */
import type { PlaygroundSettings } from './settings.js';

/** One registered plugin as the page lists it. */
export interface PluginInfo {
  readonly name: string;
  readonly description: string;
}

/** A model parameter the page shows a field for. */
export interface ModelParameterInfo {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly default: number;
  readonly range: string;
}

/** What the worker can run: sent once, when it has loaded. */
export interface Catalog {
  readonly models: readonly (PluginInfo & { readonly parameters: readonly ModelParameterInfo[] })[];
  readonly queues: readonly PluginInfo[];
  /** `auto`, `js` and every registered engine plugin. */
  readonly engines: readonly PluginInfo[];
}

/** A validation or run error; `field` names the settings key it belongs to, when one does. */
export interface FieldError {
  readonly field: string | undefined;
  readonly message: string;
}

export type ToWorker =
  | {
      readonly type: 'start';
      /** The single-population settings; with `network`, only the stop condition and `queue` apply. */
      readonly settings: PlaygroundSettings;
      /** A network description (`@sparseprop/network` config) to run instead of the single population. */
      readonly network?: { readonly config: unknown; readonly source: string };
      readonly rasterRows: number;
      readonly binSeconds: number;
    }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'reset' }
  | { readonly type: 'load-network'; readonly text: string; readonly source: string }
  | { readonly type: 'clear-network' }
  | { readonly type: 'download-csv'; readonly requestId: number }
  | { readonly type: 'download-npz'; readonly requestId: number }
  | { readonly type: 'digest'; readonly requestId: number };

/** Counters of the run so far. */
export interface Counters {
  readonly neurons: number;
  /** Simulated time, seconds. */
  readonly simSeconds: number;
  readonly spikes: number;
  /** Spikes per neuron per simulated second, Hz. */
  readonly meanRateHz: number;
  /** Wall-clock microseconds per spike inside the engine's run calls. */
  readonly usPerSpike: number;
  /** Spikes held for download (at most {@link RECORD_CAP}). */
  readonly recorded: number;
}

/** Run status as the page shows it. */
export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'failed';

export type FromWorker =
  | { readonly type: 'ready'; readonly catalog: Catalog }
  | {
      readonly type: 'started';
      readonly engine: string;
      readonly description: string;
      readonly neurons: number;
      readonly sampledRows: number;
      /** Named neuron ranges [start, end) (one for a single population). */
      readonly populations: readonly { readonly name: string; readonly start: number; readonly end: number }[];
    }
  | { readonly type: 'invalid'; readonly errors: readonly FieldError[] }
  | {
      readonly type: 'update';
      readonly status: RunStatus;
      readonly counters: Counters;
      /** Sampled spikes for the raster: times (s) and raster rows. */
      readonly times: Float64Array;
      readonly rows: Int32Array;
      /** Spike counts of completed rate bins, the first one being bin `firstBin` (bin b covers [b, b+1) × binSeconds). */
      readonly firstBin: number;
      readonly binCounts: Int32Array;
    }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'reset-done' }
  | { readonly type: 'network-loaded'; readonly source: string; readonly neurons: number; readonly synapses: number }
  | { readonly type: 'network-invalid'; readonly message: string }
  | { readonly type: 'csv'; readonly requestId: number; readonly blob: Blob; readonly spikes: number }
  | { readonly type: 'npz'; readonly requestId: number; readonly blob: Blob; readonly spikes: number; readonly error?: string }
  | { readonly type: 'digest'; readonly requestId: number; readonly spikes: number; readonly digest: string };

/** Spikes the worker keeps for download: 12 bytes each, so 24 MB. */
export const RECORD_CAP = 2_000_000;
