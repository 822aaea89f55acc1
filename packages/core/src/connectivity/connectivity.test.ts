import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedOutDegreeConnectivity } from './fixed-out-degree.js';
import { SparseConnectivity } from './sparse-connectivity.js';
import { summarizeWeights, weightSummaryOf } from './weight-summary.js';
import { InputFormatError, InvalidParameterError } from '../errors/errors.js';

function targetsOf(c: { maxOutDegree: number; targetsOf(pre: number, t: Int32Array, w: Float64Array): number }, pre: number) {
  const t = new Int32Array(c.maxOutDegree), w = new Float64Array(c.maxOutDegree);
  const count = c.targetsOf(pre, t, w);
  return { targets: Array.from(t.subarray(0, count)), weights: Array.from(w.subarray(0, count)) };
}

describe('FixedOutDegreeConnectivity (procedural, docs/algorithm.md §5)', () => {
  it('draws K distinct targets in range, never the presynaptic neuron, the same ones every time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }))),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        ([n, k, pre], seed, weight) => {
          const c = new FixedOutDegreeConnectivity({ n, k, weight, seed });
          const { targets, weights } = targetsOf(c, pre);
          expect(targets.length).toBe(k);
          expect(new Set(targets).size).toBe(k);
          for (const t of targets) {
            expect(Number.isInteger(t) && t >= 0 && t < n).toBe(true);
            expect(t).not.toBe(pre);
          }
          expect(weights.every((w) => w === weight)).toBe(true);
          // other neurons' draws in between do not change this neuron's targets
          targetsOf(c, (pre + 1) % n);
          expect(targetsOf(c, pre).targets).toEqual(targets);
          expect(targetsOf(new FixedOutDegreeConnectivity({ n, k, weight, seed }), pre).targets).toEqual(targets);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('memoised targets equal regenerated ones, in order, on every later spike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 0, max: 1000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (n, seed, spikers) => {
        const k = Math.max(1, n >> 2);
        const plain = new FixedOutDegreeConnectivity({ n, k, weight: -0.3, seed });
        const memo = new FixedOutDegreeConnectivity({ n, k, weight: -0.3, seed, cacheBytes: 1 << 20 });
        expect(memo.caching).toBe(true);
        for (const s of spikers) expect(targetsOf(memo, s % n)).toEqual(targetsOf(plain, s % n));
      }),
    );
    expect(new FixedOutDegreeConnectivity({ n: 1000, k: 100, weight: -1, seed: 1, cacheBytes: 1000 }).caching).toBe(false);
  });

  it('K = N-1 connects every other neuron', () => {
    const c = new FixedOutDegreeConnectivity({ n: 30, k: 29, weight: -1, seed: 5 });
    expect(targetsOf(c, 12).targets.sort((a, b) => a - b)).toEqual([...Array(30).keys()].filter((i) => i !== 12));
  });

  it('reproduces the C anchor sampler (targets in order of acceptance)', () => {
    // printed by sample_targets of shared/anchors/c/sp.c with n = 20, k = 5, seed 1
    const c = new FixedOutDegreeConnectivity({ n: 20, k: 5, weight: -0.2, seed: 1 });
    expect(targetsOf(c, 7).targets).toEqual([4, 8, 6, 14, 1]);
    expect(targetsOf(c, 0).targets).toEqual([6, 19, 8, 10, 16]);
  });

  it('rejects K ≥ N, N < 2, non-finite weights and bad seeds, naming the parameter', () => {
    expect(() => new FixedOutDegreeConnectivity({ n: 10, k: 10, weight: -1, seed: 1 })).toThrow(/k must be an integer in \[1, n-1 = 9\], got 10/);
    expect(() => new FixedOutDegreeConnectivity({ n: 1, k: 1, weight: -1, seed: 1 })).toThrow(InvalidParameterError);
    expect(() => new FixedOutDegreeConnectivity({ n: 10, k: 3, weight: Number.NaN, seed: 1 })).toThrow(/weight/);
    expect(() => new FixedOutDegreeConnectivity({ n: 10, k: 3, weight: -1, seed: -1 })).toThrow(/seed/);
  });
});

describe('SparseConnectivity (CSR)', () => {
  it('round-trips random edge lists through arrays and CSV, keeping each row in input order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), {
              selector: ([p, q]) => `${p},${q}`,
              maxLength: 200,
            }),
          ),
        ),
        fc.double({ min: -2, max: 2, noNaN: true }),
        ([n, pairs], scale) => {
          // `+ 0` turns -0 into 0: a CSV cell "0" cannot carry the sign of zero (the same jump)
          const edges = pairs.filter(([p, q]) => p !== q).map(([p, q], e) => [p, q, scale * ((e % 7) - 3) + 0] as const);
          const fromArrays = SparseConnectivity.fromEdges(n, edges.map((e) => e[0]), edges.map((e) => e[1]), edges.map((e) => e[2]));
          const csv = `pre,post,weight\n${edges.map((e) => e.join(',')).join('\n')}\n`;
          const fromCsv = SparseConnectivity.fromCsv(csv, n);
          for (let j = 0; j < n; j++) {
            const expected = edges.filter((e) => e[0] === j);
            const a = targetsOf(fromArrays, j), b = targetsOf(fromCsv, j);
            expect(a.targets).toEqual(expected.map((e) => e[1]));
            expect(a.weights).toEqual(expected.map((e) => e[2]));
            expect(b).toEqual(a);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names the file and line of a malformed CSV', () => {
    expect(() => SparseConnectivity.fromCsv('from,to,w\n0,1,1\n', undefined, 'net.csv')).toThrow(/net.csv:1: expected header/);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,1,-1\n1,x,-1\n', undefined, 'net.csv')).toThrow(/net.csv:3: post is not a neuron index/);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,1,abc\n')).toThrow(InputFormatError);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,0,-1\n')).toThrow(/autapse/);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,5,-1\n', 3)).toThrow(/out of range \[0, 2\]/);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,1,-1,2\n')).toThrow(/expected 3 fields/);
    expect(() => SparseConnectivity.fromEdges(3, [0, 0], [1, 1], [-1, -2])).toThrow(/duplicate/);
  });

  it('summarises its weights', () => {
    const c = SparseConnectivity.fromEdges(3, [0, 1, 2], [1, 2, 0], [-0.5, 0.25, -0.5]);
    const summary = weightSummaryOf(c);
    expect([summary.min, summary.max, Array.from(summary.distinct!)]).toEqual([-0.5, 0.25, [-0.5, 0.25]]);
    expect(summarizeWeights(Float64Array.from({ length: 100 }, (_, s) => s)).distinct).toBeUndefined();
  });
});

