/**
 * A neuron model in the phase representation of docs/algorithm.md §2.
 *
 * Between input events every neuron's phase grows linearly, `dphi/dt = omega(i)`,
 * from {@link NeuronModel.phiReset} to {@link NeuronModel.phiThreshold}. Time `t`
 * is dimensionless (units of the membrane time constant `tau`); voltage `V` is
 * dimensionless too (threshold and reset per model).
 *
 * Every per-neuron member takes the neuron index `i` last, so that heterogeneous
 * populations (per-neuron drive, hence per-neuron `omega` and PTC constants) use
 * the same call shape as homogeneous ones. Homogeneous models may ignore `i`.
 *
 * Implementations must be pure (no allocation, no hidden state changes) in every
 * member: the engine calls `ptc` once per synaptic input in its hot loop.
 */
export interface NeuronModel {
  /** Registry name of the model, e.g. `"lif"`. */
  readonly name: string;
  /** Number of neurons this model instance describes (N ≥ 1). */
  readonly size: number;
  /**
   * True when every neuron has the same parameters (same `omega`, same PTC).
   * The phase-frame engine (docs/algorithm.md §3) needs this; the time frame does not.
   */
  readonly homogeneous: boolean;
  /** Phase at which a neuron spikes (dimensionless). */
  readonly phiThreshold: number;
  /** Phase a neuron restarts from after a spike (dimensionless, < phiThreshold). */
  readonly phiReset: number;
  /** Greatest lower bound of reachable phases (`-Infinity` for LIF, `-pi` for QIF). */
  readonly phiMin: number;
  /** Voltage at which a neuron spikes (`Infinity` for QIF). */
  readonly vThreshold: number;
  /** Voltage a neuron is reset to (`-Infinity` for QIF). */
  readonly vReset: number;

  /** Phase velocity of neuron `i` per unit of dimensionless time, > 0. */
  omega(i: number): number;
  /** Voltage of neuron `i` at phase `phi`. */
  voltage(phi: number, i: number): number;
  /**
   * Phase of neuron `i` at voltage `v`. Returns exactly `phiThreshold` for
   * `v >= vThreshold` (the neuron spikes now), never NaN.
   */
  phase(v: number, i: number): number;
  /**
   * Phase transition curve: the phase of neuron `i` right after a voltage jump
   * `J` at phase `phi`, i.e. `phase(voltage(phi) + J)`. When the jump reaches
   * threshold it returns exactly `phiThreshold`: the neuron spikes at that
   * instant (the engine then finds it at the top of its queue with zero delay).
   */
  ptc(phi: number, J: number, i: number): number;
  /** ∂ptc/∂phi at `(phi, J)`; 0 where the jump reaches threshold. */
  dPtcDPhi(phi: number, J: number, i: number): number;
  /** ∂ptc/∂J at `(phi, J)`; 0 where the jump reaches threshold. */
  dPtcDJ(phi: number, J: number, i: number): number;
}
