import { type DependencyContainer, InvalidParameterError } from '@sparseprop/core';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { runUsage } from '../help.js';
import { readConfigFile } from '../io/config-file.js';
import { type NamedInput, resolveOutputTarget } from '../io/output-file.js';
import { createCliContainer } from '../plugins.js';
import { asSetupError, reportError } from '../report-error.js';
import { executeRun } from './execute-run.js';
import { type MemoryProbe, systemMemory } from './memory-budget.js';
import { mergeRunConfig } from './merge-config.js';
import { type PreparedRun, prepareRun } from './prepare-run.js';
import { createProgress } from './progress.js';
import { parseRunArgs } from './run-args.js';
import { recordingInputs } from './recording.js';
import type { RunConfig } from './run-config.js';
import { type CliRunSummary, formatSummaryJson, formatSummaryText } from './run-summary.js';

/** Replaceable collaborators of {@link runCommand} (tests inject them). */
export interface RunCommandDependencies {
  /** Plugins (default: every plugin the CLI ships). */
  readonly container?: DependencyContainer;
  /** The machine's memory (default: the real one). */
  readonly memory?: MemoryProbe;
}

/**
 * `sparseprop run [flags]`: merge the config file and flags, build the
 * simulator, run it with a progress bar on a terminal, stream spikes to
 * `--out`, and print the summary (or `--json`). Errors print one line and
 * return a non-zero exit code; they never throw.
 */
export async function runCommand(argv: readonly string[], io: CliIo, dependencies: RunCommandDependencies = {}): Promise<number> {
  try {
    const args = parseRunArgs(argv);
    if (args.help) {
      io.stdout.write(runUsage());
      return ExitCode.success;
    }
    const fileConfig = args.configPath === undefined ? {} : readConfigFile(args.configPath, io.cwd);
    const config = mergeRunConfig(fileConfig, args.flags);
    const inputs = runInputs(config, args.configPath);
    // refuse an output that must not be written before reading the inputs or allocating
    const target = config.out === undefined ? undefined : resolveOutputTarget(config.out, io.cwd, inputs);
    let summary: Awaited<ReturnType<typeof simulate>>;
    try {
      summary = await simulate(config, io, args.quiet, inputs, dependencies);
    } catch (error) {
      throw args.configPath === undefined ? error : blameConfigFile(error, fileConfig, args.flags, args.configPath);
    }
    // with --out - (or /dev/stdout, or --rates/--voltages there) that output owns stdout: the summary goes to stderr
    const ownsStdout = (path: string | undefined, role: string) => path !== undefined && resolveOutputTarget(path, io.cwd, [], role).kind === 'stdout';
    const results = target?.kind === 'stdout' || ownsStdout(config.rates, '--rates file') || ownsStdout(config.voltages, '--voltages file') ? io.stderr : io.stdout;
    if (args.json) results.write(formatSummaryJson(summary.figures));
    else if (!args.quiet) results.write(formatSummaryText(summary.figures, summary.description));
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/**
 * An invalid value that came from the config file (and was not overridden by
 * a flag) is reported with the file's name: `net.json: "tau" must be ...`.
 */
function blameConfigFile(error: unknown, file: RunConfig, flags: RunConfig, configPath: string): unknown {
  if (!(error instanceof InvalidParameterError)) return error;
  const name = error.parameter;
  // model plugins name their parameters plainly (`dT`), the composition as `modelParams.dT`
  const param = /^modelParams\.(.+)$/.exec(name)?.[1] ?? (file.modelParams !== undefined && Object.hasOwn(file.modelParams, name) ? name : undefined);
  const fromFile =
    param !== undefined
      ? file.modelParams !== undefined && Object.hasOwn(file.modelParams, param) && !(flags.modelParams !== undefined && Object.hasOwn(flags.modelParams, param))
      : Object.hasOwn(file, name) && (flags as Record<string, unknown>)[name] === undefined && !(isStopKey(name) && (flags.spikes !== undefined || flags.duration !== undefined));
  const key = param === undefined ? name : `modelParams.${param}`;
  return fromFile ? new InvalidParameterError(`${configPath}: "${key}"`, error.value, error.allowed) : error;
}

function isStopKey(name: string): boolean {
  return name === 'spikes' || name === 'duration';
}

/** The input files of a run, which `--out` must not overwrite. */
function runInputs(config: RunConfig, configPath: string | undefined): NamedInput[] {
  const inputs: NamedInput[] = [];
  if (configPath !== undefined) inputs.push({ flag: '--config', path: configPath });
  if (config.network !== undefined) inputs.push({ flag: '--network', path: config.network });
  if (config.init !== undefined) inputs.push({ flag: '--init', path: config.init });
  if (config.resume !== undefined) inputs.push({ flag: '--resume', path: config.resume });
  if (config['input-events'] !== undefined) inputs.push({ flag: '--input-events', path: config['input-events'] });
  if (config['init-voltage'] !== undefined) inputs.push({ flag: '--init-voltage', path: config['init-voltage'] });
  inputs.push(...recordingInputs(config));
  return inputs;
}

async function simulate(config: RunConfig, io: CliIo, quiet: boolean, inputs: readonly NamedInput[], dependencies: RunCommandDependencies) {
  let prepared: PreparedRun;
  try {
    prepared = prepareRun(config, {
      cwd: io.cwd,
      container: dependencies.container ?? createCliContainer(),
      memory: dependencies.memory ?? systemMemory(),
    });
  } catch (error) {
    throw asSetupError(error); // nothing ran yet: whatever a plugin refused while building is an input problem
  }
  const figures: CliRunSummary = await executeRun(prepared, {
    out: config.out,
    cwd: io.cwd,
    inputs,
    stdout: io.stdout,
    progress: createProgress(prepared.stop, io.stderr, quiet),
  });
  const { simulator, model } = prepared.composed;
  const description = {
    model: config.model ?? model.name,
    algorithm: simulator.kind,
    queue: prepared.composed.queue ?? config.queue ?? 'none',
    engine: prepared.composed.engine,
    network: (prepared.composed as { label?: string }).label ?? (config.network === undefined ? 'procedural network' : `network from ${config.network}`),
  };
  return { figures, description };
}
