import { parseArgs } from 'node:util';
import { InputFormatError } from '@sparseprop/core';
import { SpikeFileError, readSpikeFile } from '@sparseprop/io';
import { CliFileError, CliUsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { reportError } from '../report-error.js';
import { resolveFigureTarget, writeFigure } from './figure-output.js';

/** `sparseprop plot --help`. */
export const PLOT_USAGE = `Usage: sparseprop plot SPIKES --out FIGURE [flags]

Draws the standard figure of a spike file (.csv, .npz or .h5, as sparseprop run --out
writes them): a raster in population colours, the population rate over time, and the
distributions of firing rates and ISI CVs, with per-population statistics in the title.

  --out FIGURE        .png or .svg (written atomically)
  --max-neurons N     neurons in the raster before it samples uniformly (default 400)
  --max-dots N        dots in the raster before it shows only the first part of the run (default 60000)
  --start SECONDS     start of the observed interval (default 0)
  --end SECONDS       end of the observed interval (default: the last spike)
  -h, --help          this text

Large runs are thinned as the raster's title says; statistics use every spike.
`;

/**
 * `sparseprop plot SPIKES --out FIGURE`: read a spike file and draw it. A
 * file that is not a spike file is reported by name with the reason (exit
 * status 2).
 */
export async function plotCommand(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: {
          out: { type: 'string' },
          'max-neurons': { type: 'string' },
          'max-dots': { type: 'string' },
          start: { type: 'string' },
          end: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      throw new CliUsageError(`plot: ${(error as Error).message}`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(PLOT_USAGE);
      return ExitCode.success;
    }
    if (positionals.length !== 1) throw new CliUsageError(`plot takes one spike file, got ${positionals.length === 0 ? 'none' : positionals.length} (see sparseprop plot --help)`);
    if (values.out === undefined) throw new CliUsageError('plot needs --out FIGURE (.png or .svg)');
    const spikesPath = positionals[0];
    const maxNeurons = positiveInteger('--max-neurons', values['max-neurons']);
    const maxDots = positiveInteger('--max-dots', values['max-dots']);
    const start = finiteNumber('--start', values.start);
    const end = finiteNumber('--end', values.end);
    const figure = resolveFigureTarget(values.out, io.cwd, [{ flag: 'SPIKES', path: spikesPath }], '--out figure');
    let data;
    try {
      data = await readSpikeFile(spikesPath, io.cwd);
    } catch (error) {
      if (error instanceof SpikeFileError) throw new CliFileError(spikesPath, 'plot', error.reason);
      if (error instanceof InputFormatError) throw new CliFileError(spikesPath, 'plot', error.message);
      throw error;
    }
    const params = data.params ?? {};
    const k = typeof params.k === 'number' ? params.k : undefined;
    const model = typeof params.model === 'string' ? params.model : undefined;
    // a run stopped by --duration ends at that time, not at its last spike
    const stop = params.stop as { kind?: string; seconds?: number } | undefined;
    const endSeconds = end ?? (stop?.kind === 'duration' && typeof stop.seconds === 'number' ? stop.seconds : undefined);
    const summary = await writeFigure(
      figure,
      { times: data.times, neurons: data.neurons, neuronCount: data.neuronCount, populations: data.populations, startSeconds: start, endSeconds, model, k, source: spikesPath },
      io.cwd,
      undefined,
      '--out figure',
      { maxRasterNeurons: maxNeurons, maxRasterDots: maxDots },
    );
    io.stderr.write(
      `${values.out}: ${data.times.length.toLocaleString('en-US')} spikes of ${data.neuronCount.toLocaleString('en-US')} neurons; raster ${summary.rasterNeurons.toLocaleString('en-US')} neurons, ${summary.rasterDots.toLocaleString('en-US')} dots` +
        `${summary.rasterTruncated ? ` (first ${summary.rasterUntilSeconds} s)` : ''}\n`,
    );
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new CliUsageError(`${flag} must be an integer ≥ 1, got ${JSON.stringify(text)}`);
  return value;
}

function finiteNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliUsageError(`${flag} must be a finite number of seconds, got ${JSON.stringify(text)}`);
  return value;
}
