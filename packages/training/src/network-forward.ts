import { type CompiledNetwork, type EventQueue, InvalidParameterError, NetworkSimulator, SparseConnectivity, SpikeTrain, type VoltageDynamics } from '@sparseprop/core/plugin';
import { EventListSource, ExplicitProjection } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { type InputRunLimits, simulateWithInputs } from './input-forward.js';
import { checkInputEvents } from './input-events.js';
import type { TrainingForward } from './engine-forward.js';
import { type SpikeTimeGradients, spikeTimeGradients, type TrainingNetwork } from './spike-time-gradients.js';

/**
 * The forward pass of a {@link TrainingNetwork} with delays and refractory
 * periods on the network engine (`@sparseprop/core`'s `NetworkSimulator`,
 * voltage space): the engine whose semantics the delayed gradient path
 * replays. One population with the given voltage dynamics (the same model
 * as `network.model`: e.g. `LifVoltageDynamics` for `LifModel`) and drive,
 * initial voltages `model.voltage(initialPhases)`, the synapses of
 * `network.connectivity` (a {@link SparseConnectivity}) with
 * `network.delays`, and the input events as kicks.
 *
 * @param drive the drive `iext` of every neuron (one number or one per neuron), as the model was built with
 * @returns the recorded spikes (seconds, neuron), ready for {@link spikeTimeGradients} on the same network
 */
export function simulateOnNetworkEngine(network: TrainingNetwork, dynamics: VoltageDynamics, drive: number | Float64Array, limits: InputRunLimits): SpikeTrain {
  const { model, connectivity, initialPhases, tau, inputs } = network;
  const n = model.size;
  if (!(connectivity instanceof SparseConnectivity)) throw new InvalidParameterError('connectivity', 'procedural', 'a SparseConnectivity (explicit synapses)');
  if (connectivity.size !== n) throw new InvalidParameterError('connectivity.size', connectivity.size, `equal to the model size ${n}`);
  if (typeof drive !== 'number' && drive.length !== n) throw new InvalidParameterError('drive.length', drive.length, `equal to the model size ${n}`);
  if (inputs !== undefined) checkInputEvents(inputs, n);
  const pre = new Int32Array(connectivity.post.length);
  for (let j = 0; j < n; j++) pre.fill(j, connectivity.rowStart[j], connectivity.rowStart[j + 1]);
  const delays = network.delays ?? 0, refractory = network.refractory ?? 0;
  const compiled: CompiledNetwork = {
    size: n,
    sourceCount: 0,
    tau,
    populations: [{ name: 'network', start: 0, end: n, dynamics }],
    sources: [],
    drive: typeof drive === 'number' ? new Float64Array(n).fill(drive) : drive,
    refractory: typeof refractory === 'number' ? new Float64Array(n).fill(refractory) : refractory,
    initialVoltage: Float64Array.from(initialPhases, (phi, i) => model.voltage(phi, i)),
    projections: [ExplicitProjection.fromEdges('recurrent', 0, n, pre, connectivity.post, connectivity.weight, delays)],
    inputs: inputs === undefined ? [] : [new EventListSource('inputs', 'kick', inputs.times, inputs.targets, Float64Array.from(inputs.channels, (c) => inputs.weights[c]))],
    stepCurrents: [],
  };
  const train = new SpikeTrain();
  new NetworkSimulator(compiled, new IndexedDaryHeap(n, 4)).run({ maxSpikes: limits.maxSpikes, maxTimeSeconds: limits.maxTimeSeconds, record: train });
  return train;
}

/**
 * Delays and refractoriness of a task's network, with what its forward on the
 * network engine needs: the model's voltage dynamics and drive.
 */
export interface EngineTiming {
  /** Delay of every synapse, seconds (≥ 0). */
  readonly delaySeconds: number;
  /** Refractory period of every neuron, seconds (≥ 0). */
  readonly refractorySeconds: number;
  readonly dynamics: VoltageDynamics;
  readonly drive: number | Float64Array;
}

/**
 * A task's forward. A network without delays or refractoriness (`timing`
 * undefined) runs on `forward` (e.g. `engineForward` of a container:
 * the fastest registered engine, the WebAssembly kernel for LIF), or without
 * one on {@link simulateWithInputs} (the JS time-frame loop); with them on
 * {@link simulateOnNetworkEngine} (counted as `"network"` in `forward.runs`).
 * Returns the train, the network to give {@link spikeTimeGradients} with
 * it (delays and refractoriness included), and `gradients(dL)`: with
 * `withGradients` and a forward that offers
 * {@link TrainingForward.runForGradients}, the backward sweep of the tape the
 * forward wrote (no replay); else `spikeTimeGradients` on the train.
 */
export function taskForward(
  network: TrainingNetwork,
  queue: EventQueue,
  timing: EngineTiming | undefined,
  limits: InputRunLimits,
  forward?: TrainingForward,
  withGradients = false,
): { train: SpikeTrain; network: TrainingNetwork; gradients(dLossDTimes: Float64Array): SpikeTimeGradients } {
  if (timing === undefined) {
    if (forward !== undefined && withGradients && forward.runForGradients !== undefined) {
      const run = forward.runForGradients(network, limits); // the taped forward: the gradients are the backward sweep alone
      return { train: run.train, network, gradients: run.gradients };
    }
    const train = forward !== undefined ? forward.run(network, limits) : simulateWithInputs(network.model, queue, network.connectivity, network.initialPhases, network.tau, network.inputs, limits);
    return { train, network, gradients: (dLossDTimes) => spikeTimeGradients(network, train, dLossDTimes) };
  }
  forward?.note('network');
  const timed: TrainingNetwork = { ...network, delays: timing.delaySeconds, refractory: timing.refractorySeconds };
  const train = simulateOnNetworkEngine(timed, timing.dynamics, timing.drive, limits);
  return { train, network: timed, gradients: (dLossDTimes) => spikeTimeGradients(timed, train, dLossDTimes) };
}

/** The {@link EngineTiming} of task settings, or undefined when both are 0; throws naming the model when it has no voltage dynamics. */
export function engineTiming(delaySeconds: number, refractorySeconds: number, modelName: string, drive: number | Float64Array, dynamics: (() => VoltageDynamics | undefined) | undefined): EngineTiming | undefined {
  if (delaySeconds === 0 && refractorySeconds === 0) return undefined;
  const voltage = dynamics?.();
  if (voltage === undefined) throw new InvalidParameterError('model', modelName, 'a model with voltage dynamics (lif, qif) for network.delaySeconds and network.refractorySeconds');
  return { delaySeconds, refractorySeconds, dynamics: voltage, drive };
}
