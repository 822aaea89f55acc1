import { composeModelSimulator, type DependencyContainer, InvalidParameterError, SpikeTrain } from '@sparseprop/core';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { type InputRunLimits, simulateWithInputs } from './input-forward.js';
import { checkInputEvents } from './input-events.js';
import type { TrainingNetwork } from './spike-time-gradients.js';

/** The engine name {@link TrainingForward.runs} counts for {@link simulateWithInputs} (the JS time-frame loop). */
export const TIME_FRAME_FORWARD = 'time-frame-inputs';

/**
 * A training forward: runs a {@link TrainingNetwork} without delays or
 * refractoriness (its input events included) and counts which engine ran
 * each trial.
 */
export interface TrainingForward {
  /** The recorded spikes (seconds, neuron) of `network` within `limits`, ready for {@link spikeTimeGradients} on the same network. */
  run(network: TrainingNetwork, limits: InputRunLimits): SpikeTrain;
  /** Count a forward another engine ran (e.g. `"network"` for delays and refractoriness). */
  note(engine: string): void;
  /** Forward runs so far, per engine name. */
  readonly runs: ReadonlyMap<string, number>;
}

/**
 * The forward on the fastest registered engine that runs the network: the
 * engine `composeModelSimulator` picks for `engine: "auto"` (for LIF with
 * `@sparseprop/engine-wasm` registered, the WebAssembly kernel, input events
 * included), else {@link simulateWithInputs} (any model, e.g. QIF or EIF
 * with input events, which no plain engine takes). Every engine gives the
 * same spikes to rounding (tested), so losses and gradients agree to rounding.
 *
 * @param container the plugins (e.g. the CLI's container); undefined: always {@link simulateWithInputs}
 * @example
 * ```ts
 * const forward = engineForward(registerWasmEngine(registerPlugins(createContainer(), lif, calendarQueue)));
 * const train = forward.run({ model, connectivity, initialPhases, tau: 0.01, inputs }, { maxTimeSeconds: 0.2 });
 * forward.runs; // Map { 'wasm' => 1 }
 * ```
 */
export function engineForward(container: DependencyContainer | undefined): TrainingForward {
  const runs = new Map<string, number>();
  const note = (engine: string) => runs.set(engine, (runs.get(engine) ?? 0) + 1);
  let queue: IndexedDaryHeap | undefined;
  const timeFrame = (network: TrainingNetwork, limits: InputRunLimits): SpikeTrain => {
    if (queue?.size !== network.model.size) queue = new IndexedDaryHeap(network.model.size, 4);
    note(TIME_FRAME_FORWARD);
    return simulateWithInputs(network.model, queue, network.connectivity, network.initialPhases, network.tau, network.inputs, limits);
  };
  return {
    runs,
    note,
    run(network, limits) {
      if (container === undefined) return timeFrame(network, limits);
      if (network.inputs !== undefined) checkInputEvents(network.inputs, network.model.size);
      let composed;
      try {
        composed = composeModelSimulator({ model: network.model, connectivity: network.connectivity, tau: network.tau, initialPhases: network.initialPhases, inputEvents: network.inputs }, container);
      } catch (error) {
        // no registered engine runs this network (e.g. input events on a model without exponential keys)
        if (error instanceof InvalidParameterError && error.parameter === 'engine') return timeFrame(network, limits);
        throw error;
      }
      const train = new SpikeTrain();
      try {
        composed.simulator.run({ maxSpikes: limits.maxSpikes, maxTimeSeconds: limits.maxTimeSeconds, record: train });
      } finally {
        composed.simulator.dispose?.(); // the kernel's instance serves the next trial
      }
      note(composed.engine);
      return train;
    },
  };
}
