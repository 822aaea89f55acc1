import { composeModelSimulator, type DependencyContainer, InvalidParameterError, registeredEngines, SpikeTrain } from '@sparseprop/core';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { type InputRunLimits, simulateWithInputs } from './input-forward.js';
import { checkInputEvents } from './input-events.js';
import { type SpikeTimeGradients, spikeTimeGradients, type TrainingNetwork } from './spike-time-gradients.js';
import { tapedForward } from './taped-gradients.js';

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
  /**
   * Optional: the forward of a trial whose gradients follow. Where it can,
   * it runs on the WebAssembly kernel writing the tape of the gradients as
   * it goes ({@link tapedForward}), so `gradients` costs the backward sweep
   * alone; elsewhere `run`, and `gradients` is {@link spikeTimeGradients}.
   * Same spikes and the same gradient bits either way (tested). Call
   * `gradients` once (it frees the kernel).
   */
  runForGradients?(network: TrainingNetwork, limits: InputRunLimits): ForwardWithGradients;
}

/** A forward run and the gradients of a loss of its spike times (see {@link TrainingForward.runForGradients}). */
export interface ForwardWithGradients {
  readonly train: SpikeTrain;
  /** ∂L/∂(weights, input weights, initial phases) for ∂L/∂t_s = `dLossDTimes[s]` (seconds⁻¹ per spike). */
  gradients(dLossDTimes: Float64Array): SpikeTimeGradients;
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
  const wasm = container !== undefined && registeredEngines(container).some((engine) => engine.name === 'wasm');
  const forward: TrainingForward = {
    runs,
    note,
    runForGradients(network, limits) {
      if (wasm && network.delays === undefined && network.refractory === undefined) {
        let taped;
        try {
          taped = tapedForward(network, limits);
        } catch (error) {
          // a network the kernel cannot tape (e.g. another model, a procedural network): run it as `run` does
          if (!(error instanceof InvalidParameterError && error.parameter === 'network')) throw error;
        }
        if (taped !== undefined) {
          note('wasm');
          const run = taped;
          return {
            train: run.train,
            gradients: (dLossDTimes) => {
              try {
                return run.gradients(dLossDTimes);
              } finally {
                run.dispose();
              }
            },
          };
        }
      }
      const train = forward.run(network, limits);
      return { train, gradients: (dLossDTimes) => spikeTimeGradients(network, train, dLossDTimes) };
    },
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
  return forward;
}
