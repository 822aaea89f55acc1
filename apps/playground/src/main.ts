/**
 * The page: the form, the buttons, and the live views. The simulation runs
 * in `worker.ts`; this thread only validates, sends commands and draws.
 */
import './style.css';
import { REFERENCE_NETWORK } from '@sparseprop/core';
import { type Preset, PRESETS } from './presets.js';
import type { Catalog, Counters, FieldError, FromWorker, RunStatus, ToWorker } from './protocol.js';
import { RECORD_CAP } from './protocol.js';
import { RasterView } from './raster-view.js';
import { formatNumber, formatSeconds, niceCeiling, RateView } from './rate-view.js';
import { checkSettings, fieldErrorOf, NUMBER_FIELDS, type PlaygroundSettings, parseConfigJson, parseForm } from './settings.js';

/** Names of the raster's population colours (raster-view PALETTE). */
const PALETTE_NAMES = ['blue', 'red', 'green', 'purple', 'orange'];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

const raster = new RasterView($<HTMLCanvasElement>('raster'));
const rate = new RateView($<HTMLCanvasElement>('rate'), $('rate-caption'));
const buttons = {
  start: $<HTMLButtonElement>('start'),
  pause: $<HTMLButtonElement>('pause'),
  resume: $<HTMLButtonElement>('resume'),
  reset: $<HTMLButtonElement>('reset'),
  download: $<HTMLButtonElement>('download'),
  downloadNpz: $<HTMLButtonElement>('download-npz'),
};

/** Defaults shown as placeholders (an empty field takes them). */
const PLACEHOLDERS: Record<string, string> = {
  n: String(REFERENCE_NETWORK.n),
  k: String(REFERENCE_NETWORK.k),
  j0: String(REFERENCE_NETWORK.j0),
  rate: String(REFERENCE_NETWORK.rate),
  tau: String(REFERENCE_NETWORK.tau),
  eta: '0',
  iext: 'balance equation',
  seed: '1',
  spikes: 'no limit',
  duration: 'no limit',
};

let catalog: Catalog | undefined;
type PageStatus = RunStatus | 'loading' | 'starting';
let status: PageStatus = 'loading';
let counters: Counters | undefined;
let engineText = '';
let neurons = 1;
let rows = 1;
let hasRun = false;
let networkNeurons: number | undefined;

// ---- form ----------------------------------------------------------------

const numberFields = $('number-fields');
for (const field of NUMBER_FIELDS) {
  const label = document.createElement('label');
  label.className = 'field';
  label.title = field.help;
  label.innerHTML = `<span></span><input type="text" inputmode="decimal" spellcheck="false" />`;
  (label.firstElementChild as HTMLElement).textContent = field.label;
  const input = label.querySelector('input') as HTMLInputElement;
  input.id = `f-${field.key}`;
  input.name = field.key;
  input.placeholder = PLACEHOLDERS[field.key] ?? '';
  const error = document.createElement('p');
  error.className = 'field-error';
  error.dataset.errorFor = field.key;
  const box = document.createElement('div');
  box.dataset.key = field.key;
  box.append(label, error);
  numberFields.append(box);
}

/** Fields of the single-population network; a network preset replaces them with its own parameters. */
const SINGLE_POPULATION_KEYS = new Set(['n', 'k', 'j0', 'rate', 'tau', 'eta', 'iext', 'seed']);

/** What Start runs: the single-population form, a network preset, or a network config loaded from a file. */
type Mode = { kind: 'plain' } | { kind: 'preset'; preset: Extract<Preset, { kind: 'network' }> } | { kind: 'file'; config: unknown; source: string };
let mode: Mode = { kind: 'plain' };

