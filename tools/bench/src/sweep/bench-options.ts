import { parseArgs } from 'node:util';

/** Which clock the table's ns per spike is read from. */
export type BenchClock = 'cpu' | 'wall';

/** The engines the sweep can run: the kernel with its default queue, the kernel with its 32-ary heap, the JS engines. */
export type BenchEngine = 'wasm' | 'wasm-heap32' | 'js';

/** Default Brian2 steps, ms. */
export const DEFAULT_BRIAN2_DTS_MS: readonly number[] = [0.1, 0.01];

/** Everything `pnpm bench` was asked to do, validated, with defaults applied. */
export interface BenchOptions {
  /** Network sizes to sweep, ascending. */
  sizes: number[];
  /** Synapses per neuron. */
  k: number;
  /** Model plugin names (each one a configuration of the sweep). */
  models: string[];
  /** Queue plugin names (each one a configuration of the sweep, on the JS engine). */
  queues: string[];
  /**
   * Engines: `wasm` (the WebAssembly kernel with the queue it picks, the lazy
   * calendar up to 1.5e8 neurons; models it supports), `wasm-heap32` (the
   * kernel with its 32-ary heap) and/or `js` (every model × queue).
   */
  engines: BenchEngine[];
  /** Engine frame. */
  frame: 'phase' | 'time' | 'auto';
  /** Exponential keys (LIF): on, off, or both as two configurations. */
  expKeys: boolean[];
  /** Memoise procedural targets up to this many bytes; undefined: the engine's default (the C anchor never memoises). */
  targetCacheBytes: number | undefined;
  /** Network and initial-state seed (the C anchor uses 1). */
  seed: number;
  /** Timed spikes per repetition; undefined: {@link defaultTimedSpikes} of each N. */
  spikes: number | undefined;
  /** Warm-up spikes per child process; undefined: {@link defaultWarmupSpikes} of each N. */
  warmup: number | undefined;
  /** Spikes per repetition of the O(N) methods; undefined: {@link defaultLinearSpikes} of each N. */
  linearSpikes: number | undefined;
  /** Repetitions (the table shows medians). */
  reps: number;
  /** Run the C anchor (`sp`, `sp_best`, `naive`). */
  anchor: boolean;
  /** Largest N for the C `naive` anchor (O(N) per spike). */
  naiveMaxN: number;
  /** Largest N for our O(N) reference simulator. */
  referenceMaxN: number;
  /** Measure the hand-inlined loop beside the engine (LIF, binary heap, phase frame only). */
  inlined: boolean;
  /** Clock of the table and the plot (JSON holds both). */
  clock: BenchClock;
  /** Write all raw repetitions and medians here. */
  jsonPath: string | undefined;
  /** Write the log-log plot here (`.svg` or `.png`). */
  plotPath: string | undefined;
  /** Directory holding the C anchor's `Makefile` and `sp.c`; undefined: `SPARSEPROP_ANCHOR_DIR`, else `shared/anchors/c` beside the clone. */
  anchorSource: string | undefined;
  /** Brian2 C++ standalone steps (ms) to run the LIF network at, when Brian2 is installed; empty: no Brian2 series. */
  brian2DtsMs: number[];
  /** Largest N for the Brian2 series (its synapses take about 12 bytes each: 1.2 kB per neuron at K = 100). */
  brian2MaxN: number;
  /** Simulated seconds of each Brian2 run; undefined: about the span our run covers (spikes / (3.4 Hz N)), within [0.01, 2] s. */
  brian2Seconds: number | undefined;
  /** The Python interpreter with Brian2 (Debian: /usr/bin/python3 with python3-brian). */
  python: string;
  /** Re-render the tables (and `--plot`) from this earlier `--json` report instead of measuring. */
  fromJson: string | undefined;
  /** Print the usage and stop. */
  help: boolean;
}

