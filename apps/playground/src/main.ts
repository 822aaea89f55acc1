/**
 * The page: the form, the buttons, and the live views. The simulation runs
 * in `worker.ts`; this thread only validates, sends commands and draws.
 */
import './style.css';
import { REFERENCE_NETWORK } from '@sparseprop/core';
import { PRESETS } from './presets.js';
import type { Catalog, Counters, FieldError, FromWorker, RunStatus, ToWorker } from './protocol.js';
import { RECORD_CAP } from './protocol.js';
import { RasterView } from './raster-view.js';
import { formatNumber, formatSeconds, niceCeiling, RateView } from './rate-view.js';
import { checkSettings, NUMBER_FIELDS, type PlaygroundSettings, parseConfigJson, parseForm } from './settings.js';

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
  numberFields.append(label, error);
}

const presetSelect = $<HTMLSelectElement>('preset');
for (const preset of PRESETS) presetSelect.add(new Option(preset.label, preset.id));
presetSelect.add(new Option('custom', 'custom'));
presetSelect.addEventListener('change', () => {
  const preset = PRESETS.find((p) => p.id === presetSelect.value);
  if (preset !== undefined) applySettings(preset.settings);
  showPresetDescription();
});
function showPresetDescription(): void {
  $('preset-description').textContent = PRESETS.find((p) => p.id === presetSelect.value)?.description ?? 'your own settings';
}
$('controls').addEventListener('input', (event) => {
  if (event.target !== presetSelect) presetSelect.value = 'custom';
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
    const input = error.field?.startsWith('modelParams.') ? document.getElementById(`p-${error.field.slice(12)}`) : (document.getElementById(`f-${error.field}`) ?? document.getElementById(error.field as string));
    input?.setAttribute('aria-invalid', 'true');
  }
  $('errors').textContent = general.join('; ');
}

// ---- files ---------------------------------------------------------------

$<HTMLInputElement>('config-file').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  if (file === undefined) return;
  const parsed = parseConfigJson(await file.text(), file.name);
  input.value = '';
  if (parsed.errors.length > 0) {
    showErrors(parsed.errors.map((message) => ({ field: 'config', message })));
    return;
  }
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

/** Rate bins: a nice width near τ/4 (the fastest fluctuations of a balanced network are on the scale of τ). */
function rateBinSeconds(tau: number): number {
  return niceCeiling(tau / 8);
}

buttons.start.addEventListener('click', () => {
  const { settings, errors } = readForm();
  const all = errors.length > 0 ? errors : checkSettings(settings, networkNeurons);
  if (all.length > 0) {
    showErrors(all);
    return;
  }
  clearErrors();
  statusBeforeStart = status;
  status = 'starting';
  render();
  send({ type: 'start', settings, rasterRows: raster.deviceRows(), binSeconds: rateBinSeconds(settings.tau ?? REFERENCE_NETWORK.tau) });
  pendingBin = rateBinSeconds(settings.tau ?? REFERENCE_NETWORK.tau);
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
function request(type: 'download-csv' | 'digest'): Promise<FromWorker> {
  const requestId = nextRequest++;
  return new Promise((resolve) => {
    pending.set(requestId, resolve);
    send({ type, requestId });
  });
}

buttons.download.addEventListener('click', async () => {
  const reply = await request('download-csv');
  if (reply.type !== 'csv') return;
  const url = URL.createObjectURL(reply.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'spikes.csv';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
});

// ---- views -----------------------------------------------------------------

let latestSeconds = 0;
let displaySeconds = 0;
let windowSeconds = 0.1;
let speed = 0; // simulated seconds per wall second
let speedMark: { wall: number; sim: number } | undefined;
let lastFrame = performance.now();
let dirty = true;

function resetViews(): void {
  raster.reset(rows);
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
    $('raster-caption').textContent =
      `raster: ${rows === neurons ? `all ${neurons} neurons` : `${rows} of ${neurons} neurons (every ${formatNumber(every)}th)`}, ` +
      `${formatSeconds(windowSeconds)} window ending at t = ${formatSeconds(end)}`;
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
      applySettings(PRESETS[0].settings);
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
