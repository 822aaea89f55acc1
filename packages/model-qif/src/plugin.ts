import { type DependencyContainer, type ModelPlugin, registerPlugins, type VoltageDynamicsProvider } from '@sparseprop/core';
import { QifModel } from './qif-model.js';
import { QifVoltageDynamics } from './qif-voltage.js';

/**
 * Model plugin `"qif"`: quadratic integrate-and-fire (theta neuron),
 * closed-form PTC (docs/algorithm.md §2). Random initial phases follow the C anchor:
 * `phi = 2 pi (0.5 - u)`, uniform on `(-pi, pi]`. Exact voltage-space dynamics
 * for the network engine, any drive (sub-threshold `iext ≤ 0` included).
 */
export const qif: ModelPlugin & VoltageDynamicsProvider = {
  kind: 'model',
  name: 'qif',
  description: 'quadratic integrate-and-fire dV/dt = V^2 + iext (theta neuron), spike at +inf, reset to -inf; closed-form PTC; drive iext ≥ 2^-1022 (a normal double)',
  parameters: [],
  create: (network) => new QifModel(network.n, network.drive ?? network.iext),
  // u in [0, 1) maps to (-pi, pi]: never the reset phase -pi itself
  initialPhase: (u) => 2.0 * Math.PI * (0.5 - u),
  voltageDynamics: () => new QifVoltageDynamics(),
};

/** Register the QIF model plugin into a container. */
export function registerQif(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, qif);
}
