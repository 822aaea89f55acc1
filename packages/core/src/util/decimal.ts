/**
 * A number in decimal notation: an optional sign, digits with an optional
 * fraction, an optional exponent (`12`, `-0.5`, `.25`, `5.`, `1e-3`, `+2E6`).
 * Hexadecimal, octal and binary literals (`0x10`, `0o7`, `0b1`), `Infinity`,
 * `NaN`, digit separators and empty text, which JavaScript's `Number()` takes
 * (or turns into 0), do not match.
 */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * `text` (surrounding white space ignored) as a number when it is a decimal
 * ({@link DECIMAL_NUMBER}), else NaN. Decimals beyond the double range give
 * ±Infinity, as `Number()` does: check `Number.isFinite` for a finite value.
 * @example parseDecimal(' 1e-3 ') // 0.001
 * @example parseDecimal('0x10') // NaN
 */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL_NUMBER.test(trimmed) ? Number(trimmed) : Number.NaN;
}
