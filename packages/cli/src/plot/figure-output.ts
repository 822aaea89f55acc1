import { extname } from 'node:path';
import type { FigureInput, FigureOptions, FigureSummary } from '@sparseprop/analysis';
import { CliFileError } from '../cli-errors.js';
import type { OutputStream } from '../cli-io.js';
import { type NamedInput, OutputFile, type OutputTarget, resolveOutputTarget } from '../io/output-file.js';

/** A figure file checked before the work that draws it. */
export interface FigureTarget {
  readonly target: OutputTarget;
  readonly kind: 'png' | 'svg';
}

/**
 * Check a figure path before running: `.png` or `.svg`, and writable under
 * the CLI's output policy (a {@link CliFileError}, exit status 2, otherwise).
 */
export function resolveFigureTarget(path: string, cwd: string, inputs: readonly NamedInput[], role: string): FigureTarget {
  const extension = extname(path).toLowerCase();
  if (extension !== '.png' && extension !== '.svg') throw new CliFileError(path, `write the ${role}`, `a figure must end in .png or .svg, got ${extension === '' ? 'no extension' : `"${extension}"`}`);
  const target = resolveOutputTarget(path, cwd, inputs, role);
  // fail now on an unwritable directory, not after the run: open (creating the temporary file) and discard
  OutputFile.open(target, cwd, undefined, role).abort();
  return { target, kind: extension === '.png' ? 'png' : 'svg' };
}

/** Render the standard figure (vega-lite + resvg, loaded on demand) and write it atomically. */
export async function writeFigure(figure: FigureTarget, input: FigureInput, cwd: string, stdout: OutputStream | undefined, role: string, options: FigureOptions = {}): Promise<FigureSummary> {
  const { renderSpikeFigure } = await import('@sparseprop/analysis'); // vega is large: load it only to draw
  const { bytes, summary } = await renderSpikeFigure(input, figure.kind, options);
  const file = OutputFile.open(figure.target, cwd, stdout, role);
  try {
    file.write(bytes);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
  return summary;
}
