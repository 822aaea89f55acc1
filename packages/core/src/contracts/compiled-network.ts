import type { VoltageDynamics } from './voltage-dynamics.js';

/**
 * A network as the general engine consumes it: populations of neurons in
 * voltage space, projections with delays, external input streams and step
 * currents. Built by `@sparseprop/network` from a description (library
 * objects or a JSON config), or by hand.
 *
 * **Index spaces.** Network neurons are `0 … size-1`, numbered across
 * populations in the order the description lists them. Source neurons (the
 * members of input populations whose spikes come from outside, e.g. Poisson
 * or a spike file) are presynaptic only and are numbered after them,
 * `size … size + sourceCount - 1`; projections from them are ordinary
 * projections.
 *
 * **Units.** Times and delays in seconds; voltages and weights (voltage
 * jumps) in the model's dimensionless units (threshold units for LIF);
 * drives are the dimensionless `iext` of docs/algorithm.md §2.
 *
 * **Event order at one instant** (every engine and the reference): all
 * deliveries (synaptic, external kicks, step-current changes) due at time
 * `t` are applied first; then the neurons at threshold spike one at a time,
 * lowest index first, each one's zero-delay deliveries being applied before
 * the next neuron at threshold is chosen. A neuron is refractory on
 * `[t_spike, t_spike + refractory)`: it holds `vReset` and ignores input; an
 * input at exactly `t_spike + refractory` is applied.
 */
export interface CompiledNetwork {
  /** Number of network neurons N (integer ≥ 1). */
  readonly size: number;
  /** Number of source neurons (presynaptic only), numbered after the network neurons; integer ≥ 0. */
  readonly sourceCount: number;
  /** Membrane time constant, seconds, > 0 (one for the whole network). */
  readonly tau: number;
  /** Neuron populations in index order, covering `0 … size-1` without gaps. */
  readonly populations: readonly NetworkPopulation[];
  /** Source populations in index order, covering `size … size+sourceCount-1`. */
  readonly sources: readonly SourcePopulation[];
  /** Drive `iext` of every network neuron (length `size`, finite). */
  readonly drive: Float64Array;
  /** Refractory period of every network neuron, seconds (length `size`, finite, ≥ 0). */
  readonly refractory: Float64Array;
  /** Voltage of every network neuron at time 0 (length `size`, finite, below its threshold). */
  readonly initialVoltage: Float64Array;
  /** Every projection; several may leave one population. */
  readonly projections: readonly NetworkProjection[];
  /** External event streams (kicks to neurons, or spikes of source neurons). Engines use `fork()` copies. */
  readonly inputs: readonly InputSource[];
  /** Drive changes, sorted by time (ties keep their order). */
  readonly stepCurrents: readonly StepCurrent[];
}

/** A population of network neurons `start … end-1` sharing one model. */
export interface NetworkPopulation {
  /** Name as in the description, e.g. `"E"`. */
  readonly name: string;
  /** First neuron index. */
  readonly start: number;
  /** One past the last neuron index. */
  readonly end: number;
  /** Their exact voltage dynamics (model and model parameters). */
  readonly dynamics: VoltageDynamics;
}

/** A population of source neurons (presynaptic indices `start … end-1`, all ≥ the network size). */
export interface SourcePopulation {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Synapses from presynaptic indices `sourceStart … sourceEnd-1` (network or
 * source neurons) onto network neurons. Implementations write into
 * caller-owned arrays: no allocation per spike.
 */
export interface NetworkProjection {
  /** Name for messages, e.g. `"E->I"`. */
  readonly name: string;
  /** First presynaptic index. */
  readonly sourceStart: number;
  /** One past the last presynaptic index. */
  readonly sourceEnd: number;
  /** Upper bound on the targets of one presynaptic neuron: the length the output arrays need. */
  readonly maxOutDegree: number;
  /**
   * Delay of every synapse, seconds (finite, ≥ 0), when the projection has
   * one; undefined when delays are per synapse and `targetsOf` writes them.
   */
  readonly delay: number | undefined;
  /**
   * Write the targets (network neuron indices) of presynaptic index `pre`,
   * their weights (voltage jumps) and, when {@link delay} is undefined, their
   * delays (seconds). Same `pre`, same output, every call.
   * @returns the number of targets written
   */
  targetsOf(pre: number, targets: Int32Array, weights: Float64Array, delays: Float64Array): number;
}

/**
 * A deterministic stream of external events in nondecreasing time, read
 * without allocation: `peek*` show the next event, `pop` consumes it. The
 * same source, forked, yields the identical events (same seed), so an engine
 * and the reference see the same input.
 */
export interface InputSource {
  /**
   * `"kick"`: each event is a voltage jump `weight` on network neuron
   * `target`. `"spike"`: each event is a spike of source neuron `target`
   * (presynaptic index ≥ the network size), delivered through the
   * projections that leave it; `weight` is unused.
   */
  readonly kind: 'kick' | 'spike';
  /** Name for messages and listings. */
  readonly name: string;
  /** Time of the next event, seconds; `+Infinity` when the stream has ended. */
  peekTime(): number;
  /** Target (kick) or source neuron (spike) of the next event. */
  peekTarget(): number;
  /** Voltage jump of the next event (kick). */
  peekWeight(): number;
  /** Consume the next event. */
  pop(): void;
  /** A fresh copy of this stream, at its first event. */
  fork(): InputSource;
  /** Expected number of events in `[0, seconds)` (for estimates before a run). */
  expectedEvents(seconds: number): number;
}

/**
 * A step current (NEST `step_current_generator`): from `timeSeconds` on, the
 * network neurons `start … end-1` have drive `iext`.
 */
export interface StepCurrent {
  readonly timeSeconds: number;
  readonly start: number;
  readonly end: number;
  readonly iext: number;
}
