import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { parseSpikeCsv } from '../io/spike-csv-writer.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from './run-command.js';

// The hardening requirement: every input either runs to a finite, valid result, or ends in a typed error
// (one line, exit 2) having written nothing. Inputs: flags, config files and file contents, valid and
// hostile mixed. Runs are in-process and small (spikes ≤ 300: a fuzzed --spikes or --duration could
// otherwise ask for hours; both get their own properties below with bounded values).

const dir = mkdtempSync(join(tmpdir(), 'sparseprop-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const container = createCliContainer();
/** A 256 MiB machine: fuzzed sizes are refused before allocating, as on a small computer. */
const memory = { totalBytes: 2 ** 29, freeBytes: 2 ** 28 / 0.8, freeIsAccurate: true };

/** Texts a number flag may receive: ordinary decimals of every magnitude, and what users and scripts get wrong. */
const numberText = fc.oneof(
  { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 400 }).map(String) },
  { weight: 2, arbitrary: fc.double({ min: 1e-4, max: 10, noNaN: true }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('0x10', '0b1', '0o7', '1_0', 'Infinity', '-Infinity', 'NaN', '', ' ', '1e999', '-0', '5e-324', '1e-320', '2e308', '.', '1e', '\u0661', '\u0007', '9'.repeat(400), '1,5', '0.1 0.2'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const smallCount = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('-1', '2.5', '0x10', 'Infinity', '', '1e999'));
const name = (known: string[]) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });

/** One flag and its value(s) as argv words. */
const flag = fc.oneof(
  ...['n', 'k', 'j0', 'rate', 'tau', 'seed', 'iext', 'eta'].map((key) => numberText.map((v) => [`--${key}`, v])),
  smallCount.map((v) => ['--spikes', v]),
  name(['lif', 'qif', 'eif', 'chebyshev:lif', 'chebyshev:qif']).map((v) => ['--model', v]),
  name(['auto', 'js', 'wasm']).map((v) => ['--engine', v]),
  name(['phase', 'time', 'auto']).map((v) => ['--frame', v]),
  name(['binary', '4-ary', '32-ary', 'pairing']).map((v) => ['--queue', v]),
  fc.constant(['--reference']),
  fc.tuple(name(['dT', 'VT', 'vReset', 'vPeak', '__proto__', 'constructor']), numberText).map(([p, v]) => ['--param', `${p}=${v}`]),
  fc.constantFrom(['--network', 'net.csv'], ['--init', 'init.txt'], ['--config', 'config.json']),
  fc.string({ maxLength: 8 }).map((word) => [word]),
);

/** A value a config key may hold: the right JSON type or not. */
const jsonValue = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 300 }),
  fc.double({ min: 1e-4, max: 10, noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('lif', 'qif', 'eif', 'phase', 'time', 'js', 'wasm', 'net.csv', 'init.txt'),
);
const configText = fc.oneof(
  fc
    .dictionary(fc.constantFrom('n', 'k', 'j0', 'rate', 'tau', 'seed', 'iext', 'eta', 'model', 'engine', 'frame', 'queue', 'reference', 'network', 'init', 'spikes', 'unknown', '__proto__'), jsonValue, { maxKeys: 6 })
    .map((config) => {
      const { spikes, ...rest } = config as Record<string, unknown>;
      // a stop condition the test can afford: a small spike count (or a wrong type, which is refused)
      return JSON.stringify(typeof spikes === 'number' ? { ...rest, spikes: Math.abs(Math.round(spikes)) % 300 } : spikes === undefined ? rest : { ...rest, spikes });
    }),
  fc.constantFrom('{"n": 10, "n": 11}', '\uFEFF{"n": 12, "k": 3}', '{"n": 10,', '[]', 'null', '', '{"modelParams": {"dT": 0.1, "dT": 0.2}}'),
  fc.string({ maxLength: 30 }),
);

/** A cell of an edge list or a phase file. */
const cell = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) }, { weight: 3, arbitrary: fc.double({ min: -1, max: 0.5, noNaN: true }).map(String) }, { weight: 1, arbitrary: numberText });
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const networkText = fc.tuple(fc.constantFrom('pre,post,weight', '\uFEFFpre,post,weight', 'pre, post, weight', 'from,to', ''), fc.array(fc.tuple(cell, cell, cell), { maxLength: 30 }), lineEnd).map(
  ([header, rows, eol]) => [header, ...rows.map((r) => r.join(','))].join(eol) + eol,
);
const initText = fc.tuple(fc.array(cell, { maxLength: 14 }), lineEnd, fc.boolean()).map(([rows, eol, bom]) => (bom ? '\uFEFF' : '') + rows.join(eol));