function setMode(next: Mode): void {
  mode = next;
  const plain = next.kind === 'plain';
  for (const box of document.querySelectorAll<HTMLElement>('#number-fields > div')) box.hidden = !plain && SINGLE_POPULATION_KEYS.has(box.dataset.key as string);
  $('single-population-only').hidden = !plain;
  $('frame-box').hidden = !plain;
  $('model-engine').querySelector('legend')!.textContent = plain ? 'Neuron model and engine' : 'Engine';
  const params = $('preset-params');
  params.replaceChildren();
  if (next.kind !== 'preset') return;
  for (const p of next.preset.parameters) {
    const label = document.createElement('label');
    label.className = 'field';
    label.title = p.help;
    label.innerHTML = `<span></span><input type="text" inputmode="decimal" spellcheck="false" />`;
    (label.firstElementChild as HTMLElement).textContent = p.label;
    const input = label.querySelector('input') as HTMLInputElement;
    input.id = `net-${p.key}`;
    input.dataset.netParam = p.key;
    input.value = String(p.default);
    input.placeholder = String(p.default);
    const error = document.createElement('p');
    error.className = 'field-error';
    error.dataset.errorFor = `net.${p.key}`;
    params.append(label, error);
  }
}

const presetSelect = $<HTMLSelectElement>('preset');
for (const preset of PRESETS) presetSelect.add(new Option(preset.label, preset.id));
presetSelect.add(new Option('custom', 'custom'));
const fileNetworkOption = new Option('network config file', 'file-network');
fileNetworkOption.hidden = true;
presetSelect.add(fileNetworkOption);
presetSelect.addEventListener('change', () => {
  const preset = PRESETS.find((p) => p.id === presetSelect.value);
  if (preset?.kind === 'plain') {
    setMode({ kind: 'plain' });
    applySettings(preset.settings);
  } else if (preset?.kind === 'network') {
    setMode({ kind: 'preset', preset });
    clearErrors();
  } else if (presetSelect.value === 'custom') {
    setMode({ kind: 'plain' });
  }
  showPresetDescription();
});
function showPresetDescription(): void {
  const preset = PRESETS.find((p) => p.id === presetSelect.value);
  $('preset-description').textContent = preset?.description ?? (mode.kind === 'file' ? `network config ${mode.source}` : 'your own settings');
}
$('controls').addEventListener('input', (event) => {
  // editing a single-population field makes the settings "custom"; a network preset keeps its name
  const target = event.target as HTMLElement;
  if (mode.kind === 'plain' && target !== presetSelect && target.closest('#number-fields, #model-engine') !== null) presetSelect.value = 'custom';
  showPresetDescription();
});

const modelSelect = $<HTMLSelectElement>('model');
modelSelect.addEventListener('change', () => buildModelParams({}));

function buildModelParams(values: Record<string, number>): void {
  const box = $('model-params');
  box.replaceChildren();
  const model = catalog?.models.find((m) => m.name === modelSelect.value);
  $('model-description').textContent = model?.description ?? '';
  for (const p of model?.parameters ?? []) {
    const label = document.createElement('label');
    label.className = 'field';
    label.title = `${p.description} (${p.unit}), ${p.range}`;
    label.innerHTML = `<span></span><input type="text" inputmode="decimal" spellcheck="false" />`;
    (label.firstElementChild as HTMLElement).textContent = p.name;
    const input = label.querySelector('input') as HTMLInputElement;
    input.id = `p-${p.name}`;
    input.dataset.param = p.name;
    input.placeholder = String(p.default);
    if (values[p.name] !== undefined) input.value = String(values[p.name]);
    const error = document.createElement('p');
    error.className = 'field-error';
    error.dataset.errorFor = `modelParams.${p.name}`;
    box.append(label, error);
  }
}

function applySettings(settings: PlaygroundSettings): void {
  for (const field of NUMBER_FIELDS) {
    const value = settings[field.key];
    ($<HTMLInputElement>(`f-${field.key}`)).value = value === undefined ? '' : String(value);
  }
  modelSelect.value = settings.model ?? 'lif';
  $<HTMLSelectElement>('engine').value = settings.engine ?? 'auto';
  $<HTMLSelectElement>('queue').value = settings.queue ?? '';
  $<HTMLSelectElement>('frame').value = settings.frame ?? '';
  buildModelParams(settings.modelParams ?? {});
  clearErrors();
}

