import { InvalidParameterError } from './errors.js';

/** `value` must be a finite number. */
export function requireFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidParameterError(name, value, 'a finite number');
  }
  return value;
}

/** `value` must be a finite number strictly greater than `min`. */
export function requireAbove(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > min)) {
    throw new InvalidParameterError(name, value, `a finite number > ${min}`);
  }
  return value;
}

/** `value` must be a finite number in the closed interval `[min, max]`. */
export function requireInRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidParameterError(name, value, `a number in [${min}, ${max}]`);
  }
  return value;
}

/** `value` must be an integer in `[min, max]`; `range` overrides the range text. */
export function requireInteger(name: string, value: unknown, min: number, max: number, range?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(name, value, `an integer in ${range ?? `[${min}, ${max}]`}`);
  }
  return value;
}
