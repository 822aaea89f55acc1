import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunSample } from './worker-protocol.js';

const execFileAsync = promisify(execFile);

/** The Python script that builds the reference LIF network as a Brian2 C++ standalone program. */
export const BRIAN2_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'brian2', 'lif_reference_brian2.py');

/** What the Brian2 series need, for messages. */
export const BRIAN2_NEEDS = 'Brian2 (Debian: apt-get install python3-brian python3-brian-lib, run by /usr/bin/python3 or --python) and g++ (its C++ standalone mode compiles the network)';

/** Brian2 and a C++ compiler, found. */
export interface Brian2Toolchain {
  python: string;
  /** `brian2.__version__`. */
  version: string;
  /** First line of `g++ --version`. */
  compiler: string;
}

/**
 * Whether Brian2's C++ standalone mode can run here: `python` imports
 * `brian2`, and `g++` answers. Returns the toolchain, or the reason it is
 * missing (a sentence naming what to install).
 */
export async function detectBrian2(python: string): Promise<Brian2Toolchain | { missing: string }> {
  let version: string;
  try {
    const { stdout } = await execFileAsync(python, ['-c', 'import brian2; print(brian2.__version__)'], { maxBuffer: 1 << 20 });
    version = stdout.trim().split('\n').at(-1) ?? '';
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    const why = e.code === 'ENOENT' ? `${python} not found` : `${python} cannot import brian2 (${(e.stderr ?? '').trim().split('\n').at(-1) ?? 'error'})`;
    return { missing: `${why}; the Brian2 series need ${BRIAN2_NEEDS}` };
  }
  try {
    const { stdout } = await execFileAsync('g++', ['--version'], { maxBuffer: 1 << 20 });
    return { python, version, compiler: stdout.split('\n')[0].trim() };
  } catch {
    return { missing: `g++ not found; the Brian2 series need ${BRIAN2_NEEDS}` };
  }
}

/** One Brian2 program: the network at one N and step, compiled. */
export interface Brian2Build {
  binary: string;
  cwd: string;
  dtMs: number;
  seconds: number;
  /** Wall seconds the build (code generation and compilation) took; 0 when reused. */
  compileSeconds: number;
}

/**
 * Simulated seconds of a Brian2 run at size `n`: about the span our engine
 * covers in `spikes` spikes (the network fires at about 3.4 Hz from the start),
 * so that both rates come from the same stretch of the network's life,
 * rounded to 10 ms and kept within [0.01, 2] s.
 */
export function defaultBrian2Seconds(n: number, spikes: number): number {
  const span = spikes / (3.4 * n);
  return Math.min(2, Math.max(0.01, Math.round(span * 100) / 100));
}

/**
 * Generate and compile the Brian2 program for the reference LIF network (K
 * out-synapses per neuron, step `dtMs`, `seconds` simulated) in `dir`, or
 * reuse the one built there with the same parameters. Compilation is not
 * part of any timing.
 */
export async function buildBrian2(python: string, params: { n: number; k: number; dtMs: number; seconds: number; seed: number }, dir: string): Promise<Brian2Build> {
  const stampPath = join(dir, 'sparseprop-bench-params.json');
  const script = readFileSync(BRIAN2_SCRIPT, 'utf8');
  const stamp = JSON.stringify({ ...params, python, script });
  const binary = join(dir, 'main');
  if (existsSync(stampPath) && existsSync(binary) && readFileSync(stampPath, 'utf8') === stamp) {
    return { binary, cwd: dir, dtMs: params.dtMs, seconds: params.seconds, compileSeconds: 0 };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = [BRIAN2_SCRIPT, String(params.n), String(params.k), String(params.dtMs), String(params.seconds), String(params.seed), dir];
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(python, args, { maxBuffer: 1 << 24, cwd: dir }));
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`Brian2 build failed (${python} ${args.join(' ')}): ${(e.stderr ?? e.message).trim().split('\n').slice(-5).join('\n')}`);
  }
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (line === undefined || !existsSync(binary)) throw new Error(`Brian2 build: no program in ${dir} (output "${stdout.trim()}")`);
  const built = JSON.parse(line) as { compileSeconds: number };
  writeFileSync(stampPath, stamp);
  return { binary, cwd: dir, dtMs: params.dtMs, seconds: params.seconds, compileSeconds: built.compileSeconds };
}

/**
 * Parse the Brian2 program's report line,
 * `brian2 cpu_ns=1.23e+08 wall_ns=2.7e+08 spikes=34137 sim_seconds=1.0`, into a
 * sample of a network of `n` neurons: cost per spike, rate. A grid
 * simulation of another draw of the network has no comparable checksum:
 * `hash` and `sumidx` are NaN.
 */
export function parseBrian2Line(line: string, n: number): RunSample {
  const fields = new Map<string, number>();
  for (const token of line.trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), Number(token.slice(eq + 1)));
  }
  const value = (key: string): number => {
    const v = fields.get(key);
    if (v === undefined || !Number.isFinite(v)) throw new Error(`Brian2 output has no numeric ${key}: "${line.trim()}"`);
    return v;
  };
  const spikes = value('spikes'), seconds = value('sim_seconds');
  const done = Math.max(1, spikes);
  return {
    spikes,
    cpuNsPerSpike: value('cpu_ns') / done,
    wallNsPerSpike: value('wall_ns') / done,
    hash: Number.NaN,
    sumidx: Number.NaN,
    rateHz: spikes / (n * seconds),
    lastTime: seconds,
  };
}

/**
 * Run a compiled Brian2 program once. It builds its synapses and initial
 * state first (not timed), then times its network run with
 * CLOCK_PROCESS_CPUTIME_ID and CLOCK_MONOTONIC.
 */
export async function runBrian2(build: Brian2Build, n: number): Promise<RunSample> {
  const { stdout } = await execFileAsync(build.binary, [], { cwd: build.cwd, maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith('brian2 '));
  if (line === undefined) throw new Error(`Brian2 program ${build.binary}: no report line in "${stdout.trim()}"`);
  return parseBrian2Line(line, n);
}
