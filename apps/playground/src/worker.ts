/// <reference lib="webworker" />
/**
 * The simulation worker: composes the simulator from the page's settings
 * with the same packages and plugins as `sparseprop run`, and runs it in
 * time slices of about {@link SLICE_MS} ms, posting the raster points, rate
 * bins and counters after each slice and yielding to its message queue in
 * between, so pause, reset and downloads are answered while a run goes on.
 */
import {
  type Connectivity,
  composeSimulator,
  findPlugin,
  registeredEngines,
  runsNetworks,
  registeredModels,
  registeredQueues,
  SparseConnectivity,
} from '@sparseprop/core';
import { NetworkSimulator } from '@sparseprop/core/plugin';
import { compileNetwork } from '@sparseprop/network';
import { createPlaygroundContainer } from './plugins.js';
import { type Catalog, type FromWorker, RECORD_CAP, type RunStatus, type ToWorker } from './protocol.js';
import { checkSettings, fieldErrorOf, PAGE_MEMORY_BYTES, simulationConfig } from './settings.js';
import { SimSession } from './sim-session.js';
import { spikeCsvParts } from './spike-csv.js';
import { spikeDigest } from './spike-digest.js';
import type { NpzPopulation } from './spike-npz.js';

declare const self: DedicatedWorkerGlobalScope;

/** Wall-clock budget of one slice: the page gets an update about every 30 ms. */
const SLICE_MS = 30;
/** Spikes per run call are adapted so one call takes about this long (responsive pause, little overhead). */
const CHUNK_TARGET_MS = 8;

const container = createPlaygroundContainer();
let session: SimSession | undefined;
let status: RunStatus = 'idle';
let network: { connectivity: Connectivity; source: string } | undefined;
let chunkSpikes = 4096;
let npzInfo: { neurons: number; populations: NpzPopulation[]; params: Record<string, unknown> } | undefined;
let scheduled = false;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function catalog(): Catalog {
  return {
    models: registeredModels(container).map((m) => ({
      name: m.name,
      description: m.description,
      parameters: m.parameters.map((p) => ({ name: p.name, description: p.description, unit: p.unit, default: p.default, range: p.range })),
    })),
    queues: registeredQueues(container).map((q) => ({ name: q.name, description: q.description })),
    engines: [
      { name: 'auto', description: 'the fastest engine that supports the network (the WebAssembly kernel for LIF when no queue is named)' },
      { name: 'js', description: 'the TypeScript engines with the chosen queue' },
      ...registeredEngines(container)
        .filter((e) => e.name !== 'js' && e.name !== 'auto' && !runsNetworks(e)) // the page builds plain networks only
        .map((e) => ({ name: e.name, description: e.description })),
    ],
  };
}

// a zero-delay yield that browsers do not clamp to 4 ms (setTimeout nested 5 deep is)
const tick = new MessageChannel();
tick.port1.onmessage = () => {
  scheduled = false;
  slice();
};
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  tick.port2.postMessage(null);
}

function slice(): void {
  if (session === undefined || status !== 'running') return;
  const start = performance.now();
  try {
    do {
      const t0 = performance.now();
      const emitted = session.advance(chunkSpikes);
      const ms = performance.now() - t0;
      if (emitted === chunkSpikes && ms > 0) chunkSpikes = Math.max(256, Math.min(1 << 18, Math.round((chunkSpikes * CHUNK_TARGET_MS) / ms)));
    } while (!session.done && performance.now() - start < SLICE_MS);
  } catch (error) {
    status = 'failed';
    sendUpdate();
    post({ type: 'failed', message: fieldErrorOf(error).message });
    return;
  }
  if (session.done) status = 'done';
  sendUpdate();
  if (status === 'running') schedule();
}

function sendUpdate(): void {
  if (session === undefined) return;
  const drained = session.drain();
  post(
    { type: 'update', status, counters: session.counters(), times: drained.times, rows: drained.rows, firstBin: drained.firstBin, binCounts: drained.binCounts },
    [drained.times.buffer, drained.rows.buffer, drained.binCounts.buffer],
  );
}

/** What a start builds: the simulator and how the page describes it. */
interface Built {
  readonly session: SimSession;
  /** What the NPZ download's `params` records (as `sparseprop run --out x.npz` does). */
  readonly params: Record<string, unknown>;
  readonly engine: string;
  readonly description: string;
  readonly populations: { name: string; start: number; end: number }[];
}

function buildPlain(message: Extract<ToWorker, { type: 'start' }>): Built {
  const { settings } = message;
  if (settings.queue !== undefined) findPlugin('queue', registeredQueues(container), settings.queue);
  const composed = composeSimulator({ ...simulationConfig(settings), n: settings.n ?? network?.connectivity.size, connectivity: network?.connectivity }, container);
  return {
    session: new SimSession(composed.simulator, { spikes: settings.spikes, durationSeconds: settings.duration }, message.rasterRows, message.binSeconds, RECORD_CAP),
    engine: composed.engine === 'js' ? `js ${composed.simulator.kind} frame, ${composed.queue} queue` : `${composed.engine} (${composed.simulator.kind})`,
    description: `${composed.plugin.name}, N = ${composed.network.n}, K = ${composed.connectivity.maxOutDegree}${network === undefined ? '' : ` (${network.source})`}`,
    populations: [{ name: composed.plugin.name, start: 0, end: composed.network.n }],
    params: {
      model: settings.model ?? composed.model.name,
      modelParams: settings.modelParams ?? {},
      engine: composed.engine,
      queue: composed.queue ?? null,
      ...composed.network,
      network: network?.source ?? 'procedural',
      init: 'random',
      stop: settings.spikes !== undefined ? { kind: 'spikes', spikes: settings.spikes } : settings.duration !== undefined ? { kind: 'duration', seconds: settings.duration } : { kind: 'paused' },
      source: 'sparseprop playground',
    },
  };
}

