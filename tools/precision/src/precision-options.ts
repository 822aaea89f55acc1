import { parseArgs } from 'node:util';
import { DEFAULT_VARIANTS, type PrecisionVariant } from './precision-study.js';

/** What `pnpm precision` was asked to do, validated. */
export interface PrecisionOptions {
  /** Neurons of the LIF reference network (K = 100). */
  n: number;
  /** Spikes to simulate (checkpoints at 1e3, 3e3, 1e4, ... and the end). */
  spikes: number;
  /** The variants compared with the O(N) reference. */
  variants: PrecisionVariant[];
  /** Write the checkpoints as JSON here (rewritten at every checkpoint). */
  jsonPath: string | undefined;
  /** Write the log-log SVG plot here. */
  plotPath: string | undefined;
  /** Print the usage and stop. */
  help: boolean;
}

/** The usage text of `pnpm precision`. */
export const PRECISION_USAGE = `usage: pnpm precision [options]   (from the repository root)

Runs the O(N) reference and SparseProp variants in lockstep on the LIF reference
network (K = 100, seed 1) and prints the largest spike-time error of each variant
at 1e3, 3e3, 1e4, ... spikes (a variant stops being compared once its neuron
sequence parts from the reference's). Long runs take long: 1e8 spikes of three
variants at N = 1000 took 35 minutes (BENCHMARKS.md).

  --n N            neurons (default 1000; at least 102)
  --spikes S       spikes to simulate (default 1e6)
  --variants LIST  indices of the variants (default all):
${DEFAULT_VARIANTS.map((v, i) => `                     ${i}  ${v.label}`).join('\n')}
  --json FILE      write the checkpoints as JSON (rewritten at each checkpoint)
  --plot FILE      write a log-log SVG of the error against run length
  -h, --help       this text
`;

/** A bad command line; the message says which flag and what it accepts. */
export class PrecisionUsageError extends Error {
  override readonly name = 'PrecisionUsageError';
}

function count(flag: string, text: string, min: number, max: number): number {
  const value = Number(text.replaceAll('_', ''));
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new PrecisionUsageError(`--${flag}: expected an integer in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

/** Parse the arguments of `pnpm precision`. Throws {@link PrecisionUsageError} on anything malformed. */
export function parsePrecisionOptions(argv: readonly string[]): PrecisionOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        n: { type: 'string' },
        spikes: { type: 'string' },
        variants: { type: 'string' },
        json: { type: 'string' },
        plot: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new PrecisionUsageError((error as Error).message);
  }
  const variants = (values.variants ?? DEFAULT_VARIANTS.map((_, v) => v).join(','))
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => DEFAULT_VARIANTS[count('variants', part.trim(), 0, DEFAULT_VARIANTS.length - 1)]);
  if (variants.length === 0) throw new PrecisionUsageError('--variants: expected at least one index');
  const plotPath = values.plot;
  if (plotPath !== undefined && !/\.svg$/i.test(plotPath)) throw new PrecisionUsageError(`--plot: expected a file ending in .svg, got "${plotPath}"`);
  return {
    n: count('n', values.n ?? '1000', 102, 2 ** 31 - 1),
    spikes: count('spikes', values.spikes ?? '1e6', 1, 2 ** 40),
    variants,
    jsonPath: values.json,
    plotPath,
    help: values.help ?? false,
  };
}
