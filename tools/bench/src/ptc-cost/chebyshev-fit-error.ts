/**
 * Fit error of chebyshev:lif and chebyshev:eif against their base models'
 * PTC on a dense grid (10^6 phases over the fitted range [-1, 1], plus 10^5
 * in the last 1e-4 before threshold), with what was fitted and how long it took.
 *
 *   pnpm --filter @sparseprop/tool-bench fit-error:chebyshev
 */
import { summarizeWeights } from '@sparseprop/core/plugin';
import { EifModel } from '@sparseprop/model-eif';
import { LifModel } from '@sparseprop/model-lif';
import { ChebyshevPtcModel } from '@sparseprop/model-chebyshev';

function gridError(model: ChebyshevPtcModel, J: number, lo: number, hi: number, points: number): { worst: number; at: number } {
  let worst = 0, at = lo;
  for (let k = 0; k < points; k++) {
    const phi = lo + ((hi - lo) * k) / (points - 1);
    const e = Math.abs(model.ptc(phi, J, 0) - model.base.ptc(phi, J, 0));
    if (e > worst) [worst, at] = [e, phi];
  }
  return { worst, at };
}

console.log('model           iext      J   pieces  max deg  fit ms   max |error| on [-1, 1]   in [1-1e-4, 1]');
for (const [label, make] of [['chebyshev:lif', (iext: number) => new LifModel(1, iext)], ['chebyshev:eif', (iext: number) => new EifModel(1, iext)]] as const) {
  for (const iext of [0.1, 1]) {
    const base = make(iext);
    for (const J of [-1, -0.1, -0.01, 0.05]) {
      const start = performance.now();
      const model = new ChebyshevPtcModel(base, { weights: summarizeWeights([J]) });
      const ms = performance.now() - start;
      const all = gridError(model, J, model.phiLow, 1, 1_000_001), top = gridError(model, J, 1 - 1e-4, 1, 100_001);
      const s = model.fitSummary;
      console.log(
        `${label.padEnd(15)} ${String(iext).padStart(4)} ${String(J).padStart(6)} ${String(s.pieces).padStart(8)} ${String(s.largestDegree).padStart(8)} ${ms.toFixed(1).padStart(7)}   ${all.worst.toExponential(2)} at ${all.at.toFixed(6)}   ${top.worst.toExponential(2)}`,
      );
    }
  }
}