function readForm(): { settings: PlaygroundSettings; errors: FieldError[] } {
  const text: Record<string, string> = {};
  for (const field of NUMBER_FIELDS) text[field.key] = $<HTMLInputElement>(`f-${field.key}`).value;
  text.model = modelSelect.value;
  text.engine = $<HTMLSelectElement>('engine').value;
  text.queue = $<HTMLSelectElement>('queue').value;
  text.frame = $<HTMLSelectElement>('frame').value;
  const params: Record<string, string> = {};
  for (const input of document.querySelectorAll<HTMLInputElement>('#model-params input')) params[input.dataset.param as string] = input.value;
  return parseForm(text, params);
}

function clearErrors(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-error-for]')) element.textContent = '';
  for (const element of document.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
  $('errors').textContent = '';
}

function showErrors(errors: readonly FieldError[]): void {
  clearErrors();
  const general: string[] = [];
  for (const error of errors) {
    const slot = error.field === undefined ? null : document.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(error.field)}"]`);
    if (slot === null) {
      general.push(error.message);
      continue;
    }
    slot.textContent = slot.textContent === '' ? error.message : `${slot.textContent}; ${error.message}`;
    const field = error.field as string;
    const input = field.startsWith('modelParams.')
      ? document.getElementById(`p-${field.slice('modelParams.'.length)}`)
      : field.startsWith('net.')
        ? document.getElementById(`net-${field.slice('net.'.length)}`)
        : (document.getElementById(`f-${field}`) ?? document.getElementById(field));
    input?.setAttribute('aria-invalid', 'true');
  }
  $('errors').textContent = general.join('; ');
}

// ---- files ---------------------------------------------------------------

$<HTMLInputElement>('config-file').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  if (file === undefined) return;
  const text = await file.text();
  input.value = '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined; // parseConfigJson reports it
  }
  if (typeof json === 'object' && json !== null && 'populations' in json) {
    // a network description (populations, projections, inputs): checked by @sparseprop/network when the run starts
    setMode({ kind: 'file', config: json, source: file.name });
    fileNetworkOption.hidden = false;
    fileNetworkOption.text = `network config: ${file.name}`;
    presetSelect.value = 'file-network';
    clearErrors();
    showPresetDescription();
    $('config-notes').textContent = `loaded ${file.name} (a network description: populations ${Object.keys((json as { populations: object }).populations).join(', ')})`;
    return;
  }
  const parsed = parseConfigJson(text, file.name);
  if (parsed.errors.length > 0) {
    showErrors(parsed.errors.map((message) => ({ field: 'config', message })));
    return;
  }
  setMode({ kind: 'plain' });
  applySettings(parsed.settings);
  presetSelect.value = 'custom';
  showPresetDescription();
  $('config-notes').textContent = [`loaded ${file.name}`, ...parsed.notes].join('; ');
});

$<HTMLInputElement>('network-file').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  if (file === undefined) return;
  $('network-info').textContent = `reading ${file.name}…`;
  send({ type: 'load-network', text: await file.text(), source: file.name });
  input.value = '';
});

$('clear-network').addEventListener('click', () => {
  send({ type: 'clear-network' });
  networkNeurons = undefined;
  $('network-info').textContent = '';
  $('clear-network').hidden = true;
});

// ---- run controls ----------------------------------------------------------

/**
 * Rate bins: a nice width near τ/40 (0.5 ms for τ = 10 or 20 ms), fine enough
 * for the fast oscillations of Brunel's SI state (~180 Hz); the plot sums
 * bins into columns of the raster's window.
 */
function rateBinSeconds(tau: number): number {
  return niceCeiling(tau / 40);
}

