import { composeSimulator, createContainer, InvalidParameterError, registerPlugins, SparseConnectivity, SparsePropError, SpikeTrain } from '@sparseprop/core';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { binaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The library's public entry points answer every input as carefully as the CLI does:
// a finite, valid result or a typed SparsePropError naming the parameter, never a TypeError, NaN or a hang.
const container = registerWasmEngine(registerPlugins(createContainer(), lif, qif, binaryHeap, thirtyTwoAryHeap));

describe('library entry points: named typed errors for what JavaScript callers pass', () => {
  it.each([undefined, 5, 'lif', [], null, new Float64Array(2)])('composeSimulator(%j) refuses instead of running the default network', (config) => {
    expect(() => composeSimulator(config as never, container)).toThrow(InvalidParameterError);
    expect(() => composeSimulator(config as never, container)).toThrow(/^config must be a SimulationConfig object/);
  });

  it('run(undefined), onSpike: 5, maxTimeSeconds: "1", reference: "yes"', () => {
    const { simulator } = composeSimulator({ n: 20, k: 3 }, container);
    expect(() => simulator.run(undefined as never)).toThrow(/^run options must be an object/);
    expect(() => simulator.run({ maxSpikes: 5, onSpike: 5 as never })).toThrow(/^onSpike must be a function/);
    expect(() => simulator.run({ maxTimeSeconds: '1' as never })).toThrow(/^maxTimeSeconds must be a number/);
    expect(() => composeSimulator({ n: 20, k: 3, reference: 'yes' as never }, container)).toThrow(/^reference must be a boolean/);
  });

  it('fromCsv(undefined), registerPlugins(null)', () => {
    expect(() => SparseConnectivity.fromCsv(undefined as never)).toThrow(/^text must be the text of a CSV edge list/);
    expect(() => registerPlugins(null as never, lif)).toThrow(/^container must be a container from createContainer\(\)/);
  });

  it('--engine wasm with reference: true is a contradiction, refused', () => {
    expect(() => composeSimulator({ n: 20, k: 3, engine: 'wasm', reference: true }, container)).toThrow(/^engine must be "auto" or "reference" together with reference: true/);
  });

  it('a drive the model refuses names where it came from when the config did not give it (j0 = 1e300)', () => {
    expect(() => composeSimulator({ n: 20, k: 3, j0: 1e300 }, container)).toThrow(/^iext \(from the balance equation tau\*sqrt\(k\)\*j0\*rate\) must be a number in \[0\.000001, 1000\] for lif/);
    expect(() => composeSimulator({ n: 20, k: 3, rate: 1e-310 }, container)).toThrow(/^iext \(from the balance equation/);
  });
});

describe('exponential keys decline jumps that would overflow them', () => {
  it('j0 = 1e250: auto runs the phase frame, which keeps every spike of the O(N) reference over 12 s', () => {
    const config = { model: 'lif', n: 50, k: 5, iext: 0.5, j0: 1e250, seed: 2 };
    const composed = composeSimulator(config, container);
    expect(composed.engine).toBe('phase'); // neither wasm nor exp-key: their keys would overflow to +Infinity
    expect(() => composeSimulator({ ...config, engine: 'exp-key' }, container)).toThrow(/shifts exponential keys by .* which overflows them/);
    expect(() => composeSimulator({ ...config, engine: 'wasm' }, container)).toThrow(/which overflows them/);
    const engine = new SpikeTrain(), reference = new SpikeTrain();
    composed.simulator.run({ maxTimeSeconds: 12, record: engine });
    composeSimulator({ ...config, reference: true }, container).simulator.run({ maxTimeSeconds: 12, record: reference });
    // (exp-key lost 136 of these 11636 spikes: its strongly inhibited neurons never fired again)
    expect(engine.length).toBe(reference.length);
    expect(Array.from(engine.neurons)).toEqual(Array.from(reference.neurons));
  });
});

/** Values of every JSON type and then some, for any config key. */
const anyValue = fc.oneof(
  fc.double(),
  fc.integer({ min: -3, max: 200 }),
  fc.double({ min: 1e-3, max: 5, noNaN: true }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constantFrom(null, undefined, [], {}, 'lif', 'qif', 'phase', 'time', 'auto', 'js', 'wasm', 'exp-key', 'reference', 'binary', '32-ary', Number.NaN, Infinity, -0, 5e-324, 1e308),
);
const configKeys = ['n', 'k', 'j0', 'rate', 'tau', 'iext', 'eta', 'seed', 'initSeed', 'model', 'queue', 'frame', 'reference', 'engine', 'expKeys', 'rebaseEvery', 'targetCacheBytes', 'modelParams'] as const;

describe('library entry points: every input gives a finite valid run or a typed error (property)', () => {
  it('composeSimulator(config).run(limits) over fuzzed configs and limits', { timeout: 60_000 }, () => {
    let ran = 0, refused = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.dictionary(fc.constantFrom(...configKeys), anyValue, { maxKeys: 7 }),
          // and configs of the right types, so that runs (not only refusals) are checked often
          fc.record(
            {
              model: fc.constantFrom('lif', 'qif'),
              engine: fc.constantFrom('auto', 'js', 'wasm', 'exp-key', 'phase', 'time', 'reference'),
              iext: fc.double({ min: 1e-3, max: 5, noNaN: true }),
              j0: fc.double({ min: 0, max: 3, noNaN: true }),
              eta: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
              seed: fc.integer({ min: 0, max: 1000 }),
            },
            { requiredKeys: [] },
          ),
        ),
        fc.oneof(fc.record({ maxSpikes: fc.oneof(fc.integer({ min: 0, max: 200 }), anyValue) }), fc.record({ maxTimeSeconds: fc.oneof(fc.double({ min: 0, max: 0.05, noNaN: true }), anyValue) })),
        (config, limits) => {
          // bounded work: small networks unless the case sets n itself (then the memory is the case's business: cap it)
          const c: Record<string, unknown> = { n: 30, k: 4, ...config };
          if (typeof c.n === 'number' && c.n > 2000) c.n = 2000;
          // long runs are not the point here (a valid 1e9-spike run takes minutes): bounded limits only
          const { maxTimeSeconds, maxSpikes } = limits as { maxTimeSeconds?: unknown; maxSpikes?: unknown };
          if (typeof maxTimeSeconds === 'number' && !(maxTimeSeconds <= 0.05)) return;
          if (typeof maxSpikes === 'number' && maxSpikes > 1000 && Number.isSafeInteger(maxSpikes)) return;
          let train: SpikeTrain;
          try {
            const { simulator } = composeSimulator(c as never, container);
            train = new SpikeTrain();
            // a time limit alone may be 1e298 periods away (tau = 1e-300 is a valid time constant): cap the spikes too
            const capped = 'maxSpikes' in (limits as object) ? limits : { ...(limits as object), maxSpikes: 5000 };
            const summary = simulator.run({ ...(capped as object), record: train } as never);
            for (const key of ['spikes', 'startSeconds', 'endSeconds', 'rateHz', 'wallSeconds'] as const) expect(Number.isFinite(summary[key]), key).toBe(true);
            expect(summary.spikes).toBe(train.length);
          } catch (error) {
            if (!(error instanceof SparsePropError)) throw error; // a TypeError or RangeError here is the bug
            refused++;
            return;
          }
          for (let s = 0; s < train.length; s++) {
            expect(Number.isFinite(train.times[s])).toBe(true);
            if (s > 0) expect(train.times[s]).toBeGreaterThanOrEqual(train.times[s - 1]);
          }
          ran++;
        },
      ),
      { numRuns: 400 },
    );
    expect(ran).toBeGreaterThan(60);
    expect(refused).toBeGreaterThan(100);
  });

  it('SparseConnectivity.fromCsv over fuzzed text: a network or an InputFormatError/InvalidParameterError', () => {
    const cell = fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), fc.double().map(String), fc.constantFrom('0x1', '', ' ', 'x', '-1', '1e999', '9'.repeat(9), '9'.repeat(12)));
    fc.assert(
      fc.property(
        fc.constantFrom('pre,post,weight', '\uFEFFpre,post,weight', 'a,b', ''),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.option(fc.integer({ min: -1, max: 12 }), { nil: undefined }),
        (header, rows, eol, n) => {
          const text = [header, ...rows.map((r) => r.join(','))].join(eol);
          try {
            // a file naming neuron 999999999 must reach checkSize before anything of that size is allocated
            const checkSize = (neurons: number) => {
              if (neurons > 1e6) throw new InvalidParameterError('neurons', neurons, 'at most 1e6 in this test');
            };
            const c = SparseConnectivity.fromCsv(text, n, 'f.csv', { checkSize });
            expect(c.size).toBeGreaterThanOrEqual(2);
            for (let s = 0; s < c.weight.length; s++) expect(Number.isFinite(c.weight[s])).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(SparsePropError);
            expect((error as Error).message.length).toBeLessThan(300);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
