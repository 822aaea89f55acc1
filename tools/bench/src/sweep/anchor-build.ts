import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The files the C anchor is built from. */
const ANCHOR_SOURCES = ['Makefile', 'sp.c'] as const;

/** The lazy calendar prototype, built when its source is beside the others. */
const LAZY_SOURCE = 'sp_lazy.c';

/** The C anchor programs. */
export interface AnchorBinaries {
  /** Indexed binary max-heap (the algorithm our default engine reproduces). */
  sp: string;
  /** 4-ary heap, exp-space LIF keys, prefetching: the fastest known C. */
  spBest: string;
  /** Conventional O(N) per spike. */
  naive: string;
  /** Lazy calendar queue (LIF, all-inhibitory only), when `sp_lazy.c` is among the sources. */
  spLazy?: string;
}

/** The C anchor could not be found or built; the message says where it looked and what to do. */
export class AnchorUnavailableError extends Error {
  override readonly name = 'AnchorUnavailableError';
}

/** The environment variable naming the C anchor's source folder (as for `pnpm test:anchors`). */
export const ANCHOR_DIR_VARIABLE = 'SPARSEPROP_ANCHOR_DIR';

/** What the bench needs to run the C series, for messages. */
export const ANCHOR_NEEDS =
  "the C anchor (a plain C implementation of the algorithm kept outside this repository: a folder with its Makefile and sp.c, " +
  `found as shared/anchors/c beside the clone, or named by --anchor-source DIR or ${ANCHOR_DIR_VARIABLE}), and gcc and make to build it`;

/**
 * Where the C anchor's sources are: `override` (`--anchor-source`, else
 * `SPARSEPROP_ANCHOR_DIR`), else `shared/anchors/c` in the folder that holds
 * the repository (the layout CI uses).
 */
export function locateAnchorSources(repositoryRoot: string | undefined, override?: string): string {
  const dir = override !== undefined ? resolve(override) : repositoryRoot !== undefined ? resolve(repositoryRoot, '..', 'shared', 'anchors', 'c') : undefined;
  if (dir === undefined) {
    throw new AnchorUnavailableError(`C anchor: no repository root found to look beside; the C series need ${ANCHOR_NEEDS}`);
  }
  const missing = ANCHOR_SOURCES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new AnchorUnavailableError(`C anchor: ${missing.join(' and ')} not found in ${dir}; the C series need ${ANCHOR_NEEDS}`);
  }
  return dir;
}

/**
 * Copy the anchor's sources into `buildDir` (the shared directory is
 * read-only) and run `make` there; a no-op rebuild when nothing changed.
 */
export async function buildAnchor(sourceDir: string, buildDir: string): Promise<AnchorBinaries> {
  mkdirSync(buildDir, { recursive: true });
  const lazy = existsSync(join(sourceDir, LAZY_SOURCE));
  for (const file of lazy ? [...ANCHOR_SOURCES, LAZY_SOURCE] : ANCHOR_SOURCES) {
    const from = join(sourceDir, file), to = join(buildDir, file);
    if (!existsSync(to) || !readFileSync(from).equals(readFileSync(to))) copyFileSync(from, to);
  }
  try {
    await execFileAsync('make', ['-C', buildDir, 'sp', 'sp_best', 'naive', ...(lazy ? ['sp_lazy'] : [])], { maxBuffer: 1 << 20 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new AnchorUnavailableError(`C anchor: make failed in ${buildDir} (gcc and make are needed): ${(e.stderr ?? e.message).trim()}`);
  }
  return { sp: join(buildDir, 'sp'), spBest: join(buildDir, 'sp_best'), naive: join(buildDir, 'naive'), ...(lazy ? { spLazy: join(buildDir, 'sp_lazy') } : {}) };
}