/** The network description Start runs in a network mode, or errors for its fields. */
function networkOfMode(): { network?: { config: unknown; source: string }; tau: number; errors: FieldError[] } {
  if (mode.kind === 'file') {
    const tau = (mode.config as { tau?: unknown }).tau;
    return { network: { config: mode.config, source: mode.source }, tau: typeof tau === 'number' && tau > 0 ? tau : 0.02, errors: [] };
  }
  if (mode.kind !== 'preset') return { tau: 0, errors: [] };
  const values: Record<string, number> = {};
  const errors: FieldError[] = [];
  for (const input of document.querySelectorAll<HTMLInputElement>('#preset-params input')) {
    const key = input.dataset.netParam as string;
    const raw = input.value.trim();
    const value = raw === '' ? Number(input.placeholder) : Number(raw);
    if (!Number.isFinite(value)) errors.push({ field: `net.${key}`, message: `expects a finite number, got ${JSON.stringify(raw)}` });
    values[key] = value;
  }
  if (errors.length > 0) return { tau: 0, errors };
  try {
    const config = mode.preset.build(values);
    return { network: { config, source: mode.preset.label }, tau: values.tau ?? 0.02, errors: [] };
  } catch (error) {
    const e = fieldErrorOf(error);
    // the preset names its parameters `<preset>.<key>` (e.g. brunel.g): show it at that field
    const key = e.field?.split('.').pop();
    return { tau: 0, errors: [{ field: key !== undefined && key in values ? `net.${key}` : undefined, message: e.message }] };
  }
}

buttons.start.addEventListener('click', () => {
  const { settings, errors } = readForm();
  let all = errors;
  let network: { config: unknown; source: string } | undefined;
  let tau = settings.tau ?? REFERENCE_NETWORK.tau;
  if (mode.kind === 'plain') {
    if (all.length === 0) all = checkSettings(settings, networkNeurons);
  } else {
    const stop = { spikes: settings.spikes, duration: settings.duration };
    const built = networkOfMode();
    all = [...errors.filter((e) => e.field === 'spikes' || e.field === 'duration'), ...built.errors];
    if (all.length === 0) all = checkSettings(stop);
    network = built.network;
    tau = built.tau;
  }
  if (all.length > 0) {
    showErrors(all);
    return;
  }
  clearErrors();
  statusBeforeStart = status;
  status = 'starting';
  render();
  pendingBin = rateBinSeconds(tau);
  send({ type: 'start', settings, network, rasterRows: raster.deviceRows(), binSeconds: pendingBin });
});
let pendingBin = 0.001;
let statusBeforeStart: PageStatus = 'idle';
buttons.pause.addEventListener('click', () => send({ type: 'pause' }));
buttons.resume.addEventListener('click', () => {
  send({ type: 'resume' });
  status = 'running';
  render();
});
buttons.reset.addEventListener('click', () => send({ type: 'reset' }));

let nextRequest = 1;
const pending = new Map<number, (message: FromWorker) => void>();
function request(type: 'download-csv' | 'download-npz' | 'digest'): Promise<FromWorker> {
  const requestId = nextRequest++;
  return new Promise((resolve) => {
    pending.set(requestId, resolve);
    send({ type, requestId });
  });
}

buttons.download.addEventListener('click', () => download('download-csv', 'spikes.csv'));
buttons.downloadNpz.addEventListener('click', () => download('download-npz', 'spikes.npz'));

