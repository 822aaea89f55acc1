import {
  type CompiledNetwork,
  InsufficientMemoryError,
  InvalidParameterError,
  type InputSource,
  type ModelPlugin,
  type NetworkPopulation,
  type NetworkProjection,
  type SourcePopulation,
  type StepCurrent,
  type VoltageDynamics,
} from '@sparseprop/core';
import { hasVoltageDynamics } from '@sparseprop/core/plugin';
import { isConstant, meanOf } from './distributions.js';
import { parseEdgeCsv, parseInputEvents, parseRateSignal, parseSpikeCsv } from './files.js';
import { EventListSource, type NeuronRanges, PoissonDriveSource, PoissonPopulationSource, piecewiseLinearRate } from './inputs.js';
import { buildInDegree, buildOutDegree, buildProbability, ExplicitProjection, ProceduralOutDegreeProjection, type ProjectionSpec } from './projections.js';
import { RandomStream } from './random.js';
import { type NetworkConfig, parseNetworkConfig } from './schema.js';

/** How to compile a config. */
export interface CompileOptions {
  /** Model plugins to choose from by name (those offering voltage dynamics, e.g. `lif`). */
  models: readonly ModelPlugin[];
  /** Reads a file the config names (edge, spike, signal, event files); required when it names any. */
  readFile?: (path: string) => string;
  /** Name of the config file, for messages. */
  file?: string;
  /** Refuse networks whose estimated memory exceeds this many bytes (before allocating). Default: no limit. */
  availableBytes?: number;
}

/** Where each population's neurons are. */
export interface PopulationLayout {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** `"neurons"` for network neurons, `"source"` for source neurons (presynaptic indices ≥ size). */
  readonly kind: 'neurons' | 'source';
}

/** A compiled network with its layout and estimates. */
export interface BuiltNetwork {
  readonly network: CompiledNetwork;
  readonly layout: readonly PopulationLayout[];
  /** Estimated bytes of the compiled network and the engine's state. */
  readonly estimatedBytes: number;
  /** The validated config (defaults filled in). */
  readonly config: NetworkConfig;
}

/** Bytes per network neuron: engine state (v, last update, drive, refractory, indices, queue ≈ 60 B) and compiled arrays (24 B), rounded up. */
export const BYTES_PER_NEURON = 100;

/**
 * Validate a network config and build the {@link CompiledNetwork} the
 * network engine and its reference run. Nothing is allocated for a network
 * that fails validation or does not fit `availableBytes`. Errors name the
 * JSON path (prefixed by the file), the value and what is allowed.
 *
 * Numbering: network populations get consecutive indices in the order the
 * config lists them; source populations follow, after the last network neuron.
 */
