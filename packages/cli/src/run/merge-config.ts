import { CliUsageError } from '../cli-errors.js';
import type { RunConfig } from './run-config.js';

/**
 * The settings of a run: the config file's, overridden key by key by the
 * flags'. `modelParams` merge per parameter. The stop condition is one
 * setting: `--spikes` or `--duration` on the command line replaces whichever
 * limit the file gave. Giving both limits in one place is an error.
 */
export function mergeRunConfig(file: RunConfig, flags: RunConfig): RunConfig {
  rejectBothLimits(flags, '--spikes and --duration');
  rejectBothLimits(file, 'the config keys "spikes" and "duration"');
  const merged: RunConfig = { ...file };
  if (flags.spikes !== undefined || flags.duration !== undefined) {
    delete merged.spikes;
    delete merged.duration;
  }
  for (const [key, value] of Object.entries(flags) as [keyof RunConfig, unknown][]) {
    if (value !== undefined && key !== 'modelParams') (merged as Record<string, unknown>)[key] = value;
  }
  if (file.modelParams !== undefined || flags.modelParams !== undefined) {
    merged.modelParams = { ...file.modelParams, ...flags.modelParams };
  }
  return merged;
}

function rejectBothLimits(config: RunConfig, what: string): void {
  if (config.spikes !== undefined && config.duration !== undefined) {
    throw new CliUsageError(`${what} cannot be combined: give one stop condition`);
  }
}
