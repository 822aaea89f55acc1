import type { EventQueue } from '../contracts/event-queue.js';
import type { EngineState } from '../contracts/simulator.js';
import { InvalidParameterError } from '../errors/errors.js';

/**
 * Check that `state` is what `engine` saves: the same engine name, every
 * scalar in `numbers` finite, every array in `arrays` of `length` finite
 * doubles. Throws {@link InvalidParameterError} naming the first mismatch.
 */
export function checkEngineState(state: EngineState, engine: string, numbers: readonly string[], arrays: readonly string[], length: number): void {
  if (state.engine !== engine) throw new InvalidParameterError('state.engine', state.engine, `"${engine}" (a state saved by this engine)`);
  for (const name of numbers) {
    const value = state.numbers[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidParameterError(`state.numbers.${name}`, value, 'a finite number');
  }
  for (const name of arrays) {
    const array = state.arrays[name];
    if (!(array instanceof Float64Array) || array.length !== length) throw new InvalidParameterError(`state.arrays.${name}`, array?.length, `a Float64Array of length ${length}`);
    for (let i = 0; i < length; i++) {
      if (Number.isNaN(array[i])) throw new InvalidParameterError(`state.arrays.${name}[${i}]`, array[i], 'a number');
    }
  }
}

/** Every key of an indexed queue, neuron by neuron (the queue's order follows from them and the tie rule). */
export function queueKeys(queue: EventQueue, n: number): Float64Array {
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = queue.key(i);
  return keys;
}
