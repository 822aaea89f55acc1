import { type DependencyContainer, type ModelPlugin, registerPlugins } from '@sparseprop/core';
import { EIF_DEFAULTS, EIF_MAX_DT, EIF_MAX_IEXT, EIF_MAX_V_PEAK, EIF_MAX_VT_OVER_DT, EIF_MIN_DT } from './eif-parameters.js';
import { EifModel } from './eif-model.js';

/** Model plugin `"eif"`: exponential integrate-and-fire, PTC from quadrature tables (docs/algorithm.md §2); drive `iext` in `(VT - dT, EIF_MAX_IEXT = 1e100]`. */
export const eif: ModelPlugin = {
  kind: 'model',
  name: 'eif',
  description: 'exponential integrate-and-fire dV/dt = -V + dT exp((V - VT)/dT) + iext, reset vReset, cut-off vPeak; PTC from quadrature tables (~1e-14); drive iext in (VT - dT, 1e100]',
  parameters: [
    { name: 'dT', description: 'slope factor of the spike-initiating exponential', unit: '1 (voltage)', default: EIF_DEFAULTS.dT, range: `[${EIF_MIN_DT}, ${EIF_MAX_DT}]` },
    { name: 'VT', description: 'soft threshold: the voltage where dV/dt is smallest', unit: '1 (voltage)', default: EIF_DEFAULTS.VT, range: `[-${EIF_MAX_VT_OVER_DT} dT, ${EIF_MAX_VT_OVER_DT} dT]` },
    { name: 'vReset', description: 'reset voltage after a spike', unit: '1 (voltage)', default: EIF_DEFAULTS.vReset, range: '(-Infinity, vPeak)' },
    { name: 'vPeak', description: 'spike cut-off voltage', unit: '1 (voltage)', default: EIF_DEFAULTS.vPeak, range: `(vReset, ${EIF_MAX_V_PEAK}]` },
  ],
  create: (network, params) => new EifModel(network.n, network.drive ?? network.iext, params),
};

/** Register the EIF model plugin into a container. */
export function registerEif(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, eif);
}
