import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RunSample } from './worker-protocol.js';

const execFileAsync = promisify(execFile);

/** Models the C anchor implements. */
export const ANCHOR_MODELS: ReadonlySet<string> = new Set(['lif', 'qif']);

/**
 * Parse the anchor's one-line report, e.g.
 * `impl=heap ... nstep=200000 rate_Hz=3.42 ... ns_per_spike=5887.1 cpu_ns_per_spike=5568.0 sumidx=... hash=... last_t=...`.
 */
export function parseAnchorLine(line: string): RunSample {
  const fields = new Map<string, string>();
  for (const token of line.trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  const number = (key: string): number => {
    const text = fields.get(key);
    const value = text === undefined ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) throw new Error(`C anchor output has no numeric ${key}: "${line.trim()}"`);
    return value;
  };
  return {
    spikes: number('nstep'),
    wallNsPerSpike: number('ns_per_spike'),
    cpuNsPerSpike: number('cpu_ns_per_spike'),
    hash: number('hash'),
    sumidx: number('sumidx'),
    rateHz: number('rate_Hz'),
    lastTime: number('last_t'),
  };
}

/** Run one anchor program (`sp`, `sp_best` or `naive`) for `spikes` spikes and parse its report. */
export async function runAnchor(binary: string, model: string, n: number, k: number, spikes: number): Promise<RunSample> {
  const { stdout } = await execFileAsync(binary, [model, String(n), String(k), String(spikes)], { maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.includes('hash='));
  if (line === undefined) throw new Error(`C anchor ${binary}: no report line in its output "${stdout.trim()}"`);
  return parseAnchorLine(line);
}
