import { describe, expect, it } from 'vitest';
import { balancedDrive, heterogeneousDrive, resolveNetwork } from './reference-network.js';

describe('network parameters', () => {
  it('default to the reference network with the balance-equation drive', () => {
    const net = resolveNetwork({});
    expect([net.n, net.k, net.j0, net.rate, net.tau, net.seed]).toEqual([100_000, 100, 1, 1, 0.01, 1]);
    expect(net.iext).toBeCloseTo(0.1, 15);
    expect(net.weight).toBe(-0.1);
    expect(balancedDrive(0.01, 400, 2, 3)).toBeCloseTo(1.2, 14);
  });

  it('reject out-of-range values, naming the parameter and the range', () => {
    expect(() => resolveNetwork({ n: 1 })).toThrow(/n must be an integer in \[2, 2147483647\], got 1/);
    expect(() => resolveNetwork({ n: 10, k: 10 })).toThrow(/k must be an integer in \[1, n-1 = 9\]/);
    expect(() => resolveNetwork({ tau: 0 })).toThrow(/tau must be a finite number > 0/);
    expect(() => resolveNetwork({ j0: Number.POSITIVE_INFINITY })).toThrow(/j0/);
    expect(() => resolveNetwork({ eta: 1 })).toThrow(/eta must be a number in \(-1, 1\)/);
    expect(() => resolveNetwork({ iext: Number.NaN })).toThrow(/iext/);
  });

  it('give the seeds heterogeneous drive iext (1 + eta sin(2 i / N))', () => {
    const drive = heterogeneousDrive(resolveNetwork({ n: 100, k: 10, eta: 0.4, iext: 0.2 }))!;
    expect(drive[37]).toBeCloseTo(0.2 * (1 + 0.4 * Math.sin(74 / 100)), 15);
    expect(heterogeneousDrive(resolveNetwork({ n: 100, k: 10 }))).toBeUndefined();
  });
});