describe('SparseConnectivity.fromCsv, hardened', () => {
  it.each(['0x10', '0X1p3', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_0', '', '1e999'])('refuses the non-decimal or non-finite weight %j with file:line', (cell) => {
    expect(() => SparseConnectivity.fromCsv(`pre,post,weight\n0,1,-0.5\n1,0,${cell}\n`, undefined, 'net.csv')).toThrow(
      new InputFormatError('net.csv', 3, `weight is not a finite decimal number: ${JSON.stringify(cell)}`),
    );
  });

  it('reports a duplicate synapse at the line that repeats it, naming the first', () => {
    const csv = 'pre,post,weight\n0,1,-1\n\n2,0,-1\n0,1,-2\n';
    expect(() => SparseConnectivity.fromCsv(csv, undefined, 'net.csv')).toThrow(new InputFormatError('net.csv', 5, 'duplicate synapse 0->1 (first at line 2); give each pre,post pair once'));
  });

  it('reports an empty file at line 1, and a header without edges as such', () => {
    for (const empty of ['', '\n\n', '\uFEFF', '  \r\n']) {
      expect(() => SparseConnectivity.fromCsv(empty, undefined, 'e.csv')).toThrow(new InputFormatError('e.csv', 1, 'the file is empty: expected the header "pre,post,weight" and one edge per line'));
    }
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n', undefined, 'h.csv')).toThrow(new InputFormatError('h.csv', 1, 'no edges after the header: give --n, or at least one edge'));
    expect(SparseConnectivity.fromCsv('pre,post,weight\n', 4).size).toBe(4); // with n, no edges is a network of isolated neurons
  });

  it('reads LF, CRLF and CR-only line ends and a byte-order mark alike', () => {
    const rows = ['pre,post,weight', '0,1,-0.5', '1,2,0.25', '2,0,-1e-3'];
    const expected = SparseConnectivity.fromCsv(rows.join('\n'));
    for (const text of [rows.join('\r\n'), rows.join('\r'), `\uFEFF${rows.join('\r')}\r`]) {
      const c = SparseConnectivity.fromCsv(text);
      expect(Array.from(c.post)).toEqual(Array.from(expected.post));
      expect(Array.from(c.weight)).toEqual(Array.from(expected.weight));
    }
  });

  it('quotes, escapes and cuts the text it echoes (a 5 MB line, escape sequences)', () => {
    const huge = `${'x'.repeat(5_000_000)}\x1b[2J`;
    let message = '';
    try {
      SparseConnectivity.fromCsv(huge, undefined, 'big.csv');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/^big\.csv:1: expected header "pre,post,weight", got "x{60}…" \(5000004 characters\)$/);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,\x07,1\n')).toThrow('post is not a neuron index (integer ≥ 0): "\\u0007"');
  });

  it('asks checkSize(neurons, edges) before allocating the network (a 45-byte file naming neuron 7e8)', () => {
    const calls: [number, number][] = [];
    const refuse = (neurons: number, edges: number) => {
      calls.push([neurons, edges]);
      throw new InvalidParameterError('network', `${neurons} neurons`, 'smaller');
    };
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,700000000,-0.1\n', undefined, 'x.csv', { checkSize: refuse })).toThrow(InvalidParameterError);
    expect(calls).toEqual([[700000001, 1]]);
    const ok = SparseConnectivity.fromCsv('pre,post,weight\n0,1,-0.1\n', undefined, 'x.csv', { checkSize: (n, e) => calls.push([n, e]) });
    expect(ok.size).toBe(2);
    expect(calls[1]).toEqual([2, 1]);
  });

  it('refuses input that is not text or arrays, naming the parameter', () => {
    expect(() => SparseConnectivity.fromCsv(undefined as unknown as string)).toThrow(new InvalidParameterError('text', undefined, 'the text of a CSV edge list (a string)'));
    expect(() => SparseConnectivity.fromCsv(5 as unknown as string)).toThrow(/^text must be the text of a CSV edge list/);
    expect(() => SparseConnectivity.fromCsv('pre,post,weight\n0,1,1\n', 1.5)).toThrow(/^n must be an integer/);
    expect(() => SparseConnectivity.fromEdges(3, undefined as unknown as number[], [1], [1])).toThrow(/^pre must be an array/);
  });
});
