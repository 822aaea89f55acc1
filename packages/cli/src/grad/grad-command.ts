import { type CompiledNetwork, type ComposedSimulation, type DependencyContainer, InvalidParameterError, resolveModelParams, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { hasVoltageDynamics, NetworkSimulator } from '@sparseprop/core/plugin';
import { ExplicitProjection } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { spikeTimeGradients, squaredSpikeTimes, type TrainingNetwork, trainingNetworkOf } from '@sparseprop/training';
import { CliUsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { readConfigFile } from '../io/config-file.js';
import { formatExact } from '../io/format-exact.js';
import { type NamedInput, OutputFile, resolveOutputTarget } from '../io/output-file.js';
import { createCliContainer } from '../plugins.js';
import { reportError } from '../report-error.js';
import { systemMemory } from '../run/memory-budget.js';
import { mergeRunConfig } from '../run/merge-config.js';
import { prepareRun } from '../run/prepare-run.js';
import { parseNumberFlag, parseRunArgs } from '../run/run-args.js';
import type { RunConfig } from '../run/run-config.js';
import { networkConfigGradientRows, networkConfigGradients } from './network-config-gradients.js';

/** Loss names `sparseprop grad --loss` accepts. */
export const GRAD_LOSSES = {
  'spike-times': 'L = Σ_{s<M} t_s²/2 over the first M spikes (seconds²): ∂L/∂t_s = t_s',
} as const;

export function gradUsage(): string {
  return `Usage: sparseprop grad --network edges.csv --spikes M [--init phases.csv] [--loss spike-times]
                      [--out grad.csv] [--out-phases phases_grad.csv] [run flags]
       sparseprop grad --config net.json --spikes M [--out grad.csv] [--out-phases phases_grad.csv]

Simulates the network as \`sparseprop run\` would (same flags: --model, --iext, --tau, --seed,
--engine, --param, ...) for M spikes and prints the exact gradient of a loss of the spike
times (event-based backpropagation, docs/algorithm.md §7) with respect to every synaptic
weight and every initial phase.

  --loss NAME          ${Object.entries(GRAD_LOSSES)
    .map(([name, text]) => `${name}: ${text}`)
    .join('\n                       ')}
  --out FILE           per synapse: pre,post,dL_dweight (CSV; - is stdout; default -)
  --out-phases FILE    per neuron: neuron,dL_dphase0 (CSV)
  --delay SECONDS      every synapse delivers d seconds after the spike (default 0)
  --refractory SECONDS a spiking neuron is held at reset this long, inputs ignored (default 0)
                       (either > 0: the network engine runs the forward; models with voltage
                       dynamics: lif, qif; homogeneous drive or --eta)
  --json               print {loss, spikes, maxReplayDeviationS, ...} to stdout instead of the summary

With --config net.json (a network config: populations, projections, source populations, inputs,
as \`sparseprop run --config\` reads) the network engine runs the forward and the gradients cover
every weight of the config: --out gets projection,pre,post,weight,dL_dweight for every synapse
between network neurons, every synapse leaving a source population (pre numbered after the network
neurons, as in spike files) and every distinct jump of a kick stream (its name, pre and post -1).
The network neurons must share one model and modelParams (drives may differ); step currents are
refused (no gradient path).

Exit status: 0 success, 1 the run failed, 2 invalid input (nothing was run or written).
`;
}

/** `sparseprop grad`: gradients of a spike-time loss for a network and initial state read from files. */
export async function gradCommand(argv: readonly string[], io: CliIo, dependencies: { container?: DependencyContainer } = {}): Promise<number> {
  try {
    const own = extractFlags(argv, ['loss', 'out', 'out-phases', 'delay', 'refractory']);
    const args = parseRunArgs(own.rest);
    if (args.help) {
      io.stdout.write(gradUsage());
      return ExitCode.success;
    }
    const seconds = (flag: string) => {
      const text = own.values[flag];
      if (text === undefined) return 0;
      const value = parseNumberFlag(`--${flag}`, text);
      if (!(value >= 0) || !Number.isFinite(value)) throw new CliUsageError(`--${flag} expects a finite number of seconds ≥ 0, got ${text}`);
      return value;
    };
    const delay = seconds('delay'), refractory = seconds('refractory');
    const loss = own.values.loss ?? 'spike-times';
    if (!(loss in GRAD_LOSSES)) throw new CliUsageError(`--loss: unknown loss ${JSON.stringify(loss)}; expected one of ${Object.keys(GRAD_LOSSES).join(', ')}`);
    const fileConfig = args.configPath === undefined ? {} : readConfigFile(args.configPath, io.cwd);
    const config = mergeRunConfig(fileConfig, args.flags);
    if (config.networkConfig !== undefined) return networkConfigCommand(config, args, own.values, io, dependencies.container);
    if (config.network === undefined) throw new CliUsageError('--network edges.csv (or --config net.json, a network config) is required (per-synapse gradients need an explicit network)');
    if (config.spikes === undefined) throw new CliUsageError('--spikes M is required (the loss covers the first M spikes)');
    if (config.duration !== undefined) throw new CliUsageError('--duration is not supported by grad: give --spikes M');
    const inputs: NamedInput[] = [{ flag: '--network', path: config.network }];
    if (config.init !== undefined) inputs.push({ flag: '--init', path: config.init });
    if (args.configPath !== undefined) inputs.push({ flag: '--config', path: args.configPath });
    const outPath = own.values.out ?? '-';
    const target = resolveOutputTarget(outPath, io.cwd, inputs);
    const phaseTarget = own.values['out-phases'] === undefined ? undefined : resolveOutputTarget(own.values['out-phases'], io.cwd, inputs, '--out-phases file');

    const container = dependencies.container ?? createCliContainer();
    const { composed } = prepareRun({ ...config, out: undefined }, { cwd: io.cwd, container, memory: systemMemory() });
    const connectivity = composed.connectivity;
    if (!(connectivity instanceof SparseConnectivity)) throw new InvalidParameterError('network', 'procedural', 'an explicit --network edge list');
    const train = new SpikeTrain(config.spikes);
    let network: TrainingNetwork = trainingNetworkOf(composed);
    let engine = composed.engine;
    if (delay > 0 || refractory > 0) {
      // delays and refractoriness: the forward on the network engine (voltage space), the gradients on the delayed path
      network = { ...network, delays: delay, refractory };
      networkEngine(composed, connectivity, config.modelParams, delay, refractory).run({ maxSpikes: config.spikes, record: train });
      engine = 'network';
    } else composed.simulator.run({ maxSpikes: config.spikes, record: train });
    if (train.length < config.spikes) throw new InvalidParameterError('spikes', config.spikes, `at most the ${train.length} spikes the network fired`);
    const value = squaredSpikeTimes(train, config.spikes);
    const gradients = spikeTimeGradients(network, train, value.dLossDTimes);

    const lines: string[] = ['pre,post,dL_dweight'];
    const { rowStart, post } = connectivity;
    for (let j = 0; j < connectivity.size; j++) {
      for (let e = rowStart[j]; e < rowStart[j + 1]; e++) lines.push(`${j},${post[e]},${formatExact(gradients.weights![e])}`);
    }
    writeGradientFiles(io, target, phaseTarget, lines, gradients.initialPhases);
    const summary = {
      loss,
      lossValue: value.value,
      spikes: train.length,
      engine,
      gradientPath: gradients.path,
      maxReplayDeviationS: gradients.maxReplayDeviation,
      replaySeconds: gradients.replaySeconds,
      backwardSeconds: gradients.backwardSeconds,
    };
    reportSummary(io, args, target, phaseTarget, summary, `loss ${loss} = ${value.value} s² over ${train.length} spikes (engine ${engine}); replay deviation ${gradients.maxReplayDeviation.toExponential(2)} s`);
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/**
 * The network engine on the composed network with a uniform delay and refractory period: one population with
 * the model's voltage dynamics and drives `iext (1 + eta sin(2i/N))`, initial voltages from the initial phases.
 */
function networkEngine(composed: ComposedSimulation, connectivity: SparseConnectivity, modelParams: Readonly<Record<string, number>> | undefined, delay: number, refractory: number): NetworkSimulator {
  const plugin = composed.plugin;
  if (!hasVoltageDynamics(plugin)) throw new InvalidParameterError('model', plugin.name, 'a model with voltage dynamics (lif, qif) for --delay or --refractory');
  const n = connectivity.size, { iext, eta, tau } = composed.network;
  const pre = new Int32Array(connectivity.post.length);
  for (let j = 0; j < n; j++) pre.fill(j, connectivity.rowStart[j], connectivity.rowStart[j + 1]);
  const model = composed.model, phases = composed.initialPhases;
  const compiled: CompiledNetwork = {
    size: n,
    sourceCount: 0,
    tau,
    populations: [{ name: 'all', start: 0, end: n, dynamics: plugin.voltageDynamics(resolveModelParams(plugin, modelParams)) }],
    sources: [],
    drive: Float64Array.from({ length: n }, (_, i) => iext * (1 + eta * Math.sin((2 * i) / n))),
    refractory: new Float64Array(n).fill(refractory),
    initialVoltage: Float64Array.from(phases, (phi, i) => model.voltage(phi, i)),
    projections: [ExplicitProjection.fromEdges('network', 0, n, pre, connectivity.post, connectivity.weight, delay)],
    inputs: [],
    stepCurrents: [],
  };
  return new NetworkSimulator(compiled, new IndexedDaryHeap(n, 4));
}

/** Take `--name VALUE` / `--name=VALUE` for the given names out of argv; the rest goes to the run flags. */
export function extractFlags(argv: readonly string[], names: readonly string[]): { values: Record<string, string>; rest: string[] } {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let a = 0; a < argv.length; a++) {
    const token = argv[a];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(token);
    if (match !== null && names.includes(match[1])) {
      if (match[1] in values) throw new CliUsageError(`--${match[1]} given twice`);
      const value = match[2] ?? argv[++a];
      if (value === undefined) throw new CliUsageError(`--${match[1]} expects a value`);
      values[match[1]] = value;
    } else rest.push(token);
  }
  return { values, rest };
}

/** `sparseprop grad --config net.json`: the gradients of every weight of a network config. */
function networkConfigCommand(config: RunConfig, args: { json?: boolean; quiet?: boolean; configPath?: string }, own: Record<string, string>, io: CliIo, container: DependencyContainer | undefined): number {
  for (const flag of ['delay', 'refractory'] as const) {
    if (own[flag] !== undefined) throw new CliUsageError(`--${flag} is not used with a network config: delays and refractory periods go in the config`);
  }
  const ignored = (['network', 'init', 'duration', 'n', 'k', 'j0', 'iext', 'eta', 'preset'] as const).filter((key) => config[key] !== undefined);
  if (ignored.length > 0) throw new CliUsageError(`--${ignored[0]} is not used with a network config (--config with populations): the config says it`);
  if (config.spikes === undefined) throw new CliUsageError('--spikes M is required (the loss covers the first M spikes)');
  const file = config.networkConfig!;
  const inputs: NamedInput[] = [{ flag: '--config', path: file.path }];
  const target = resolveOutputTarget(own.out ?? '-', io.cwd, inputs);
  const phaseTarget = own['out-phases'] === undefined ? undefined : resolveOutputTarget(own['out-phases'], io.cwd, inputs, '--out-phases file');
  const result = networkConfigGradients(file, config.spikes, io.cwd, container ?? createCliContainer());
  const { gradients } = result;
  writeGradientFiles(io, target, phaseTarget, networkConfigGradientRows(result, formatExact), gradients.initialPhases);
  const summary = {
    loss: 'spike-times',
    lossValue: result.lossValue,
    spikes: result.train.length,
    engine: result.engine,
    gradientPath: gradients.path,
    synapses: result.built.synapses.pre.length,
    inputWeights: result.built.inputWeights.pre.length,
    maxReplayDeviationS: gradients.maxReplayDeviation,
    replaySeconds: gradients.replaySeconds,
    backwardSeconds: gradients.backwardSeconds,
  };
  reportSummary(
    io,
    args,
    target,
    phaseTarget,
    summary,
    `loss spike-times = ${result.lossValue} s² over ${result.train.length} spikes (engine ${result.engine}); ${summary.synapses} synapses, ${summary.inputWeights} input weights; replay deviation ${gradients.maxReplayDeviation.toExponential(2)} s`,
  );
  return ExitCode.success;
}

type OutputTarget = ReturnType<typeof resolveOutputTarget>;

/** Write the weight rows and (with --out-phases) `neuron,dL_dphase0`: both files or neither (a failure removes what was begun). */
function writeGradientFiles(io: CliIo, target: OutputTarget, phaseTarget: OutputTarget | undefined, weightRows: readonly string[], phaseGradient: Float64Array): void {
  const out = OutputFile.open(target, io.cwd, io.stdout);
  const phaseOut = phaseTarget === undefined ? undefined : OutputFile.open(phaseTarget, io.cwd, io.stdout, '--out-phases file');
  try {
    out.write(`${weightRows.join('\n')}\n`);
    if (phaseOut !== undefined) {
      const rows = ['neuron,dL_dphase0'];
      for (let i = 0; i < phaseGradient.length; i++) rows.push(`${i},${formatExact(phaseGradient[i])}`);
      phaseOut.write(`${rows.join('\n')}\n`);
    }
    out.commit();
    phaseOut?.commit();
  } catch (error) {
    out.abort();
    phaseOut?.abort();
    throw error;
  }
}

/** The run's summary: JSON with --json, else one line; on stderr when a gradient file goes to stdout. */
function reportSummary(io: CliIo, args: { json?: boolean; quiet?: boolean }, target: OutputTarget, phaseTarget: OutputTarget | undefined, summary: object, line: string): void {
  const results = target.kind === 'stdout' || phaseTarget?.kind === 'stdout' ? io.stderr : io.stdout;
  if (args.json) results.write(`${JSON.stringify(summary)}\n`);
  else if (!args.quiet) results.write(`${line}\n`);
}
