import { InvalidParameterError } from '../errors/errors.js';

/**
 * A model's drives laid out for its hot path: one value (homogeneous) or one
 * per neuron, read at `i * stride` (stride 0 or 1), so both cases run the
 * same code without a branch.
 */
export interface DriveLayout {
  /** The drives, length 1 when homogeneous, else the number of neurons. */
  drives: Float64Array;
  /** 0 when homogeneous, 1 when per neuron. */
  stride: number;
  homogeneous: boolean;
}

/**
 * Validate a model's drive (`iext`, one number or one per neuron) and lay it
 * out; every drive must be finite and > 0. `allowed` completes the error
 * message, e.g. `"a finite number > 0 (LIF fires tonically only when ...)"`.
 */
export function layOutDrives(size: number, drive: number | Float64Array, allowed: string): DriveLayout {
  if (!Number.isInteger(size) || size < 1) throw new InvalidParameterError('n', size, 'an integer ≥ 1');
  const perNeuron = typeof drive !== 'number';
  if (perNeuron && drive.length !== size) throw new InvalidParameterError('drive.length', drive.length, `equal to n = ${size}`);
  const drives = perNeuron ? Float64Array.from(drive) : Float64Array.of(drive);
  for (let k = 0; k < drives.length; k++) {
    const iext = drives[k];
    if (!(Number.isFinite(iext) && iext > 0)) throw new InvalidParameterError(perNeuron ? `iext of neuron ${k}` : 'iext', iext, allowed);
  }
  return { drives, stride: perNeuron ? 1 : 0, homogeneous: !perNeuron };
}