export function compileNetwork(config: unknown, options: CompileOptions): BuiltNetwork {
  const cfg = parseNetworkConfig(config, options.file);
  const at = (path: string) => (options.file === undefined ? path : `${options.file}: ${path}`);
  const readFile = (path: string, what: string) => {
    if (options.readFile === undefined) throw new InvalidParameterError(at(what), path, 'a file name, with a readFile option to read it');
    return options.readFile(path);
  };

  // layout: network populations first, then sources
  const layout: PopulationLayout[] = [];
  const byName = new Map<string, PopulationLayout>();
  let n = 0;
  for (const [name, p] of Object.entries(cfg.populations)) {
    if (p.source !== undefined) continue;
    const entry = { name, start: n, end: n + p.size, kind: 'neurons' as const };
    n += p.size;
    layout.push(entry);
    byName.set(name, entry);
  }
  if (n === 0) throw new InvalidParameterError(at('populations'), Object.keys(cfg.populations), 'at least one population of network neurons (not only sources)');
  if (n > 2 ** 31 - 1) throw new InvalidParameterError(at('populations'), n, 'at most 2^31 - 1 neurons in all');
  let m = n;
  for (const [name, p] of Object.entries(cfg.populations)) {
    if (p.source === undefined) continue;
    const entry = { name, start: m, end: m + p.size, kind: 'source' as const };
    m += p.size;
    layout.push(entry);
    byName.set(name, entry);
  }
  const population = (name: string, path: string, networkOnly: boolean): PopulationLayout => {
    const entry = byName.get(name);
    if (entry === undefined) throw new InvalidParameterError(at(path), name, `a population of this config (${[...byName.keys()].join(', ')})`);
    if (networkOnly && entry.kind === 'source') throw new InvalidParameterError(at(path), name, 'a population of network neurons (a source population only sends spikes)');
    return entry;
  };

  // models and dynamics
  const dynamicsOf = new Map<string, VoltageDynamics>();
  for (const entry of layout) {
    if (entry.kind !== 'neurons') continue;
    const p = cfg.populations[entry.name];
    const plugin = options.models.find((model) => model.name === p.model);
    if (plugin === undefined || !hasVoltageDynamics(plugin)) {
      const usable = options.models.filter(hasVoltageDynamics).map((model) => model.name);
      throw new InvalidParameterError(at(`populations.${entry.name}.model`), p.model, `a model with voltage dynamics (${usable.join(', ') || 'none registered'})`);
    }
    const params: Record<string, number> = {};
    for (const spec of plugin.parameters) params[spec.name] = spec.default;
    for (const [key, value] of Object.entries(p.modelParams)) {
      if (!plugin.parameters.some((spec) => spec.name === key)) {
        throw new InvalidParameterError(at(`populations.${entry.name}.modelParams.${key}`), value, `a parameter of model ${plugin.name} (${plugin.parameters.map((s) => s.name).join(', ') || 'none'})`);
      }
      params[key] = value;
    }
    try {
      dynamicsOf.set(entry.name, plugin.voltageDynamics(params));
    } catch (error) {
      if (error instanceof InvalidParameterError) throw new InvalidParameterError(at(`populations.${entry.name}.modelParams.${error.parameter}`), error.value, error.allowed);
      throw error;
    }
    if (p.drive !== undefined && p.drive.length !== p.size) throw new InvalidParameterError(at(`populations.${entry.name}.drive.length`), p.drive.length, `equal to size (${p.size})`);
    if (Array.isArray(p.initVoltage) && p.initVoltage.length !== p.size) {
      throw new InvalidParameterError(at(`populations.${entry.name}.initVoltage.length`), p.initVoltage.length, `equal to size (${p.size})`);
    }
  }

  // projections: structure checks and the memory estimate, before building anything
  let bytes = BYTES_PER_NEURON * n + 2 * (m - n);
  const specs: { spec: ProjectionSpec; kind: 'out' | 'in' | 'p' | 'edges'; value: number; path: string; file?: string }[] = [];
  for (const [q, proj] of cfg.projections.entries()) {
    const path = `projections[${q}]`;
    const from = population(proj.from, `${path}.from`, false);
    const to = population(proj.to, `${path}.to`, true);
    const sourceSize = from.end - from.start, targetSize = to.end - to.start;
    const same = from.name === to.name;
    const spec: ProjectionSpec = {
      name: `${path} (${from.name}->${to.name})`,
      sourceStart: from.start,
      sourceSize,
      targetStart: to.start,
      targetSize,
      samePopulation: same,
      weight: proj.weight ?? 0,
      delay: proj.delay,
      seed: proj.seed ?? cfg.seed + q * 1_000_003,
      stream: q,
    };
    const perSynapse = isConstant(proj.delay) ? 12 : 20;
    if (proj.inDegree !== undefined) {
      const available = same ? sourceSize - 1 : sourceSize;
      if (proj.inDegree > available) throw new InvalidParameterError(at(`${path}.inDegree`), proj.inDegree, `at most the source size ${available} (${from.name}${same ? ' without autapses' : ''})`);
      bytes += (perSynapse + 8) * proj.inDegree * targetSize + 4 * sourceSize;
      specs.push({ spec, kind: 'in', value: proj.inDegree, path });
    } else if (proj.outDegree !== undefined) {
      const available = same ? targetSize - 1 : targetSize;
      if (proj.outDegree > available) throw new InvalidParameterError(at(`${path}.outDegree`), proj.outDegree, `at most the target size ${available} (${to.name}${same ? ' without autapses' : ''})`);
      const procedural = isConstant(spec.weight) && isConstant(spec.delay);
      bytes += procedural ? 4 * targetSize : (perSynapse + 8) * proj.outDegree * sourceSize + 4 * sourceSize;
      specs.push({ spec, kind: 'out', value: proj.outDegree, path });
    } else if (proj.probability !== undefined) {
      bytes += (perSynapse + 8) * proj.probability * sourceSize * targetSize * 1.1 + 4 * sourceSize;
      specs.push({ spec, kind: 'p', value: proj.probability, path });
    } else {
      if (!isConstant(proj.delay)) throw new InvalidParameterError(at(`${path}.delay`), proj.delay, 'a number with an edge file (per-synapse delays go in its delay_s column)');
      specs.push({ spec, kind: 'edges', value: 0, path, file: proj.edges });
    }
  }
  if (options.availableBytes !== undefined && bytes > options.availableBytes) throw new InsufficientMemoryError(bytes, options.availableBytes);

  // neuron arrays
  const drive = new Float64Array(n), refractory = new Float64Array(n), initialVoltage = new Float64Array(n);
  const populations: NetworkPopulation[] = [];
  for (const [index, entry] of layout.entries()) {
    if (entry.kind !== 'neurons') continue;
    const p = cfg.populations[entry.name];
    const dynamics = dynamicsOf.get(entry.name) as VoltageDynamics;
    populations.push({ name: entry.name, start: entry.start, end: entry.end, dynamics });
    const random = new RandomStream(cfg.seed, 2000 + index);
    for (let i = entry.start, k = 0; i < entry.end; i++, k++) {
      drive[i] = p.drive !== undefined ? p.drive[k] : p.iext;
      refractory[i] = p.refractory;
      const init = p.initVoltage;
      let v: number;
      if (init === undefined) {
        if (!Number.isFinite(dynamics.vReset) || !Number.isFinite(dynamics.vThreshold)) {
          throw new InvalidParameterError(at(`populations.${entry.name}.initVoltage`), undefined, `given for model ${p.model}, whose reset and threshold are not finite (a number, {uniform:{min,max}} or one per neuron)`);
        }
        v = dynamics.vReset + (dynamics.vThreshold - dynamics.vReset) * random.uniform();
      }
      else if (typeof init === 'number') v = init;
      else if (Array.isArray(init)) v = init[k];
      else v = init.uniform.min + (init.uniform.max - init.uniform.min) * random.uniform();
      if (!(v < dynamics.vThreshold)) throw new InvalidParameterError(at(`populations.${entry.name}.initVoltage`), v, `below the threshold ${dynamics.vThreshold}`);
      initialVoltage[i] = v;
    }
  }
  const sources: SourcePopulation[] = layout.filter((e) => e.kind === 'source').map((e) => ({ name: e.name, start: e.start, end: e.end }));

  // projections
  const projections: NetworkProjection[] = [];
  for (const { spec, kind, value, path, file } of specs) {
    if (kind === 'in') projections.push(buildInDegree(spec, value));
    else if (kind === 'p') projections.push(buildProbability(spec, value));
    else if (kind === 'out') {
      if (isConstant(spec.weight) && isConstant(spec.delay)) {
        projections.push(new ProceduralOutDegreeProjection(spec.name, spec.sourceStart, spec.sourceSize, spec.targetStart, spec.targetSize, value, spec.weight, spec.delay, spec.seed, spec.samePopulation));
      } else {
        projections.push(buildOutDegree(spec, value));
      }
    } else {
      const text = readFile(file as string, `${path}.edges`);
      const edges = parseEdgeCsv(text, file as string, spec.sourceSize, spec.targetSize);
      for (let s = 0; s < edges.post.length; s++) edges.post[s] += spec.targetStart;
      projections.push(ExplicitProjection.fromEdges(spec.name, spec.sourceStart, spec.sourceSize, edges.pre, edges.post, edges.weight, edges.delay ?? (spec.delay as number)));
    }
  }
  if (cfg.dale) checkDale(projections, layout, at);

  // inputs
  const inputs: InputSource[] = [];
  const stepCurrents: StepCurrent[] = [];
  for (const [index, entry] of layout.entries()) {
    if (entry.kind !== 'source') continue;
    const source = cfg.populations[entry.name].source;
    if (source === undefined) continue;
    const size = entry.end - entry.start;
    if ('spikes' in source) {
      const spikes = parseSpikeCsv(readFile(source.spikes, `populations.${entry.name}.source.spikes`), source.spikes, size);
      for (let s = 0; s < spikes.neurons.length; s++) spikes.neurons[s] += entry.start;
      inputs.push(new EventListSource(entry.name, 'spike', spikes.times, spikes.neurons, undefined));
    } else if ('rate' in source.poisson) {
      const rate = source.poisson.rate;
      inputs.push(new PoissonPopulationSource(entry.name, entry.start, size, () => rate, rate, cfg.seed, 3000 + index, rate));
    } else {
      const file = source.poisson.signal;
      const signal = parseRateSignal(readFile(file, `populations.${entry.name}.source.poisson.signal`), file);
      const { rate, maxRate, meanRate } = piecewiseLinearRate(signal.times, signal.rates);
      inputs.push(new PoissonPopulationSource(entry.name, entry.start, size, rate, maxRate, cfg.seed, 3000 + index, meanRate));
    }
  }
  for (const [k, input] of cfg.inputs.entries()) {
    const path = `inputs[${k}]`;
    if ('poisson' in input) {
      const p = input.poisson;
      const names = typeof p.to === 'string' ? [p.to] : p.to;
      const ranges: NeuronRanges = { starts: new Int32Array(names.length), ends: new Int32Array(names.length) };
      names.forEach((name, r) => {
        const entry = population(name, `${path}.poisson.to`, true);
        ranges.starts[r] = entry.start;
        ranges.ends[r] = entry.end;
      });
      inputs.push(new PoissonDriveSource(`${path} poisson`, ranges, p.rate, p.count, p.weight, cfg.seed, 1000 + k, p.start, p.stop ?? Infinity));
    } else if ('stepCurrent' in input) {
      const s = input.stepCurrent;
      const names = typeof s.to === 'string' ? [s.to] : s.to;
      for (const name of names) {
        const entry = population(name, `${path}.stepCurrent.to`, true);
        s.times.forEach((t, j) => stepCurrents.push({ timeSeconds: t, start: entry.start, end: entry.end, iext: s.values[j] }));
      }
    } else {
      const events = parseInputEvents(readFile(input.events, `${path}.events`), input.events, n);
      inputs.push(new EventListSource(`${path} events`, 'kick', events.times, events.neurons, events.weights));
    }
  }
  stepCurrents.sort((a, b) => a.timeSeconds - b.timeSeconds); // stable: ties keep config order

  const network: CompiledNetwork = { size: n, sourceCount: m - n, tau: cfg.tau, populations, sources, drive, refractory, initialVoltage, projections, inputs, stepCurrents };
  return { network, layout, estimatedBytes: bytes, config: cfg };
}

