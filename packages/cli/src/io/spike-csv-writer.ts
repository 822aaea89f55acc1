import { SPIKE_CSV_HEADER, SpikeCsvWriter } from '@sparseprop/io';
import type { OutputStream } from '../cli-io.js';
import { type NamedInput, OutputFile, type OutputTarget, resolveOutputTarget } from './output-file.js';

export { SPIKE_CSV_HEADER, SpikeCsvWriter };

/**
 * Open the `--out` CSV now, so an unwritable path fails before the run
 * starts: `@sparseprop/io`'s streaming writer over the CLI's output file
 * (a temporary file renamed into place on commit; `-` to standard output,
 * special files in place; see {@link resolveOutputTarget} for the policy).
 * @param inputs the run's input files, which must not be overwritten
 * @param stdout where `-` writes
 */
export function openSpikeCsv(path: string, cwd: string, inputs: readonly NamedInput[] = [], stdout?: OutputStream): SpikeCsvWriter {
  return openSpikeCsvTarget(resolveOutputTarget(path, cwd, inputs), cwd, stdout);
}

/** {@link openSpikeCsv} for an already resolved target. */
export function openSpikeCsvTarget(target: OutputTarget, cwd: string, stdout?: OutputStream): SpikeCsvWriter {
  return SpikeCsvWriter.over(OutputFile.open(target, cwd, stdout), target.path);
}

/** Parse a spike CSV written by {@link SpikeCsvWriter} (for tests and tools). */
export function parseSpikeCsv(text: string): { times: number[]; neurons: number[] } {
  const lines = text.split('\n').filter((line) => line !== '');
  if (lines[0] !== SPIKE_CSV_HEADER) throw new Error(`expected header ${SPIKE_CSV_HEADER}, got ${lines[0]}`);
  const times: number[] = [], neurons: number[] = [];
  for (const line of lines.slice(1)) {
    const [t, j] = line.split(',');
    times.push(Number(t));
    neurons.push(Number(j));
  }
  return { times, neurons };
}
