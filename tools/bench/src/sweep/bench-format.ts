/** Number formats of the bench table. */

/** A cost per spike in µs, 3 significant digits (`"3.41"`, `"85.2"`, `"912"`, `"1234"`); `"—"` when missing. */
export function formatMicros(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  const us = ns / 1000;
  return us >= 1000 ? us.toFixed(0) : us.toPrecision(3);
}

/** A ratio with 2 decimals (`"1.37×"`); `"—"` when missing. */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

/** A count, in powers of ten when short that way (`2e5`, `1e6`, `2500`). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 10_000) {
    const exponent = Math.floor(Math.log10(value));
    const mantissa = value / 10 ** exponent;
    if (Number.isInteger(mantissa)) return `${mantissa}e${exponent}`;
    if (Number.isInteger(mantissa * 10)) return `${mantissa.toFixed(1)}e${exponent}`;
  }
  return String(value);
}

/** A rate in Hz with 3 decimals. */
export function formatRate(hz: number): string {
  return Number.isFinite(hz) ? hz.toFixed(3) : '—';
}

/** Bytes per neuron, whole bytes (`"—"` when missing). */
export function formatBytesPerNeuron(value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) ? value.toFixed(value < 100 ? 1 : 0) : '—';
}

/** Seconds (of CPU or wall per simulated second), 3 significant digits (`"0.812"`, `"11.4"`, `"1234"`); `"—"` when missing. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  return seconds >= 1000 ? seconds.toFixed(0) : seconds.toPrecision(3);
}
