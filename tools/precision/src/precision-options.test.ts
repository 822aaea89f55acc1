import { describe, expect, it } from 'vitest';
import { parsePrecisionOptions, PRECISION_USAGE, PrecisionUsageError } from './precision-options.js';
import { DEFAULT_VARIANTS } from './precision-study.js';

describe('parsePrecisionOptions', () => {
  it('defaults to N = 1000, 1e6 spikes, every variant', () => {
    expect(parsePrecisionOptions([])).toMatchObject({ n: 1000, spikes: 1e6, variants: DEFAULT_VARIANTS, help: false, jsonPath: undefined });
  });

  it('reads every flag', () => {
    const o = parsePrecisionOptions(['--n', '2000', '--spikes', '1e8', '--variants', '2,0', '--json', 'p.json', '--plot', 'p.svg']);
    expect(o).toMatchObject({ n: 2000, spikes: 1e8, variants: [DEFAULT_VARIANTS[2], DEFAULT_VARIANTS[0]], jsonPath: 'p.json', plotPath: 'p.svg' });
    expect(parsePrecisionOptions(['--help']).help).toBe(true);
    expect(parsePrecisionOptions(['-h']).help).toBe(true);
  });

  it('rejects malformed values with the flag in the message', () => {
    expect(() => parsePrecisionOptions(['--variants', '9'])).toThrow(/--variants: expected an integer in \[0, 4\]/);
    expect(() => parsePrecisionOptions(['--n', '10'])).toThrow(/--n/);
    expect(() => parsePrecisionOptions(['--spikes', '1.5'])).toThrow(/--spikes/);
    expect(() => parsePrecisionOptions(['--plot', 'p.png'])).toThrow(/\.svg/);
    expect(() => parsePrecisionOptions(['--bogus'])).toThrow(PrecisionUsageError);
  });

  it('lists every variant in the usage text', () => {
    for (const variant of DEFAULT_VARIANTS) expect(PRECISION_USAGE).toContain(variant.label);
  });
});
