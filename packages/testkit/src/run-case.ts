import { composeSimulator, type DependencyContainer, type SimulationConfig, SpikeTrain } from '@sparseprop/core';
import { explicitConnectivity, type NetworkCase } from './network-case.js';

/** Run one network case with a given algorithm and record `spikes` spikes. */
export function runCase(
  container: DependencyContainer,
  model: string,
  c: NetworkCase,
  spikes: number,
  options: Pick<SimulationConfig, 'frame' | 'queue' | 'reference' | 'rebaseEvery' | 'modelParams' | 'expKeys' | 'engine'> = {},
): SpikeTrain {
  const connectivity = c.explicit ? explicitConnectivity(c) : undefined;
  const { simulator } = composeSimulator({ model, n: c.n, k: c.k, j0: c.j0, iext: c.iext, eta: c.eta, seed: c.seed, connectivity, ...options }, container);
  const train = new SpikeTrain(spikes);
  simulator.run({ maxSpikes: spikes, record: train });
  return train;
}
