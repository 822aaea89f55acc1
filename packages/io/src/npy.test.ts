import { describe, expect, it } from 'vitest';
import { npyHeader, npyNumbers, npyString, npyText, parseNpyHeader } from './npy.js';

describe('NPY', () => {
  it('pads the header to a multiple of 64 bytes ending in a newline (format 1.0)', () => {
    for (const shape of [[], [0], [7], [123456789012]]) {
      const header = npyHeader('<f8', shape);
      expect(header.length % 64).toBe(0);
      expect(header[header.length - 1]).toBe(0x0a);
      expect(Array.from(header.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const parsed = parseNpyHeader(header);
      expect(parsed).toEqual({ descr: '<f8', fortranOrder: false, shape, dataOffset: header.length });
    }
    // NumPy's own header for np.zeros(3) (numpy.lib.format.write_array, version 1.0), byte for byte
    const text = new TextDecoder('latin1').decode(npyHeader('<f8', [3]).subarray(10));
    expect(text).toBe(`{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }`.padEnd(117, ' ') + '\n');
  });

  it('round-trips numbers and unicode text', () => {
    const values = new Float64Array([0, -1.5, 1e300, 5e-324]);
    const bytes = new Uint8Array([...npyHeader('<f8', [4]), ...new Uint8Array(values.buffer)]);
    expect(npyNumbers(bytes)).toEqual({ values, descr: '<f8' });
    expect(npyText(npyString('{"a":"µ𝄞"}'))).toBe('{"a":"µ𝄞"}');
    expect(npyNumbers(new Uint8Array([1, 2, 3]))).toMatch(/not an NPY array/);
  });
});
