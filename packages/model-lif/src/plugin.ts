import { type DependencyContainer, type ModelPlugin, registerPlugins } from '@sparseprop/core';
import { LifModel } from './lif-model.js';

/** Model plugin `"lif"`: leaky integrate-and-fire, closed-form PTC (docs/algorithm.md §2). */
export const lif: ModelPlugin = {
  kind: 'model',
  name: 'lif',
  description: 'leaky integrate-and-fire dV/dt = -V + 1 + iext, threshold 1, reset 0; closed-form PTC',
  parameters: [],
  create: (network) => new LifModel(network.n, network.drive ?? network.iext),
};

/** Register the LIF model plugin into a container. */
export function registerLif(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, lif);
}
