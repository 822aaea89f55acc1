import { type DependencyContainer, type ModelPlugin, registerPlugins } from '@sparseprop/core';
import { EIF_DEFAULTS } from './eif-parameters.js';
import { EifModel } from './eif-model.js';

/** Model plugin `"eif"`: exponential integrate-and-fire, PTC from quadrature tables (docs/algorithm.md §2). */
export const eif: ModelPlugin = {
  kind: 'model',
  name: 'eif',
  description: 'exponential integrate-and-fire dV/dt = -V + dT exp((V - VT)/dT) + iext, reset vReset, cut-off vPeak; PTC from quadrature tables (~1e-14)',
  parameters: [
    { name: 'dT', description: 'slope factor of the spike-initiating exponential', unit: '1 (voltage)', default: EIF_DEFAULTS.dT, range: '(0, Infinity)' },
    { name: 'VT', description: 'soft threshold: the voltage where dV/dt is smallest', unit: '1 (voltage)', default: EIF_DEFAULTS.VT, range: '(-Infinity, Infinity)' },
    { name: 'vReset', description: 'reset voltage after a spike', unit: '1 (voltage)', default: EIF_DEFAULTS.vReset, range: '(-Infinity, vPeak)' },
    { name: 'vPeak', description: 'spike cut-off voltage', unit: '1 (voltage)', default: EIF_DEFAULTS.vPeak, range: '(vReset, Infinity)' },
  ],
  create: (network, params) => new EifModel(network.n, network.drive ?? network.iext, params),
};

/** Register the EIF model plugin into a container. */
export function registerEif(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, eif);
}
