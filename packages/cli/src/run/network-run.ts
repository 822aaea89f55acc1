import { dirname, isAbsolute, resolve } from 'node:path';
import { balancedDrive, type ComposedSimulation, composeSimulator, InvalidParameterError, registeredModels } from '@sparseprop/core';
import { brunelPreset, checkRunLength, compileNetwork, type NetworkConfigInput, parseNetworkConfig, parseVoltages, plainNetworkOf } from '@sparseprop/network';
import { readInputText } from '../io/read-input-file.js';
import { memoryBudget } from './memory-budget.js';
import type { PrepareEnvironment, PreparedRun } from './prepare-run.js';
import type { RunConfig } from './run-config.js';
import { resolveStopCondition } from './stop-condition.js';

/**
 * A network config read from `--config` (a JSON object with `populations`),
 * kept with the file's name and directory (its data files resolve there).
 */
export interface NetworkConfigFile {
  readonly path: string;
  readonly value: unknown;
}

/** True when a parsed `--config` JSON is a network config (it has `populations`) rather than run settings. */
export function isNetworkConfigJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'populations');
}

/**
 * Build the network engine's run when the config asks for anything the
 * plain network cannot express: a network config file, `--preset brunel`,
 * `--refractory`, `--param vReset`, `--input-events`, `--init-voltage`, or an
 * edge file with a `delay_s` column. Returns undefined otherwise (and for a
 * network config that is the plain network, whose run keeps the phase
 * engines' exact spikes: `--preset reference` and its config).
 */
export function prepareNetworkRun(config: RunConfig, env: PrepareEnvironment): PreparedRun | undefined {
  const wanted = networkConfigOf(config, env);
  if (wanted === undefined) return undefined;
  const { value, file, base, label } = wanted;
  const validated = parseNetworkConfig(value, file);
  const plain = plainNetworkOf(validated);
  if (plain !== undefined && config.init === undefined && config.networkConfig !== undefined) {
    // today's network: the phase engines, their exact spikes (the caller runs it with these settings)
    Object.assign(config, { n: plain.n, k: plain.k, j0: plain.j0, iext: plain.iext, tau: plain.tau, seed: plain.seed, networkConfig: undefined });
    return undefined;
  }
  if (config.init !== undefined) throw new InvalidParameterError('--init', config.init, 'not used with network features: give --init-voltage (one voltage per line, threshold units)');
  const stop = resolveStopCondition(config);
  const models = registeredModels(env.container);
  const readFile = (path: string) => readInputText(isAbsolute(path) ? path : resolve(base, path), env.cwd, 'network data file');
  const built = compileNetwork(validated, { models, readFile, file, availableBytes: memoryBudget(env.memory) });
  const network = built.network;
  if (stop.kind === 'duration') checkRunLength(network, stop.seconds);
  // the network engines are registered plugins: composition picks "network" (or, with --reference, the O(N) "network-reference")
  if (config.engine !== undefined && !NETWORK_ENGINES.includes(config.engine)) {
    throw new InvalidParameterError('engine', config.engine, `${NETWORK_ENGINES.join(', ')} for a network with populations, delays, refractoriness or inputs`);
  }
  const voltageRun = composeSimulator({ network, engine: config.engine, queue: config.queue, reference: config.reference }, env.container);
  const model = models.find((m) => m.name === built.config.populations[built.layout[0].name].model);
  // named populations (E, I, ...) for the per-population statistics, spike files, figure colours and recording
  const populations = built.layout.filter((p) => p.kind === 'neurons').map((p) => ({ name: p.name, first: p.start, count: p.end - p.start }));
  // the CLI's summary and slicing read these fields; a voltage-space network has no NeuronModel or phases
  const composed = {
    simulator: voltageRun.simulator,
    model: { name: model?.name ?? 'lif' },
    network: { n: network.size },
    engine: voltageRun.engine,
    queue: voltageRun.queue,
    label,
    populations,
  } as unknown as ComposedSimulation;
  // one τ of simulated time per slice as well (the network engine resumes a time stop bit for bit; the O(N)
  // reference advances every voltage at a stop, so it slices by spikes only)
  const sliceSeconds = voltageRun.engine === 'network' && network.inputs.length > 0 ? network.tau : undefined;
  return { composed, stop, config, voltages: voltageRun.simulator, populations, sliceSeconds };
}

/** The engines `--engine` may name for a network run (`reference` is the network reference, as `--reference`). */
const NETWORK_ENGINES = ['auto', 'js', 'network', 'reference', 'network-reference'];