async function download(type: 'download-csv' | 'download-npz', name: string): Promise<void> {
  const reply = await request(type);
  if (reply.type !== 'csv' && reply.type !== 'npz') return;
  if (reply.type === 'npz' && reply.error !== undefined) {
    $('errors').textContent = reply.error;
    return;
  }
  const url = URL.createObjectURL(reply.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---- views -----------------------------------------------------------------

let latestSeconds = 0;
let displaySeconds = 0;
let windowSeconds = 0.1;
let speed = 0; // simulated seconds per wall second
let speedMark: { wall: number; sim: number } | undefined;
let lastFrame = performance.now();
let dirty = true;

let populations: readonly { name: string; start: number; end: number }[] = [];

function resetViews(): void {
  // colour rows by population when there are several (row r shows neuron ceil(r N / rows))
  const populationOfRow = populations.length > 1
    ? (row: number) => {
        const neuron = Math.ceil((row * neurons) / rows);
        return Math.max(0, populations.findIndex((p) => neuron >= p.start && neuron < p.end));
      }
    : undefined;
  raster.reset(rows, populationOfRow);
  rate.reset(neurons, pendingBin);
  latestSeconds = 0;
  displaySeconds = 0;
  windowSeconds = 0.1;
  speed = 0;
  speedMark = undefined;
  counters = undefined;
  dirty = true;
}

/** Pick the raster window so it scrolls across in about four seconds of wall time. */
function adaptWindow(now: number): void {
  if (speedMark === undefined) {
    speedMark = { wall: now, sim: latestSeconds };
    return;
  }
  const wall = (now - speedMark.wall) / 1000;
  if (wall >= 0.25) {
    const measured = (latestSeconds - speedMark.sim) / wall;
    speed = speed === 0 ? measured : 0.7 * speed + 0.3 * measured;
    speedMark = { wall: now, sim: latestSeconds };
  }
  const target = speed > 0 ? speed * 4 : Math.max(latestSeconds * 1.5, 1e-3);
  if (target > windowSeconds || target < windowSeconds / 4) windowSeconds = niceCeiling(target);
  // but no denser than a spike per ~10 pixel columns per row on average: a small fast network would
  // otherwise fill the raster solid (and cost the page a point per pixel); it scrolls faster instead
  const rate = counters?.meanRateHz ?? 0;
  if (rate > 0) {
    const densest = raster.width() / (10 * rate);
    if (windowSeconds > densest) windowSeconds = niceFloor(densest);
  }
}

/** The largest 1, 2 or 5 × 10^k at or below `x`. */
function niceFloor(x: number): number {
  const ceiling = niceCeiling(x);
  if (ceiling <= x) return ceiling;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of [5, 2, 1]) if (step * power <= x) return step * power;
  return power / 2;
}

function frame(now: number): void {
  const dt = (now - lastFrame) / 1000;
  lastFrame = now;
  if (status === 'running') {
    displaySeconds = Math.min(latestSeconds, displaySeconds + speed * dt);
    displaySeconds = Math.max(displaySeconds, latestSeconds - 0.2 * windowSeconds);
    dirty = true;
  } else if (displaySeconds !== latestSeconds) {
    displaySeconds = latestSeconds;
    dirty = true;
  }
  if (dirty && hasRun) {
    const end = Math.max(displaySeconds, windowSeconds);
    raster.draw(end, windowSeconds);
    rate.draw(end, windowSeconds);
    const every = neurons / rows;
    const legend = populations.length > 1 ? ` (${populations.map((p, i) => `${p.name}: ${PALETTE_NAMES[i % PALETTE_NAMES.length]}`).join(', ')})` : '';
    $('raster-caption').textContent =
      `raster: ${rows === neurons ? `all ${neurons} neurons` : `${rows} of ${neurons} neurons (every ${formatNumber(every)}th)`}${legend}, ` +
      `t = ${formatSeconds(end - windowSeconds)} – ${formatSeconds(end)}`;
    dirty = false;
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

function render(): void {
  const ready = catalog !== undefined;
  buttons.start.disabled = !ready || status === 'starting';
  buttons.pause.disabled = status !== 'running';
  buttons.resume.disabled = status !== 'paused';
  buttons.reset.disabled = !hasRun;
  buttons.download.disabled = !hasRun || status === 'starting';
  buttons.downloadNpz.disabled = buttons.download.disabled;
  const statusText: Record<string, string> = {
    loading: 'loading…',
    idle: 'ready',
    starting: 'building the network…',
    running: 'running',
    paused: 'paused',
    done: 'done',
    failed: 'failed',
  };
  const el = $('status');
  el.dataset.status = status;
  el.textContent = statusText[status] + (counters !== undefined && counters.recorded >= RECORD_CAP ? ` (download holds the first ${RECORD_CAP} spikes)` : '');
  $('c-time').textContent = counters === undefined ? '–' : formatSeconds(counters.simSeconds);
  $('c-spikes').textContent = counters === undefined ? '–' : counters.spikes.toLocaleString('en-US');
  $('c-rate').textContent = counters === undefined ? '–' : `${formatNumber(counters.meanRateHz)} Hz`;
  $('c-us').textContent = counters === undefined ? '–' : formatNumber(counters.usPerSpike);
  $('c-engine').textContent = engineText || '–';
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'ready':
      catalog = message.catalog;
      for (const model of catalog.models) modelSelect.add(new Option(model.name, model.name));
      for (const engine of catalog.engines) $<HTMLSelectElement>('engine').add(new Option(engine.name, engine.name));
      $<HTMLSelectElement>('queue').add(new Option('default', ''));
      for (const queue of catalog.queues) $<HTMLSelectElement>('queue').add(new Option(queue.name, queue.name));
      applySettings((PRESETS[0] as Extract<Preset, { kind: 'plain' }>).settings);
      showPresetDescription();
      status = 'idle';
      break;
    case 'invalid':
      showErrors(message.errors);
      status = statusBeforeStart;
      break;
    case 'started':
      engineText = message.engine;
      neurons = message.neurons;
      rows = message.sampledRows;
      populations = message.populations;
      hasRun = true;
      status = 'running';
      resetViews();
      break;
    case 'update':
      counters = message.counters;
      status = message.status;
      raster.add(message.times, message.rows);
      rate.add(message.firstBin, message.binCounts);
      latestSeconds = message.counters.simSeconds;
      adaptWindow(performance.now());
      dirty = true;
      break;
    case 'failed':
      status = 'failed';
      showErrors([{ field: undefined, message: message.message }]);
      break;
    case 'reset-done':
      hasRun = false;
      status = 'idle';
      engineText = '';
      counters = undefined;
      resetViews();
      raster.draw(windowSeconds, windowSeconds);
      rate.draw(windowSeconds, windowSeconds);
      break;
    case 'network-loaded':
      networkNeurons = message.neurons;
      $<HTMLInputElement>('f-n').value = String(message.neurons);
      $('network-info').textContent = `${message.source}: ${message.neurons} neurons, ${message.synapses} synapses (replaces the procedural network; K and j0 then only set the drive)`;
      $('clear-network').hidden = false;
      document.querySelector<HTMLElement>('[data-error-for="network"]')!.textContent = '';
      break;
    case 'network-invalid':
      $('network-info').textContent = '';
      document.querySelector<HTMLElement>('[data-error-for="network"]')!.textContent = message.message;
      break;
    case 'csv':
    case 'npz':
    case 'digest':
      pending.get(message.requestId)?.(message);
      pending.delete(message.requestId);
      break;
  }
  render();
};
worker.onerror = (event) => {
  status = 'failed';
  showErrors([{ field: undefined, message: `the simulation worker failed: ${event.message}` }]);
  render();
};

// ---- test hook ---------------------------------------------------------------

/** What the end-to-end tests read (plain data; no control the buttons do not offer). */
const testHook = {
  state: () => ({ status, counters, engine: engineText, rows, neurons, drawnPoints: raster.drawnPoints, windowSeconds }),
  digest: async () => {
    const reply = await request('digest');
    return reply.type === 'digest' ? { spikes: reply.spikes, digest: reply.digest } : undefined;
  },
  csvText: async () => {
    const reply = await request('download-csv');
    return reply.type === 'csv' ? reply.blob.text() : undefined;
  },
};
(window as unknown as { __playground: typeof testHook }).__playground = testHook;
render();
