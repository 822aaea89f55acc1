/**
 * Optional model capability: exact evolution in voltage space, for any drive,
 * sub-threshold included.
 *
 * The phase representation ({@link NeuronModel}) needs a finite free period,
 * so it cannot describe a neuron whose drive keeps it below threshold (it
 * fires only from input, like the neurons of Brunel's network). In voltage
 * space such a neuron is just a voltage and a last-update time; its next
 * spike time without input is `+Infinity`. The network engine and its O(N)
 * reference use this capability.
 *
 * Units: voltages in the model's dimensionless units (threshold units for
 * LIF); `dt` in units of the membrane time constant `tau`; `iext` the
 * dimensionless drive of docs/algorithm.md §2 (LIF: `I = 1 + iext`, so
 * `iext = -1` is no drive). Every member is pure and allocation-free: the
 * engine calls them once per delivered event.
 */
export interface VoltageDynamics {
  /** Registry name of the model, e.g. `"lif"`. */
  readonly name: string;
  /** Voltage at which a neuron spikes. */
  readonly vThreshold: number;
  /** Voltage a neuron is held at during its refractory period and restarts from (< vThreshold). */
  readonly vReset: number;
  /**
   * Exact free evolution: the voltage after `dt ≥ 0` (units of tau) without
   * input, starting from `v0 < vThreshold` with drive `iext`. Must return
   * exactly `v0` when `dt` is 0.
   */
  freeVoltage(v0: number, dt: number, iext: number): number;
  /**
   * Time (units of tau) until a neuron at `v0` with drive `iext` reaches
   * threshold without input: 0 when `v0 ≥ vThreshold`, `+Infinity` when it
   * never does. Never NaN.
   */
  timeToThreshold(v0: number, iext: number): number;
}

/**
 * A model plugin that offers {@link VoltageDynamics}: `voltageDynamics(params)`
 * builds them from the model's parameters (the same keys as the plugin's
 * `parameters`, defaults filled in). Kept structural so this file imports no
 * other contract.
 */
export interface VoltageDynamicsProvider {
  /** Build the dynamics for these model parameters; throws `InvalidParameterError` for values outside the model's domain. */
  voltageDynamics(params: Readonly<Record<string, number>>): VoltageDynamics;
}

/** True when `plugin` (a model plugin) offers {@link VoltageDynamics}. */
export function hasVoltageDynamics<T extends object>(plugin: T): plugin is T & VoltageDynamicsProvider {
  return typeof (plugin as Partial<VoltageDynamicsProvider>).voltageDynamics === 'function';
}