function buildNetwork(message: Extract<ToWorker, { type: 'start' }>, description: { config: unknown; source: string }): Built {
  const { settings } = message;
  const built = compileNetwork(description.config, { models: registeredModels(container), file: description.source, availableBytes: PAGE_MEMORY_BYTES });
  const queue = findPlugin('queue', registeredQueues(container), settings.queue ?? '32-ary');
  const simulator = new NetworkSimulator(built.network, queue.create(built.network.size));
  const populations = built.layout.filter((p) => p.kind === 'neurons').map((p) => ({ name: p.name, start: p.start, end: p.end }));
  return {
    session: new SimSession(simulator, { spikes: settings.spikes, durationSeconds: settings.duration }, message.rasterRows, message.binSeconds, RECORD_CAP),
    engine: `network engine, ${queue.name} queue`,
    description: `${description.source}: ${populations.map((p) => `${p.name} ${p.end - p.start}`).join(', ')}`,
    populations,
    params: { network: description.source, config: built.config, engine: 'network', queue: queue.name, source: 'sparseprop playground' },
  };
}

function start(message: Extract<ToWorker, { type: 'start' }>): void {
  const { settings } = message;
  const errors = checkSettings(message.network === undefined ? settings : { spikes: settings.spikes, duration: settings.duration }, network?.connectivity.size);
  if (errors.length > 0) {
    post({ type: 'invalid', errors });
    return;
  }
  let built: Built;
  try {
    built = message.network === undefined ? buildPlain(message) : buildNetwork(message, message.network);
  } catch (error) {
    post({ type: 'invalid', errors: [fieldErrorOf(error)] }); // the previous run, if any, goes on as it was
    return;
  }
  session = built.session;
  npzInfo = {
    neurons: session.simulator.size,
    // io's population ranges; a single population is io's default "all"
    populations: built.populations.length > 1 ? built.populations.map((p) => ({ name: p.name, first: p.start, count: p.end - p.start })) : [{ name: 'all', first: 0, count: session.simulator.size }],
    params: built.params,
  };
  post({ type: 'started', engine: built.engine, description: built.description, neurons: session.simulator.size, sampledRows: session.rasterRows, populations: built.populations });
  status = 'running';
  chunkSpikes = 4096;
  schedule();
}

/**
 * The NPZ download, loaded on first use: `@sparseprop/io`'s entry point also
 * holds its file writers (node:fs), which a production build drops but
 * Vite's development server would load and fail on.
 */
async function downloadNpz(requestId: number): Promise<void> {
  const store = session?.store, info = npzInfo;
  try {
    const { spikeNpzBytes } = await import('./spike-npz.js');
    const bytes = store === undefined || info === undefined ? new Uint8Array(0) : spikeNpzBytes(store.times, store.neurons, store.count, info);
    post({ type: 'npz', requestId, blob: new Blob([bytes as BlobPart], { type: 'application/octet-stream' }), spikes: store?.count ?? 0 });
  } catch (error) {
    post({ type: 'npz', requestId, blob: new Blob([]), spikes: 0, error: `NPZ download failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      start(message);
      break;
    case 'pause':
      if (status === 'running') {
        status = 'paused';
        sendUpdate();
      }
      break;
    case 'resume':
      if (status === 'paused') {
        status = 'running';
        schedule();
      }
      break;
    case 'reset':
      session = undefined;
      status = 'idle';
      post({ type: 'reset-done' });
      break;
    case 'load-network':
      try {
        const connectivity = SparseConnectivity.fromCsv(message.text, undefined, message.source);
        network = { connectivity, source: message.source };
        post({ type: 'network-loaded', source: message.source, neurons: connectivity.size, synapses: connectivity.post.length });
      } catch (error) {
        post({ type: 'network-invalid', message: fieldErrorOf(error).message });
      }
      break;
    case 'clear-network':
      network = undefined;
      break;
    case 'download-csv': {
      const store = session?.store;
      const parts = store === undefined ? spikeCsvParts(new Float64Array(0), new Int32Array(0), 0) : spikeCsvParts(store.times, store.neurons, store.count);
      post({ type: 'csv', requestId: message.requestId, blob: new Blob(parts, { type: 'text/csv' }), spikes: store?.count ?? 0 });
      break;
    }
    case 'download-npz':
      void downloadNpz(message.requestId);
      break;
    case 'digest': {
      const store = session?.store;
      post({ type: 'digest', requestId: message.requestId, spikes: store?.count ?? 0, digest: store === undefined ? '' : spikeDigest(store.times, store.neurons, store.count) });
      break;
    }
  }
};

post({ type: 'ready', catalog: catalog() });