/** The network config a run asks for, with the file (for messages) and the directory its data files are relative to. */
function networkConfigOf(config: RunConfig, env: PrepareEnvironment): { value: NetworkConfigInput | unknown; file: string | undefined; base: string; label: string } | undefined {
  if (config.networkConfig !== undefined) {
    rejectWith(config, ['preset', 'network', 'k', 'j0', 'rate', 'iext', 'eta', 'n', 'g', 'epsilon', 'delay'], '--config with a network config (populations)');
    const value = structuredClone(config.networkConfig.value) as Record<string, unknown>;
    applyCommonOverrides(value, config, env);
    return { value, file: config.networkConfig.path, base: dirname(resolve(env.cwd, config.networkConfig.path)), label: `network config ${config.networkConfig.path}` };
  }
  if (config.preset === 'brunel') {
    rejectWith(config, ['network', 'k', 'j0', 'rate', 'iext'], '--preset brunel');
    const value = brunelPreset({
      n: config.n,
      g: config.g,
      eta: config.eta,
      epsilon: config.epsilon,
      delay: config.delay,
      refractory: config.refractory,
      tau: config.tau,
      vReset: config.modelParams?.vReset,
      seed: config.seed,
    }) as Record<string, unknown>;
    applyCommonOverrides(value, config, env, ['refractory', 'vReset']);
    return { value, file: undefined, base: env.cwd, label: 'preset brunel' };
  }
  if (config.preset !== undefined && config.preset !== 'reference') throw new InvalidParameterError('preset', config.preset, 'reference or brunel');
  const vReset = config.modelParams?.vReset;
  const features = config.refractory !== undefined || (vReset !== undefined && vReset !== 0) || config['input-events'] !== undefined || config['init-voltage'] !== undefined || config.delay !== undefined || edgeFileHasDelays(config, env);
  if (!features) return undefined;
  if (config.g !== undefined || config.epsilon !== undefined) throw new InvalidParameterError('g/epsilon', config.g ?? config.epsilon, 'used only with --preset brunel');
  // one population: today's network (procedural or --network edges) with the neuron features added
  const tau = config.tau ?? 0.01;
  let n = config.n;
  const projection: Record<string, unknown> = { from: 'N', to: 'N' };
  if (config.network !== undefined) {
    projection.edges = config.network;
    projection.delay = config.delay ?? 0;
    if (n === undefined) n = 1 + largestIndex(readInputText(config.network, env.cwd, '--network file'));
  } else {
    n ??= 100_000;
    const k = config.k ?? Math.min(100, n - 1), j0 = config.j0 ?? 1;
    Object.assign(projection, { outDegree: k, weight: -j0 / Math.sqrt(k), delay: config.delay ?? 0 });
  }
  const k = config.k ?? Math.min(100, n - 1);
  const iext = config.iext ?? balancedDrive(tau, k, config.j0 ?? 1, config.rate ?? 1);
  if (config.eta !== undefined && config.eta !== 0) throw new InvalidParameterError('eta', config.eta, '0 with network features (per-neuron drives go in a network config)');
  const value: Record<string, unknown> = {
    tau,
    seed: config.seed ?? 1,
    populations: { N: { size: n, model: config.model ?? 'lif', iext, refractory: config.refractory ?? 0, modelParams: { ...config.modelParams } } },
    projections: [projection],
    inputs: [],
  };
  applyCommonOverrides(value, config, env, ['refractory', 'vReset']);
  return { value, file: undefined, base: env.cwd, label: config.network === undefined ? 'procedural network' : `network from ${config.network}` };
}

/** `--input-events`, `--init-voltage`, `--refractory`, `--param vReset` apply to every population of a config. */
function applyCommonOverrides(value: Record<string, unknown>, config: RunConfig, env: PrepareEnvironment, skip: readonly string[] = []): void {
  const populations = (value.populations ?? {}) as Record<string, Record<string, unknown>>;
  const networkPopulations = Object.entries(populations).filter(([, p]) => typeof p === 'object' && p !== null && p.source === undefined);
  if (config.refractory !== undefined && !skip.includes('refractory')) for (const [, p] of networkPopulations) p.refractory = config.refractory;
  if (config.modelParams !== undefined && !skip.includes('vReset')) {
    for (const [, p] of networkPopulations) p.modelParams = { ...(p.modelParams as object), ...config.modelParams };
  }
  if (config['input-events'] !== undefined) {
    const inputs = Array.isArray(value.inputs) ? value.inputs : [];
    inputs.push({ events: config.networkConfig === undefined ? config['input-events'] : resolve(env.cwd, config['input-events']) });
    value.inputs = inputs;
  }
  if (config['init-voltage'] !== undefined) {
    const file = config['init-voltage'];
    const sizes = networkPopulations.map(([, p]) => Number(p.size));
    const total = sizes.reduce((a, b) => a + b, 0);
    const voltages = parseVoltages(readInputText(file, env.cwd, '--init-voltage file'), file, total);
    let at = 0;
    for (const [, p] of networkPopulations) {
      const size = Number(p.size);
      p.initVoltage = Array.from(voltages.subarray(at, at + size));
      at += size;
    }
  }
}

function rejectWith(config: RunConfig, keys: readonly (keyof RunConfig)[], what: string): void {
  for (const key of keys) {
    if (config[key] !== undefined) throw new InvalidParameterError(String(key), config[key], `not given with ${what} (set it in the network config)`);
  }
}

/** True when the `--network` edge file's first data line has a fourth column (`delay_s`). */
function edgeFileHasDelays(config: RunConfig, env: PrepareEnvironment): boolean {
  if (config.network === undefined) return false;
  const text = readInputText(config.network, env.cwd, '--network file');
  for (const line of text.split(/\r?\n/, 64)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const cells = trimmed.split(/\s*[,;\t ]\s*/);
    if (cells.some((c) => Number.isNaN(Number(c)))) {
      if (cells.includes('delay_s')) return true;
      continue; // header
    }
    return cells.length >= 4;
  }
  return false;
}

function largestIndex(text: string): number {
  let max = 0;
  for (const line of text.split(/\r?\n/)) {
    const cells = line.trim().split(/\s*[,;\t ]\s*/);
    const a = Number(cells[0]), b = Number(cells[1]);
    if (Number.isInteger(a) && a > max) max = a;
    if (Number.isInteger(b) && b > max) max = b;
  }
  return max;
}
