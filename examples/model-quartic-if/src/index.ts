/**
 * Touboul's quartic integrate-and-fire neuron as a SparseProp model plugin,
 * written by a user in a few lines: only its right-hand side is given; the
 * phase maps come from quadrature and the PTC from Chebyshev fits.
 * @packageDocumentation
 */
import { type DependencyContainer, type ModelPlugin, registerPlugins } from '@sparseprop/core';
import { fromRightHandSide } from '@sparseprop/model-chebyshev';

/**
 * Model plugin `"quartic-if"`: `dV/dt = V^4 + 2 a V + iext` (Touboul 2008,
 * without adaptation), reset to `vReset` when V reaches the cut-off `vPeak`.
 * Fires tonically when `iext > 3 (a/2)^(4/3)` (F > 0 everywhere). The
 * plugin also takes `tolerance` and `maxDegree` of the PTC fit.
 */
export const quarticIf: ModelPlugin = fromRightHandSide({
  name: 'quartic-if',
  description: "Touboul's quartic integrate-and-fire dV/dt = V^4 + 2aV + iext, reset vReset at cut-off vPeak; PTC by Chebyshev fit",
  rhs: (v, iext, { a }) => v ** 4 + 2 * a * v + iext,
  vReset: ({ vReset }) => vReset,
  vPeak: ({ vPeak }) => vPeak,
  parameters: [
    { name: 'a', description: 'linear coefficient of the quartic (a = 0: pure quartic)', unit: '1', default: 0.1, range: '(-Infinity, Infinity), with iext > 3 (a/2)^(4/3)' },
    { name: 'vReset', description: 'reset voltage after a spike', unit: '1 (voltage)', default: -1, range: '(-Infinity, vPeak)' },
    { name: 'vPeak', description: 'spike cut-off voltage', unit: '1 (voltage)', default: 10, range: '(vReset, Infinity)' },
  ],
});

/** Register the quartic IF plugin into a container. */
export function registerQuarticIf(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, quarticIf);
}
