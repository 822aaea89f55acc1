import { writeFileSync } from 'node:fs';
import { renderSvg, svgToPng } from '@sparseprop/analysis';

/** Render a vega-lite spec to a PNG file. */
export async function writePng(path: string, spec: object): Promise<void> {
  writeFileSync(path, svgToPng(await renderSvg(spec as Parameters<typeof renderSvg>[0])));
}