/** Every population's outgoing weights share one sign (zero weights count for neither). */
function checkDale(projections: NetworkProjection[], layout: PopulationLayout[], at: (path: string) => string): void {
  const sign = new Map<string, { sign: number; where: string }>();
  const targets = new Int32Array(Math.max(1, ...projections.map((p) => p.maxOutDegree)));
  const weights = new Float64Array(targets.length), delays = new Float64Array(targets.length);
  for (const projection of projections) {
    const from = layout.find((e) => e.start === projection.sourceStart) as PopulationLayout;
    const path = projection.name.split(' ')[0];
    const seen = sign.get(from.name);
    let s = seen?.sign ?? 0;
    let where = seen?.where ?? path;
    for (let pre = projection.sourceStart; pre < projection.sourceEnd; pre++) {
      const count = projection.targetsOf(pre, targets, weights, delays);
      for (let k = 0; k < count; k++) {
        const w = Math.sign(weights[k]);
        if (w === 0) continue;
        if (s === 0) {
          s = w;
          where = path;
        } else if (w !== s) {
          throw new InvalidParameterError(
            at(`${path}.weight`),
            weights[k],
            `of the sign of population ${from.name}'s other synapses (${s > 0 ? 'excitatory' : 'inhibitory'}, ${where}) by Dale's law; set "dale": false to allow mixed signs`,
          );
        }
      }
      if (projection instanceof ProceduralOutDegreeProjection) break; // one weight for all: one row shows it
    }
    sign.set(from.name, { sign: s, where });
  }
}

/** Expected external events (Poisson drive kicks, source spikes, listed events) in `[0, seconds)`. */
export function expectedExternalEvents(network: CompiledNetwork, seconds: number): number {
  let total = 0;
  for (const input of network.inputs) total += input.expectedEvents(seconds);
  return total;
}

/**
 * Refuse a run whose external events alone exceed `maxEvents` (default
 * 1e11, days of computing at ~100 ns per event), naming the biggest input.
 */
export function checkRunLength(network: CompiledNetwork, seconds: number, maxEvents = 1e11): void {
  const total = expectedExternalEvents(network, seconds);
  if (total > maxEvents) {
    let biggest = network.inputs[0];
    for (const input of network.inputs) if (input.expectedEvents(seconds) > biggest.expectedEvents(seconds)) biggest = input;
    throw new InvalidParameterError(
      `inputs (${biggest.name})`,
      `${total.toExponential(2)} expected events in ${seconds} s`,
      `at most ${maxEvents.toExponential(0)} events per run (lower the rate, count or duration)`,
    );
  }
}

/** Mean of a weight or delay distribution (exported for estimates in tools). */
export { meanOf };