/** The usage text of `pnpm bench`. */
export const BENCH_USAGE = `usage: pnpm bench [options]   (from the repository root)

Sweeps network sizes, each configuration in its own child process (warm-up,
then timed repetitions; medians), side by side with the C anchor, and checks
that our spike train hashes equal the anchor's.

  --n LIST              sizes, e.g. 1e3,1e4,1e5,1e6 (default; up to 1e8 where memory allows)
  --k K                 synapses per neuron (default 100)
  --model LIST          model plugins (default lif)
  --queue LIST          queue plugins for the JS engine (default binary)
  --engine LIST         wasm (WebAssembly kernel, its default queue: the lazy calendar, LIF), wasm-heap32 (the
                        kernel with its 32-ary heap) and/or js (default wasm,js)
  --frame F             phase | time | auto (default phase)
  --exp-keys X          on | off | both: exponential keys where the model has them (default on, as the engine)
  --seed S              network and initial-state seed (default 1, as the C anchor)
  --target-cache-bytes B  memoise procedural targets when 4NK+N bytes fit B (default: the engine's 64 MiB;
                        0 regenerates them every spike, as the C anchor does)
  --spikes S            timed spikes per repetition (default N/2 within [2e5, 1e6])
  --warmup W            warm-up spikes per child process (default min(5e4, spikes))
  --linear-spikes S     spikes per repetition of the O(N) methods (default min(spikes, 2e9/N), at least 2000)
  --reps R              repetitions (default 5)
  --no-anchor           skip the C anchor without looking for it (when it is missing, the C series
                        are left out with a note saying what they need)
  --naive-max-n N       largest N for the C naive anchor (default 1e5)
  --reference-max-n N   largest N for our O(N) reference simulator (default 1e5)
  --no-inlined          skip the hand-inlined loop (DI engine vs inlined ratio)
  --clock C             cpu | wall: clock of the table and plot (default cpu)
  --json FILE           write raw repetitions and medians as JSON
  --plot FILE           write the log-log plot of ns/spike against N (.svg or .png)
  --anchor-source DIR   C anchor sources, Makefile and sp.c (default: SPARSEPROP_ANCHOR_DIR, else
                        shared/anchors/c beside the clone); a named folder must build; sp_lazy.c beside
                        them adds the C sp_lazy series (lazy calendar, LIF)
  --brian2 LIST         Brian2 C++ standalone steps in ms, LIF only (default 0.1,0.01; "off": none); needs
                        Brian2 (Debian python3-brian) and g++, else the series are left out with a note
  --brian2-max-n N      largest N for the Brian2 series (default 1e6; about 1.2 kB per neuron at K = 100)
  --brian2-seconds S    simulated seconds per Brian2 run (default: about the span of our run, in [0.01, 2])
  --python PATH         the Python with Brian2 (default /usr/bin/python3)
  --from-json FILE      measure nothing: print the tables of an earlier --json report (and --plot it)
  -h, --help            this text
`;

