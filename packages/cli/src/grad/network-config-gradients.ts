import { dirname, isAbsolute, resolve } from 'node:path';
import { composeSimulator, type DependencyContainer, InvalidParameterError, registeredModels, SpikeTrain } from '@sparseprop/core';
import { compileNetwork, parseNetworkConfig } from '@sparseprop/network';
import { type CompiledTrainingNetwork, sharedPhaseModel, spikeTimeGradients, type SpikeTimeGradients, squaredSpikeTimes, trainingNetworkOfCompiled } from '@sparseprop/training';
import { readInputText } from '../io/read-input-file.js';

/** What `sparseprop grad --config net.json` computed. */
export interface NetworkConfigGradients {
  readonly train: SpikeTrain;
  readonly built: CompiledTrainingNetwork;
  readonly gradients: SpikeTimeGradients;
  readonly lossValue: number;
  readonly engine: string;
  /** Names of the projections, for the rows of the gradient file. */
  readonly projectionNames: readonly string[];
}

/**
 * Gradients of L = Σ_{s<M} t_s²/2 for a network config (populations,
 * projections, source populations, inputs): the forward on the network
 * engine (as `sparseprop run --config` runs it), then the delayed path (the
 * engine's rule for kicks at one instant) over every recurrent synapse,
 * every synapse leaving a source population and every kick stream's weight.
 * The network neurons must share one model with one set of parameters (the
 * phase model of the gradients; drives may differ per neuron).
 */
export function networkConfigGradients(file: { path: string; value: unknown }, spikes: number, cwd: string, container: DependencyContainer): NetworkConfigGradients {
  const validated = parseNetworkConfig(file.value, file.path);
  const base = dirname(resolve(cwd, file.path));
  const models = registeredModels(container);
  const readFile = (path: string) => readInputText(isAbsolute(path) ? path : resolve(base, path), cwd, 'network data file');
  const { network } = compileNetwork(validated, { models, readFile, file: file.path });
  const composed = composeSimulator({ network }, container);
  const train = new SpikeTrain(spikes);
  composed.simulator.run({ maxSpikes: spikes, record: train });
  if (train.length < spikes) throw new InvalidParameterError('spikes', spikes, `at most the ${train.length} spikes the network fired`);

  const modelOf = sharedPhaseModel(validated.populations, models, network.tau, file.path);
  const built = trainingNetworkOfCompiled(network, modelOf, train.times[spikes - 1]);
  const loss = squaredSpikeTimes(train, spikes);
  const gradients = spikeTimeGradients(built.network, train, loss.dLossDTimes, { path: 'delayed' });
  return { train, built, gradients, lossValue: loss.value, engine: composed.engine, projectionNames: network.projections.map((p) => p.name) };
}

/**
 * The gradient file of a network config: `projection,pre,post,weight,dL_dweight`,
 * one row per recurrent synapse (CSR order), per synapse leaving a source
 * population (pre numbered after the network neurons, as in spike files),
 * and per distinct jump of a kick stream (`projection` the stream's name,
 * pre and post −1).
 */
export function networkConfigGradientRows(result: NetworkConfigGradients, format: (x: number) => string): string[] {
  const { built, gradients, projectionNames } = result;
  const rows = ['projection,pre,post,weight,dL_dweight'];
  const { synapses } = built;
  const weights = built.network.connectivity as unknown as { weight: Float64Array };
  for (let e = 0; e < synapses.pre.length; e++) {
    rows.push(`${projectionNames[synapses.projection[e]]},${synapses.pre[e]},${synapses.post[e]},${format(weights.weight[e])},${format(gradients.weights![e])}`);
  }
  const origins = built.inputWeights, inputWeights = built.network.inputs?.weights;
  for (let c = 0; c < origins.pre.length; c++) {
    const q = origins.projection[c];
    const name = q >= 0 ? projectionNames[q] : built.inputNames[origins.pre[c]];
    rows.push(`${name},${q >= 0 ? origins.pre[c] : -1},${origins.post[c]},${format(inputWeights![c])},${format(gradients.inputWeights![c])}`);
  }
  return rows;
}
