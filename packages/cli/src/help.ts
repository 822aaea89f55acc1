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
  sweep    run a network over a parameter grid on worker threads or cluster array jobs (sparseprop sweep --help)

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

/** `sparseprop sweep --help`. */
export function sweepUsage(): string {
  return `Usage: sparseprop sweep SWEEP.json [--out DIR] [--workers N] [--task-index I --task-count C] [-q]
       sparseprop sweep merge DIR

Runs a network at every point of a parameter grid (SWEEP.json: "base" run settings or network
config, "grid" parameters combined as a cartesian product and/or "zip" lists taken together,
"run" {"spikes": M} or {"duration": SECONDS}, "seed", "statistics", "figure"). Each point runs
as sparseprop run --json would, on a pool of worker threads, with a seed derived from the sweep
seed and the point's index; its summary is written to DIR/points/point-NNNNNN.json. Points with
a result are skipped, so an interrupted sweep resumes where it stopped. A whole sweep ends with
DIR/table.csv, DIR/table.json and DIR/figure.png (heatmap for two axes, line for one).

  --out DIR           output directory (default: SWEEP.json without .json, plus .sweep)
  --workers N         worker threads (default: the available cores)
  --task-index I      run only share I: the points p with p mod C = I (also read from
  --task-count C      SLURM_ARRAY_TASK_ID/_COUNT, or JOB_COMPLETION_INDEX with JOB_COMPLETIONS)
  -q, --quiet         no progress lines
  -h, --help          this text

sparseprop sweep merge DIR builds the table and figure from the result files of every share
and names the points that are missing (exit status 1 when any is).
Exit status: 0 success, 1 a point failed or points are missing, 2 invalid input.
`;
}
