import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateConnectivityBytes, estimateStateBytes, type ModelPlugin, registerPlugins } from '@sparseprop/core';
import { ChebyshevFitError } from '@sparseprop/model-chebyshev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from './run-command.js';

// Regression tests of the input hardening of `sparseprop run`: its flags and input files.
const dir = mkdtempSync(join(tmpdir(), 'sparseprop-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const container = createCliContainer();
const small = ['--n', '10', '--k', '3', '--spikes', '20'];

async function run(argv: string[]) {
  const io = capturedIo(dir);
  const code = await runCommand(argv, io, { container });
  return { code, out: io.out(), err: io.err() };
}

/** An invalid run: exit 2, exactly one error line matching `message`, nothing on stdout, no file written. */
async function expectInvalid(argv: string[], message: RegExp | string) {
  const before = readdirSync(dir).sort();
  const { code, out, err } = await run([...argv, '--out', 'never.csv']);
  expect(err.split('\n')).toHaveLength(2);
  const line = err.replace(/^sparseprop: error: /, '').trimEnd();
  if (typeof message === 'string') expect(line).toBe(message);
  else expect(line).toMatch(message);
  expect(code).toBe(ExitCode.invalidInput);
  expect(out).toBe('');
  expect(readdirSync(dir).sort()).toEqual(before);
}

describe('numbers are decimal', () => {
  it.each(['0x10', '0X1A', '0b11', '0o17', '1_000', 'Infinity', '-Infinity', 'NaN', '', ' ', '1e', '.', '1,5', '١٠'])('--n %j is refused', async (text) => {
    await expectInvalid([...small.slice(2), '--n', text], `--n expects a finite decimal number, got ${JSON.stringify(text)}`);
  });

  it.each(['0x1', '1e999'])('--tau %j is refused (hexadecimal, or not finite)', async (text) => {
    await expectInvalid([...small, '--tau', text], /^--tau expects a finite decimal number/);
  });

  it.each([['12', 12], ['+12', 12], ['1.2e1', 12], ['.5e1', 5], ['5.', 5], ['1E+1', 10]])('--n %j is the decimal %d', async (text, n) => {
    const { code, out } = await run(['--k', '3', '--spikes', '5', '--json', '--n', text]);
    expect(code).toBe(0);
    expect(JSON.parse(out).neurons).toBe(n);
  });

  it('--param values are decimal too', async () => {
    await expectInvalid([...small, '--model', 'eif', '--param', 'dT=0x1'], '--param dT expects a finite decimal number, got "0x1"');
  });
});

describe('a flag is given once', () => {
  it.each([
    [['--n', '10', '--n', '20', '--k', '3'], '--n given twice: give each flag once'],
    [['--seed', '1', '--seed=1', ...small], '--seed given twice: give each flag once'],
    [['--reference', '--reference', ...small], '--reference given twice: give each flag once'],
    [['-q', '--quiet', ...small], '-q and --quiet given twice: give each flag once'],
    [['--model', 'eif', '--param', 'dT=0.1', '--param', 'dT=0.2', ...small], '--param dT given twice: give each parameter once'],
    [['--config', 'a.json', '--config', 'b.json', ...small], '--config given twice: give each flag once'],
  ])('%j', async (flags, message) => {
    await expectInvalid(flags, message);
  });

  it('--param with different names may repeat', async () => {
    const { code } = await run([...small, '--model', 'eif', '--param', 'dT=0.1', '--param', 'VT=0.01', '-q']);
    expect(code).toBe(0);
  });
});

describe('prototype keys are ordinary (unknown) names', () => {
  it('--param __proto__=1 is an unknown parameter', async () => {
    await expectInvalid([...small, '--param', '__proto__=1'], /^modelParams\.__proto__ must be one of the lif parameters/);
  });

  it('"modelParams": {"__proto__": 1} in a config file is an unknown parameter', async () => {
    writeFileSync(join(dir, 'proto.json'), '{"modelParams": {"__proto__": 1}}');
    await expectInvalid([...small, '--config', 'proto.json'], /modelParams\.__proto__" must be one of the lif parameters/);
  });

  it('"__proto__" as a config key is an unknown key', async () => {
    writeFileSync(join(dir, 'proto-key.json'), '{"__proto__": {"n": 5}}');
    await expectInvalid([...small, '--config', 'proto-key.json'], /^proto-key\.json: unknown config key "__proto__"/);
  });
});

describe('config files: duplicate keys, byte-order mark, errors naming the file', () => {
  beforeAll(() => {
    const files: Record<string, string> = {
      'dup.json': '{\n  "n": 10,\n  "k": 3,\n  "n": 20\n}',
      'dup-nested.json': '{"model": "eif", "modelParams": {"dT": 0.1,\n "d\\u0054": 0.2}}',
      'not-dup.json': '{"n": 10, "modelParams": {}, "k": 3, "spikes": 5, "model": "lif", "out": "a\\"n\\"b.csv"}',
      'bom.json': '\uFEFF{"n": 10, "k": 3, "spikes": 5}',
      'bad-tau.json': '{"n": 10, "k": 3, "spikes": 5, "tau": -1}',
      'bad-param.json': '{"n": 10, "k": 3, "spikes": 5, "model": "eif", "modelParams": {"dT": -1}}',
      'bad-spikes.json': '{"n": 10, "k": 3, "spikes": -5}',
      'syntax.json': '{"n": 10,\n "k": 3,\n "spikes" 5}',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  });

  it('a key given twice names the key, the file and the line', async () => {
    await expectInvalid(['--config', 'dup.json'], 'dup.json:4: duplicate key "n" (JSON objects must not repeat a key)');
    await expectInvalid(['--config', 'dup-nested.json', '--n', '10', '--k', '3'], 'dup-nested.json:2: duplicate key "dT" (JSON objects must not repeat a key)');
  });

  it('the same key in different objects, and quotes inside strings, are not duplicates', async () => {
    const { code, err } = await run(['--config', 'not-dup.json', '--out', 'x.csv', '-q']);
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('a byte-order mark is accepted (as in CSV files)', async () => {
    const { code, out } = await run(['--config', 'bom.json', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ neurons: 10, spikes: 5 });
  });

  it('a syntax error names the file and line', async () => {
    await expectInvalid(['--config', 'syntax.json'], /^syntax\.json:3: not valid JSON/);
  });

  it.each([
    ['bad-tau.json', [], 'bad-tau.json: "tau" must be a finite number > 0, got -1'],
    ['bad-param.json', [], /^bad-param\.json: "modelParams\.dT" must be/],
    ['bad-spikes.json', [], 'bad-spikes.json: "spikes" must be an integer ≥ 0, got -5'],
  ])('an invalid value from %s names the file', async (file, extra, message) => {
    await expectInvalid(['--config', file, ...extra], message);
  });

  it('an invalid value from a flag does not blame the file', async () => {
    await expectInvalid(['--config', 'bom.json', '--tau', '-2'], 'tau must be a finite number > 0, got -2');
    await expectInvalid(['--config', 'bad-spikes.json', '--spikes', '-3'], 'spikes must be an integer ≥ 0, got -3');
  });
});

describe('echoed input is quoted, escaped and cut', () => {
  it('a 5 MB line (CR-only line ends) gives a short error line', async () => {
    writeFileSync(join(dir, 'cr-only.csv'), `from,to,w\r${'0,1,-0.1\r'.repeat(600_000)}`);
    const { code, err } = await run([...small, '--network', 'cr-only.csv']);
    expect(code).toBe(ExitCode.invalidInput);
    expect(err.length).toBeLessThan(1200);
    expect(err.split('\n')).toHaveLength(2);
  });

  it('escape and bell bytes from a file never reach the terminal', async () => {
    writeFileSync(join(dir, 'escape.csv'), 'pre,post,weight\x1b[2J\x07\n0,1,-0.1\n');
    const { code, err } = await run([...small, '--network', 'escape.csv']);
    expect(code).toBe(ExitCode.invalidInput);
    expect(err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(err).toContain('\\u001b');
  });

  it('a long or control-laden flag value is quoted and cut', async () => {
    const { err } = await run([...small, '--tau', `\x1b]0;title\x07${'9'.repeat(5000)}`]);
    expect(err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(err.length).toBeLessThan(300);
    expect(err).toMatch(/^sparseprop: error: --tau expects a finite decimal number, got "\\u001b]0;title\\u00079+…" \(5010 characters\)\n$/);
  });

  it('an unknown config key is quoted and cut', async () => {
    writeFileSync(join(dir, 'long-key.json'), JSON.stringify({ ['\x07'.repeat(3) + 'x'.repeat(10_000)]: 1 }));
    const { err } = await run([...small, '--config', 'long-key.json']);
    expect(err.length).toBeLessThan(600);
    expect(err).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});

describe('phase files (--init)', () => {
  it.each(['0x1', '1_0', 'Infinity', '0b1'])('refuse the non-decimal phase %j with file:line', async (cell) => {
    writeFileSync(join(dir, 'hex-phases.txt'), `0.1\n0.2\n${cell}\n`);
    await expectInvalid(['--n', '3', '--k', '1', '--spikes', '5', '--init', 'hex-phases.txt'], `hex-phases.txt:3: expected one finite decimal phase per line, got ${JSON.stringify(cell)}`);
  });

  it('accept a byte-order mark and CR-only line ends', async () => {
    writeFileSync(join(dir, 'mac-phases.txt'), '\uFEFF0.1\r0.2\r0.3\r');
    const { code, err } = await run(['--n', '3', '--k', '1', '--spikes', '5', '--init', 'mac-phases.txt', '-q']);
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});

describe('a plugin refusing the configuration while it is built is an input error', () => {
  it('a Chebyshev fit failure (or any plugin error before the run): exit 2, one line, nothing written', async () => {
    // within the models' drive ranges the shipped Chebyshev variants fit; a plugin that cannot fit stands for them
    const unfittable: ModelPlugin = {
      kind: 'model',
      name: 'unfittable',
      description: 'a model whose PTC cannot be fitted',
      parameters: [],
      create: () => {
        throw new ChebyshevFitError('ptc(phi, J = -0.1) of unfittable on [-1, 1]', 'not smooth near [0, 1e-12] at this tolerance');
      },
    };
    const withUnfittable = registerPlugins(createCliContainer(), unfittable);
    const io = capturedIo(dir);
    const code = await runCommand([...small, '--model', 'unfittable', '--out', 'never.csv'], io, { container: withUnfittable });
    expect(io.err()).toBe('sparseprop: error: cannot fit ptc(phi, J = -0.1) of unfittable on [-1, 1]: not smooth near [0, 1e-12] at this tolerance\n');
    expect(code).toBe(ExitCode.invalidInput);
    expect(readdirSync(dir)).not.toContain('never.csv');
  });

  it('a failure during the run stays exit 1 (runaway excitation)', async () => {
    writeFileSync(join(dir, 'excitatory.csv'), 'pre,post,weight\n0,1,2\n1,2,2\n2,0,2\n');
    const { code, err } = await run(['--network', 'excitatory.csv', '--k', '2', '--spikes', '100']);
    expect(err).toMatch(/^sparseprop: error: runaway excitation/);
    expect(code).toBe(ExitCode.failure);
  });
});

describe('--network naming a huge neuron index (a 45-byte file naming neuron 7e8)', () => {
  it('is refused from the largest index and the edge count, before the network is allocated', async () => {
    writeFileSync(join(dir, 'huge-index.csv'), 'pre,post,weight\n0,700000000,-0.1\n');
    const smallMachine = { totalBytes: 2 ** 30, freeBytes: 2 ** 29, freeIsAccurate: true };
    const before = process.memoryUsage().arrayBuffers;
    const io = capturedIo(dir);
    const code = await runCommand(['--network', 'huge-index.csv', '--k', '1', '--spikes', '5', '--out', 'never.csv'], io, { container, memory: smallMachine });
    // the engine state (32 B per neuron) and the network's arrays (12 B per neuron, 12 per edge, 12 for the kernel's copy)
    const neurons = 700_000_001;
    const needed = (estimateStateBytes(neurons) + estimateConnectivityBytes(neurons, 1) + 12) / 2 ** 30;
    expect(io.err()).toBe(`sparseprop: error: network needs about ${needed.toFixed(2)} GiB but only 0.40 GiB are available\n`);
    expect(code).toBe(ExitCode.invalidInput);
    // nothing of that size was allocated (the old code built 5.6 GB of network arrays first)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 27);
  });
});

describe('engines and time limits through the command', () => {
  it('--engine wasm --reference is a contradiction, refused', async () => {
    await expectInvalid([...small, '--engine', 'wasm', '--reference'], 'engine must be "auto" or "reference" together with reference: true, got "wasm"');
  });

  it.each([
    [['--duration', '100'], 100],
    [['--duration', '1e-30'], 1e-30],
    [['--duration', '100', '--engine', 'js'], 100],
    [['--duration', '100', '--frame', 'time'], 100],
    [['--duration', '100', '--reference'], 100],
  ])('%j reports exactly the simulated time asked for', async (flags, seconds) => {
    const { code, out } = await run(['--n', '10', '--k', '3', ...flags, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).simulatedSeconds).toBe(seconds);
  });

  it('runaway excitation on the phase frame reports the time of the spikes, not t = 0', async () => {
    writeFileSync(join(dir, 'ring.csv'), 'pre,post,weight\n0,1,2\n1,2,2\n2,0,2\n');
    writeFileSync(join(dir, 'ring-phases.txt'), '0.5\n0.2\n0.1\n');
    for (const engine of [['--engine', 'js'], ['--engine', 'js', '--frame', 'phase', '--queue', 'binary'], []]) {
      const { code, err } = await run(['--network', 'ring.csv', '--init', 'ring-phases.txt', '--k', '1', '--spikes', '100', ...engine]);
      expect(code).toBe(ExitCode.failure);
      const t = Number(/at t = ([^ ]+) s/.exec(err)?.[1]);
      // neuron 0 starts at phase 0.5 and fires first, after (1 - 0.5) / omega tau, omega = 1 / ln(1 + 1/iext)
      const iext = 0.01 * Math.sqrt(1) * 1 * 1; // the balance equation with k = 1, j0 = 1, rate = 1, tau = 0.01
      expect(t).toBeCloseTo(0.5 * Math.log(1 + 1 / iext) * 0.01, 12);
    }
  });
});
