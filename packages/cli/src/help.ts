import { CONFIG_FIELDS } from './run/run-config.js';

/** `sparseprop --help`. */
export const MAIN_USAGE = `Usage: sparseprop <command> [flags]

Exact event-based simulation of sparse spiking networks (SparseProp, O(K log N) per spike).

Commands:
  run      simulate a network and print a summary (sparseprop run --help)
  models   list the registered neuron models with their parameters, and the queues
  plot     draw a spike file (.csv, .npz, .h5): raster, population rate, rate and CV distributions
  grad     exact gradient of a spike-time loss per synapse and initial phase (sparseprop grad --help)
  train    train a network on a task described by a JSON file (sparseprop train --help)

Flags:
  -h, --help     this text
  -v, --version  the version
`;

/** `sparseprop run --help`, generated from the config fields so flags and config keys cannot drift apart. */
export function runUsage(): string {
  const rows: [string, string][] = [['--config FILE', 'JSON object with the keys below (and "modelParams"); flags override it']];
  for (const field of CONFIG_FIELDS) rows.push([`--${field.key}${field.placeholder ? ` ${field.placeholder}` : ''}`, field.help]);
  rows.push(
    ['--param NAME=VALUE', 'model-specific parameter (repeatable; see sparseprop models)'],
    ['--json', 'print one JSON object: neurons, spikes, simulatedSeconds, rateHz, wallSeconds, nsPerSpike'],
    ['-q, --quiet', 'no progress bar and no summary (errors and --json still print)'],
    ['-h, --help', 'this text'],
  );
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return `Usage: sparseprop run [flags]

Simulates the reference network (N=100000, K=100, j0=1, rate 1 Hz, tau=0.01 s, seed 1,
all-inhibitory weights J=-j0/sqrt(K), drive iext=tau*sqrt(K)*j0*rate) for 100000 spikes
unless told otherwise.

${rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`).join('\n')}

Paths inside a config file are relative to the config file. Exit status: 0 success,
1 the run failed, 2 invalid input (nothing was run or written).
`;
}
