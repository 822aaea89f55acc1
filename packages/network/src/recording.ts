import type { RunOptions, SpikeRecorder, VoltageSimulator } from '@sparseprop/core';

/**
 * A simulator whose voltages can be read at its current time: core's
 * `VoltageSimulator` (the network engine and its reference, e.g. from
 * `composeSimulator({ network })`).
 */
export type VoltageSampler = VoltageSimulator;

/**
 * Run `simulator` to each of `times` (seconds, increasing, ≥ its current
 * time) and read the voltages of `neurons` there, exactly from the state
 * (events at a sample time are applied before it is read). Spikes go to
 * `options.record`/`onSpike` as in a single run.
 * @returns row-major `times.length × neurons.length` voltages (threshold units)
 */
export function sampleVoltages(simulator: VoltageSampler, neurons: Int32Array, times: Float64Array, options: Pick<RunOptions, 'record' | 'onSpike'> = {}): Float64Array {
  const out = new Float64Array(times.length * neurons.length);
  for (let s = 0; s < times.length; s++) {
    simulator.run({ maxTimeSeconds: times[s], record: options.record, onSpike: options.onSpike });
    for (let k = 0; k < neurons.length; k++) out[s * neurons.length + k] = simulator.voltage(neurons[k]); // O(1) each, not an O(N) copy
  }
  return out;
}

/**
 * Binned population rates (Hz per neuron) of spikes `(times, neurons)`: bin
 * `b` covers `[b·bin, (b+1)·bin)` seconds, for each population range.
 * @returns one Float64Array of `ceil(duration/bin)` rates per range
 */
export function populationRates(times: Float64Array, neurons: Int32Array, ranges: readonly { start: number; end: number }[], bin: number, duration: number): Float64Array[] {
  const bins = Math.ceil(duration / bin);
  const out = ranges.map(() => new Float64Array(bins));
  for (let s = 0; s < times.length; s++) {
    const b = Math.floor(times[s] / bin);
    if (b < 0 || b >= bins) continue;
    for (let r = 0; r < ranges.length; r++) if (neurons[s] >= ranges[r].start && neurons[s] < ranges[r].end) out[r][b]++;
  }
  for (let r = 0; r < ranges.length; r++) {
    const scale = 1 / (bin * (ranges[r].end - ranges[r].start));
    for (let b = 0; b < bins; b++) out[r][b] *= scale;
  }
  return out;
}

/** A recorder that keeps only spikes of neurons in `[start, end)` or of a chosen set (`keep[i] === 1`). */
export class FilteredRecorder implements SpikeRecorder {
  constructor(
    private readonly target: SpikeRecorder,
    private readonly keep: Uint8Array,
  ) {}
  push(timeSeconds: number, neuron: number): void {
    if (this.keep[neuron] === 1) this.target.push(timeSeconds, neuron);
  }
}
