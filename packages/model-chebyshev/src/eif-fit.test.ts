import { summarizeWeights } from '@sparseprop/core/plugin';
import { EifModel } from '@sparseprop/model-eif';
import { describe, expect, it } from 'vitest';
import { ChebyshevPtcModel } from './chebyshev-ptc-model.js';
import { ptcGridError } from './chebyshev.test-support.js';

// The EIF has no closed form: the reference is its own quadrature-table PTC
// (accurate to ~1e-14). Its PTC is steep near threshold under strong
// inhibition (dptc/dphi = F(V)/F(V+J) ≈ e^{|J|/dT} = 2e4 for J = -1), where
// the allowed error grows by the function's rounding noise (chebyshev.test-support.ts).
describe('ChebyshevPtcModel over the EIF tables', () => {
  const drives = [0.1, 1];
  const weights = [-1, -0.3, -0.1, -0.01, 0.05, 0.3];

  it('one weight: |ptc - table ptc| ≤ tolerance (+ rounding noise) on 40001 phases, with pieces of degree ≤ 8', () => {
    for (const iext of drives) {
      const base = new EifModel(1, iext);
      for (const J of weights) {
        const model = new ChebyshevPtcModel(base, { weights: summarizeWeights([J]) });
        expect(model.fitSummary.largestDegree).toBeLessThanOrEqual(8);
        const { excess, worst, at } = ptcGridError(model, base, J, model.phiLow, 1, 1e-12, 40001);
        expect(excess, `iext ${iext} J ${J}: worst ${worst} at ${at}`).toBeLessThanOrEqual(0);
        // and graded toward threshold, where the EIF PTC has a (1-phi)^2 ln(1-phi) singularity
        const near = ptcGridError(model, base, J, 1 - 1e-4, 1, 1e-12, 10001);
        expect(near.excess, `iext ${iext} J ${J} near threshold: worst ${near.worst} at ${near.at}`).toBeLessThanOrEqual(0);
      }
    }
  });

  it('a weight range (2-D fit) across 0 meets the tolerance on a dense (phi, J) grid', () => {
    const base = new EifModel(1, 0.1);
    const model = new ChebyshevPtcModel(base, { weights: { min: -0.4, max: 0.1, distinct: undefined } });
    expect(model.fitting).toBe('range');
    for (let l = 0; l <= 25; l++) {
      const J = -0.4 + (0.5 * l) / 25;
      const { excess, worst, at } = ptcGridError(model, base, J, model.phiLow, 1, 1e-12, 2001);
      expect(excess, `J ${J}: worst ${worst} at ${at}`).toBeLessThanOrEqual(0);
    }
  });

  it('dPtcDPhi from the fit agrees with the table’s F(V)/F(V+J)', () => {
    const base = new EifModel(1, 0.1);
    for (const J of [-1, -0.3, 0.05]) {
      const model = new ChebyshevPtcModel(base, { weights: summarizeWeights([J]) });
      for (let k = 0; k < 4000; k++) {
        const phi = model.phiLow + ((1 - 1e-9 - model.phiLow) * k) / 4000;
        const exact = base.dPtcDPhi(phi, J, 0);
        // Markov: a fit error ε on a piece of half-width h and degree n gives a derivative error ≤ n^2 ε / h;
        // the graded pieces next to threshold are ≥ 1e-4 wide: 64 × 1e-12 / 5e-5 ≈ 1.3e-6 (measured: 1.3e-8)
        expect(Math.abs(model.dPtcDPhi(phi, J, 0) - exact), `J ${J} phi ${phi}`).toBeLessThanOrEqual(1.3e-6 * Math.max(1, Math.abs(exact)));
      }
    }
  });
});
