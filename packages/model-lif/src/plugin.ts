import { type DependencyContainer, InvalidParameterError, type ModelPlugin, registerPlugins, type VoltageDynamicsProvider } from '@sparseprop/core';
import { LifModel } from './lif-model.js';
import { LifVoltageDynamics } from './lif-voltage.js';

/**
 * Model plugin `"lif"`: leaky integrate-and-fire, closed-form PTC (docs/algorithm.md §2),
 * and exact voltage-space dynamics for the network engine (any drive, reset `vReset`).
 */
export const lif: ModelPlugin & VoltageDynamicsProvider = {
  kind: 'model',
  name: 'lif',
  description: 'leaky integrate-and-fire dV/dt = -V + 1 + iext, threshold 1, reset vReset (default 0); closed-form PTC; drive iext in [1e-6, 1e3] (where spike times keep 1e-9)',
  parameters: [
    {
      name: 'vReset',
      description: 'reset voltage after a spike (the phase engines support 0 only; the network engine any value below threshold)',
      unit: '1 (voltage, threshold units)',
      default: 0,
      range: '(-Infinity, 1)',
    },
  ],
  create: (network, params) => {
    const vReset = params.vReset ?? 0;
    if (vReset !== 0) {
      throw new InvalidParameterError('vReset', vReset, '0 for the phase-representation engines (any value < 1 runs on the network engine)');
    }
    return new LifModel(network.n, network.drive ?? network.iext);
  },
  voltageDynamics: (params) => new LifVoltageDynamics(params.vReset ?? 0),
};

/** Register the LIF model plugin into a container. */
export function registerLif(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, lif);
}
