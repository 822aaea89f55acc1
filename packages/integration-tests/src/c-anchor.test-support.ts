import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The C anchor sources (`sp.c`, `Makefile`): `SPARSEPROP_ANCHOR_DIR` when set
 * (`pnpm test:anchors` sets it), else `../shared/anchors/c` beside the repository.
 */
export const ANCHOR_SOURCE = process.env.SPARSEPROP_ANCHOR_DIR ?? resolve(import.meta.dirname, '../../../../shared/anchors/c');

let built: string | undefined;

/** Build the C anchor once per process in a temp dir (shared/ is read-only); throws a clear error without it. */
export function buildAnchor(): string {
  if (built) return built;
  if (!existsSync(join(ANCHOR_SOURCE, 'sp.c'))) {
    throw new Error(`C anchor not found at ${ANCHOR_SOURCE}: put its sources in ../shared/anchors/c beside the repository or set SPARSEPROP_ANCHOR_DIR`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sparseprop-anchor-'));
  cpSync(ANCHOR_SOURCE, dir, { recursive: true });
  execFileSync('make', ['-C', dir, 'sp', 'sp_best', 'naive'], { stdio: 'pipe' });
  built = dir;
  return dir;
}

/** One run of an anchor binary with a dump: its printed fields and the spike train. */
export interface AnchorRun {
  fields: Record<string, string>;
  neurons: Int32Array;
  times: Float64Array;
}

/** Run `binary model n k spikes dump` and read the dump (int32 indices then float64 times). */
export function runAnchor(binary: 'sp' | 'sp_best' | 'naive', model: 'lif' | 'qif', n: number, k: number, spikes: number): AnchorRun {
  const dir = buildAnchor();
  const dump = join(dir, `${binary}-${model}-${n}-${k}-${spikes}.bin`);
  const out = execFileSync(join(dir, binary), [model, String(n), String(k), String(spikes), dump], { encoding: 'utf8' });
  const fields = Object.fromEntries(out.trim().split(/\s+/).map((kv) => kv.split('=') as [string, string]));
  const bytes = readFileSync(dump);
  const neurons = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 4 * spikes));
  const times = new Float64Array(bytes.buffer.slice(bytes.byteOffset + 4 * spikes, bytes.byteOffset + 12 * spikes));
  return { fields, neurons, times };
}
