/**
 * Spikes as the CSV `sparseprop run --out x.csv` writes: the header
 * `time_s,neuron`, then one `time,neuron` line per spike, times with the
 * shortest text that reads back as the same double (JavaScript's number
 * formatting, as the CLI's writer uses).
 */

/** Header line of the spike CSV (the CLI's). */
export const SPIKE_CSV_HEADER = 'time_s,neuron';

/** Lines per text part: a run of millions of spikes is built without one giant concatenation. */
const LINES_PER_PART = 1 << 16;

/** The CSV text of the first `count` spikes, as parts to join or hand to a Blob. */
export function spikeCsvParts(times: Float64Array, neurons: Int32Array, count: number): string[] {
  const parts = [`${SPIKE_CSV_HEADER}\n`];
  for (let start = 0; start < count; start += LINES_PER_PART) {
    const end = Math.min(count, start + LINES_PER_PART);
    let part = '';
    for (let s = start; s < end; s++) part += `${times[s]},${neurons[s]}\n`;
    parts.push(part);
  }
  return parts;
}