/** A bad command line; the message says which flag and what it accepts. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

/** Parse `1e5`, `100000` or `100_000` as an integer within `[min, max]`. */
export function parseCount(flag: string, text: string, min: number, max = 2 ** 31 - 1): number {
  const value = Number(text.replaceAll('_', ''));
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new BenchUsageError(`--${flag}: expected an integer in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

/** Parse a comma-separated list of counts (see {@link parseCount}), sorted ascending, duplicates removed. */
export function parseCountList(flag: string, text: string, min: number, max?: number): number[] {
  const values = text.split(',').filter((part) => part.trim() !== '').map((part) => parseCount(flag, part.trim(), min, max));
  if (values.length === 0) throw new BenchUsageError(`--${flag}: expected at least one value`);
  return [...new Set(values)].sort((a, b) => a - b);
}

function parseNameList(flag: string, text: string): string[] {
  const names = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (names.length === 0) throw new BenchUsageError(`--${flag}: expected at least one name`);
  return [...new Set(names)];
}

/** Parse `on`, `off` or `both` into the settings to sweep. */
export function parseSwitch(flag: string, text: string): boolean[] {
  if (text === 'on') return [true];
  if (text === 'off') return [false];
  if (text === 'both') return [true, false];
  throw new BenchUsageError(`--${flag}: expected on, off or both, got "${text}"`);
}

/** Parse the arguments after `bench`. Throws {@link BenchUsageError} on anything malformed. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        n: { type: 'string' },
        k: { type: 'string' },
        model: { type: 'string' },
        queue: { type: 'string' },
        engine: { type: 'string' },
        frame: { type: 'string' },
        'exp-keys': { type: 'string' },
        seed: { type: 'string' },
        'target-cache-bytes': { type: 'string' },
        spikes: { type: 'string' },
        warmup: { type: 'string' },
        'linear-spikes': { type: 'string' },
        reps: { type: 'string' },
        'no-anchor': { type: 'boolean' },
        'naive-max-n': { type: 'string' },
        'reference-max-n': { type: 'string' },
        'no-inlined': { type: 'boolean' },
        clock: { type: 'string' },
        json: { type: 'string' },
        plot: { type: 'string' },
        'anchor-source': { type: 'string' },
        brian2: { type: 'string' },
        'brian2-max-n': { type: 'string' },
        'brian2-seconds': { type: 'string' },
        python: { type: 'string' },
        'from-json': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const v = parsed.values;
  const frame = v.frame ?? 'phase';
  if (frame !== 'phase' && frame !== 'time' && frame !== 'auto') throw new BenchUsageError(`--frame: expected phase, time or auto, got "${frame}"`);
  const clock = v.clock ?? 'cpu';
  if (clock !== 'cpu' && clock !== 'wall') throw new BenchUsageError(`--clock: expected cpu or wall, got "${clock}"`);
  const sizes = parseCountList('n', v.n ?? '1e3,1e4,1e5,1e6', 3);
  const k = parseCount('k', v.k ?? '100', 1);
  const tooSmall = sizes.find((n) => k > n - 2);
  if (tooSmall !== undefined) throw new BenchUsageError(`--k ${k} needs every N ≥ K + 2 (the C anchor needs K < N - 1); got N = ${tooSmall}`);
  const plotPath = v.plot;
  if (plotPath !== undefined && !/\.(svg|png)$/i.test(plotPath)) throw new BenchUsageError(`--plot: expected a file ending in .svg or .png, got "${plotPath}"`);
  return {
    sizes,
    k,
    models: parseNameList('model', v.model ?? 'lif'),
    queues: parseNameList('queue', v.queue ?? 'binary'),
    engines: parseEngines(v.engine ?? 'wasm,js'),
    frame,
    expKeys: parseSwitch('exp-keys', v['exp-keys'] ?? 'on'),
    seed: parseCount('seed', v.seed ?? '1', 0, 2 ** 52),
    targetCacheBytes: v['target-cache-bytes'] === undefined ? undefined : parseCount('target-cache-bytes', v['target-cache-bytes'], 0, 2 ** 50),
    spikes: v.spikes === undefined ? undefined : parseCount('spikes', v.spikes, 1, 2 ** 40),
    warmup: v.warmup === undefined ? undefined : parseCount('warmup', v.warmup, 0, 2 ** 40),
    linearSpikes: v['linear-spikes'] === undefined ? undefined : parseCount('linear-spikes', v['linear-spikes'], 1, 2 ** 40),
    reps: parseCount('reps', v.reps ?? '5', 1, 1000),
    anchor: !(v['no-anchor'] ?? false),
    naiveMaxN: parseCount('naive-max-n', v['naive-max-n'] ?? '1e5', 0),
    referenceMaxN: parseCount('reference-max-n', v['reference-max-n'] ?? '1e5', 0),
    inlined: !(v['no-inlined'] ?? false),
    clock,
    jsonPath: v.json,
    plotPath,
    anchorSource: v['anchor-source'],
    brian2DtsMs: parseDts(v.brian2 ?? DEFAULT_BRIAN2_DTS_MS.join(',')),
    brian2MaxN: parseCount('brian2-max-n', v['brian2-max-n'] ?? '1e6', 0),
    brian2Seconds: v['brian2-seconds'] === undefined ? undefined : parsePositive('brian2-seconds', v['brian2-seconds'], 1e-3, 1e4),
    python: v.python ?? '/usr/bin/python3',
    fromJson: v['from-json'],
    help: v.help ?? false,
  };
}

function parseEngines(text: string): BenchEngine[] {
  const names = parseNameList('engine', text);
  for (const name of names) if (name !== 'wasm' && name !== 'wasm-heap32' && name !== 'js') throw new BenchUsageError(`--engine: expected wasm, wasm-heap32 and/or js, got "${name}"`);
  return [...new Set(names)] as BenchEngine[];
}

/** Parse a number within `[min, max]` (e.g. seconds). */
export function parsePositive(flag: string, text: string, min: number, max: number): number {
  const value = Number(text.replaceAll('_', ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new BenchUsageError(`--${flag}: expected a number in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

/** Parse `--brian2`: `off`, or a list of steps in ms within [1e-4, 1] (each a whole number of 0.1 µs). */
export function parseDts(text: string): number[] {
  if (text.trim() === 'off') return [];
  const values = text.split(',').filter((part) => part.trim() !== '').map((part) => parsePositive('brian2', part.trim(), 1e-4, 1));
  if (values.length === 0) throw new BenchUsageError('--brian2: expected "off" or at least one step in ms');
  return [...new Set(values)].sort((a, b) => b - a);
}