function expectValidCsv(text: string, neurons: number, spikes: number): void {
  const { times, neurons: who } = parseSpikeCsv(text);
  expect(times).toHaveLength(spikes);
  for (let s = 0; s < times.length; s++) {
    expect(Number.isFinite(times[s])).toBe(true);
    if (s > 0) expect(times[s]).toBeGreaterThanOrEqual(times[s - 1]);
    expect(Number.isInteger(who[s]) && who[s] >= 0 && who[s] < neurons).toBe(true);
  }
}

/** Run argv in-process and check the outcome against the rule. */
async function checkOutcome(argv: string[]): Promise<number> {
  for (const f of readdirSync(dir)) if (f.startsWith('out') || f.endsWith('.tmp')) rmSync(join(dir, f));
  const io = capturedIo(dir);
  const code = await runCommand([...argv, '--out', 'out.csv', '--json'], io, { container, memory });
  const err = io.err();
  const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  expect(leftovers).toEqual([]);
  if (code === ExitCode.success) {
    expect(err).toBe('');
    const summary = JSON.parse(io.out());
    for (const key of ['neurons', 'spikes', 'simulatedSeconds', 'rateHz', 'wallSeconds', 'nsPerSpike']) expect(Number.isFinite(summary[key]), key).toBe(true);
    expect(summary.simulatedSeconds).toBeGreaterThanOrEqual(0);
    expectValidCsv(readFileSync(join(dir, 'out.csv'), 'utf8'), summary.neurons, summary.spikes);
    return code;
  }
  // one line, no stack trace, nothing written
  expect(err.split('\n'), err).toHaveLength(2);
  expect(err.startsWith('sparseprop: error: ')).toBe(true);
  expect(err.length).toBeLessThan(1200);
  expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  expect(io.out()).toBe('');
  expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  if (code === ExitCode.failure) expect(err, 'exit 1 only for a run that failed while running').toMatch(/^sparseprop: error: runaway excitation/);
  else expect(code).toBe(ExitCode.invalidInput);
  return code;
}

describe('sparseprop run: every input ends in a valid result or a typed error (property)', () => {
  it('fuzzed flags, config files, edge lists and phase files', { timeout: 60_000 }, async () => {
    const outcomes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(flag, { maxLength: 7 }), configText, networkText, initText, async (flags, config, network, init) => {
        writeFileSync(join(dir, 'config.json'), config);
        writeFileSync(join(dir, 'net.csv'), network);
        writeFileSync(join(dir, 'init.txt'), init);
        const argv = flags.flat();
        // bounded work: a small network unless the case sets its own, and at most 300 spikes
        if (!argv.includes('--n') && !argv.includes('--network')) argv.push('--n', '12');
        if (!argv.includes('--k')) argv.push('--k', '3');
        if (!argv.includes('--spikes')) argv.push('--spikes', '50');
        const code = await checkOutcome(argv);
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      }),
      { numRuns: 250 },
    );
    // the generator must reach both outcomes often, or the property says little
    expect(outcomes.get(ExitCode.success) ?? 0).toBeGreaterThan(20);
    expect(outcomes.get(ExitCode.invalidInput) ?? 0).toBeGreaterThan(100);
  });

  it('--duration: any decimal duration with a bounded network gives finite results ending at that time', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.double({ min: 1e-300, max: 0.05, noNaN: true }), fc.constantFrom(1e-30, 5e-324, 0.01, 0, 1, 3)),
        fc.constantFrom('lif', 'qif', 'eif'),
        fc.constantFrom([], ['--engine', 'js'], ['--frame', 'time'], ['--reference']),
        async (duration, model, engine) => {
          const argv = ['--n', '20', '--k', '4', '--model', model, ...engine, '--duration', String(duration)];
          const code = await checkOutcome(argv);
          const io = capturedIo(dir);
          if (code === ExitCode.success) {
            // the summary reports exactly the time asked for (not 0 for 1e-30, not 99.99999999999999 for 100)
            expect(await runCommand(argv.concat('--json'), io, { container, memory })).toBe(0);
            expect(JSON.parse(io.out()).simulatedSeconds).toBe(duration);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
