import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ECHOED_CHARS, quoteInput } from './quote-input.js';
import { DECIMAL_NUMBER, parseDecimal } from '../util/decimal.js';

describe('quoteInput', () => {
  it('quotes short text as JSON would, with control and invisible characters escaped', () => {
    expect(quoteInput('0x10')).toBe('"0x10"');
    expect(quoteInput('a\x07b\x1b[2J')).toBe('"a\\u0007b\\u001b[2J"');
    expect(quoteInput('\u202eevil\u2028')).toBe('"\\u202eevil\\u2028"');
  });

  it('never echoes more than MAX_ECHOED_CHARS of the input, nor a control character (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        const quoted = quoteInput(text);
        expect(quoted).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/);
        // each echoed character takes at most 6 (a \uXXXX escape); plus quotes and the length note
        expect(quoted.length).toBeLessThanOrEqual(6 * MAX_ECHOED_CHARS + 40);
        if (text.length > MAX_ECHOED_CHARS) expect(quoted.endsWith(`(${text.length} characters)`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseDecimal', () => {
  it.each(['0x10', '0b1', '0o7', 'Infinity', 'NaN', '', ' ', '1_0', '1e', '.', '+', '1.2.3', '١'])('%j is not a decimal', (text) => {
    expect(parseDecimal(text)).toBeNaN();
    expect(DECIMAL_NUMBER.test(text)).toBe(false);
  });

  it('reads back every finite double from its shortest text (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(parseDecimal(String(x)), x) || (x === 0 && parseDecimal(String(x)) === 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
