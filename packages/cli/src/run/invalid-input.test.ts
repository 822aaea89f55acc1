import { estimateStateBytes } from '@sparseprop/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { main } from '../main.js';
import { createCliContainer } from '../plugins.js';
import { memoryBudget, systemMemory } from './memory-budget.js';
import { runCommand } from './run-command.js';
import { MIN_BYTES_PER_NEURON } from './prepare-run.js';
import { tempDir } from '../temp-dir.test-support.js';

const dir = tempDir('invalid');
afterAll(dir.cleanup);
const container = createCliContainer();
/** A small machine: 1 GiB, half of it free. */
const smallMachine = { totalBytes: 2 ** 30, freeBytes: 2 ** 29, freeIsAccurate: true };

beforeAll(() => {
  const files: Record<string, string> = {
    'bad-edges.csv': 'pre,post,weight\n0,1,-0.1\n\n1,2,oops\n',
    'no-header.csv': '0,1,-0.1\n',
    'autapse.csv': 'pre,post,weight\n0,1,-0.1\n3,3,-0.1\n',
    'wide-edges.csv': 'pre,post,weight\n0,1,-0.1\n0,3,-0.1\n',
    'excitatory-ring.csv': 'pre,post,weight\n0,1,2\n1,2,2\n2,0,2\n',
    'bad-phases.txt': '0.1\n0.2\n\nx\n',
    'short-phases.txt': '0.1\n0.2\n',
    'high-phase.txt': `${'0.5\n'.repeat(7)}1.5\n${'0.5\n'.repeat(2)}`,
    'unknown-key.json': '{"n": 10, "neurons": 5}',
    'wrong-type.json': '{"n": "10"}',
    'broken.json': '{"n": 10',
    'both-limits.json': '{"spikes": 10, "duration": 1}',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir.path, name), text);
});

/** A small valid run; each case adds what makes it invalid. */
const base = ['--n', '10', '--k', '3'];

describe('invalid input: one line on stderr, non-zero exit, nothing written', () => {
  it.each([
    ['unknown model', ['--model', 'nope'], /^unknown model "nope"; registered: lif, qif/],
    ['unknown queue', ['--queue', 'fibonacci'], /^unknown queue "fibonacci"; registered: binary, 4-ary, 8-ary, 16-ary, 32-ary, pairing/],
    ['unknown queue with --reference', ['--queue', 'fibonacci', '--reference'], /^unknown queue "fibonacci"/],
    ['unknown frame', ['--frame', 'diagonal'], /^--frame must be one of phase, time, auto/],
    ['phase frame for a heterogeneous network', ['--eta', '0.3', '--frame', 'phase'], /^frame must be "time" for the heterogeneous model/],
    ['N < 2', ['--n', '1'], /^n must be an integer in \[2, 2147483647\], got 1$/],
    ['N not an integer', ['--n', '2.5'], /^n must be an integer/],
    ['K ≥ N', ['--k', '10'], /^k must be an integer in \[1, n-1 = 9\], got 10$/],
    ['K < 1', ['--k', '0'], /^k must be an integer/],
    ['non-finite tau', ['--tau', 'NaN'], /^--tau expects a finite decimal number, got "NaN"$/],
    ['non-finite iext', ['--iext', 'Infinity'], /^--iext expects a finite decimal number/],
    ['negative tau', ['--tau', '-0.01'], /^tau must be a finite number > 0, got -0.01$/],
    ['zero rate', ['--rate', '0'], /^rate must be a finite number > 0/],
    ['negative j0', ['--j0', '-1'], /^j0 must be a finite number ≥ 0, got -1$/],
    ['eta out of (-1, 1)', ['--eta', '1'], /^eta must be a number in \(-1, 1\), got 1$/],
    ['negative seed', ['--seed', '-3'], /^seed must be an integer/],
    ['drive too weak for LIF', ['--iext', '-0.5'], /^iext must be .*, got -0.5$/],
    ['negative spikes', ['--spikes', '-1'], /^spikes must be an integer ≥ 0, got -1$/],
    ['zero duration', ['--duration', '0'], /^duration must be a finite number of seconds > 0, got 0$/],
    ['both --spikes and --duration', ['--spikes', '5', '--duration', '1'], /^--spikes and --duration cannot be combined/],
    // 1e300 spikes: a run that could never end is refused before it starts, not left to hang
    ['a duration no run could reach', ['--n', '100', '--k', '10', '--iext', '0.1', '--tau', '1e-300', '--duration', '1'], /^--duration must be a run of at most 1e\+11 spikes .*got "1 s \(about \d\.\de\+30\d spikes/],
    ['a duration of days of spikes', ['--n', '100000', '--duration', '1e6'], /^--duration must be a run of at most 1e\+11 spikes/],
    ['unknown flag', ['--neurons', '10'], /^unknown flag --neurons \(see sparseprop run --help\)$/],
    ['positional argument', ['extra'], /^unexpected argument "extra"/],
    ['missing flag value', ['--seed'], /^--seed needs a value$/],
    ['unknown model parameter', ['--param', 'deltaT=0.1'], /^modelParams\.deltaT must be one of the lif parameters: vReset, got 0.1$/],
    ['malformed --param', ['--param', 'deltaT'], /^--param expects name=value/],
    ['malformed edge list', ['--network', 'bad-edges.csv'], /^bad-edges\.csv:4: weight is not a finite decimal number: "oops"$/],
    ['edge list without header', ['--network', 'no-header.csv'], /^no-header\.csv:1: expected header "pre,post,weight"/],
    ['autapse in edge list', ['--network', 'autapse.csv'], /^autapse\.csv:3: autapse 3->3 is not supported$/],
    ['edge index ≥ N', ['--network', 'wide-edges.csv', '--n', '3', '--k', '1'], /^wide-edges\.csv:3: neuron index 3 out of range \[0, 2\]$/],
    ['missing network file', ['--network', 'missing.csv'], /^cannot read the --network file missing\.csv: no such file or directory$/],
    ['malformed phases', ['--init', 'bad-phases.txt'], /^bad-phases\.txt:4: expected one finite decimal phase per line, got "x"$/],
    ['too few phases', ['--init', 'short-phases.txt'], /^short-phases\.txt:2: expected 10 phases \(one per neuron\), found 2$/],
    ['phase above threshold', ['--init', 'high-phase.txt'], /^high-phase\.txt:8: phase of neuron 7 must be .*1\] for model lif, got 1.5$/],
    ['unknown config key', ['--config', 'unknown-key.json'], /^unknown-key\.json: unknown config key "neurons"/],
    ['config value of the wrong type', ['--config', 'wrong-type.json'], /^wrong-type\.json: "n" must be a JSON number, got string "10"$/],
    ['config that is not JSON', ['--config', 'broken.json'], /^broken\.json:1: not valid JSON/],
    ['config with both limits', ['--config', 'both-limits.json', '--n', '10', '--k', '3'], /config keys "spikes" and "duration" cannot be combined/],
    ['unwritable --out', ['--out', 'no-such-dir/spikes.csv'], /^cannot write the --out file no-such-dir\/spikes\.csv: directory no-such-dir does not exist$/],
  ])('%s', async (_name, extra, message) => {
    // each flag once (a repeated flag is an error of its own): base flags the case sets itself are left out
    const baseKept = [0, 2].flatMap((at) => (extra.includes(base[at]) ? [] : base.slice(at, at + 2)));
    const args = extra[0] === '--config' && extra.includes('--n') ? [...extra, '--out', 'never.csv'] : [...baseKept, ...extra, ...(extra.includes('--out') ? [] : ['--out', 'never.csv'])];
    const io = capturedIo(dir.path);
    const code = await runCommand(args, io, { container });
    expect(code).toBe(ExitCode.invalidInput);
    expect(io.out()).toBe('');
    const lines = io.err().split('\n');
    expect(lines).toHaveLength(2); // one line and its newline
    expect(lines[0].startsWith('sparseprop: error: ')).toBe(true);
    expect(lines[0].slice('sparseprop: error: '.length)).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(dir.files().filter((f) => f.startsWith('never') || f.endsWith('.tmp') || f.includes('never.csv'))).toEqual([]);
  });

  it('refuses a network that will not fit in memory, before allocating', async () => {
    const io = capturedIo(dir.path);
    const code = await runCommand(['--n', '100000000', '--out', 'never.csv'], io, { container, memory: smallMachine });
    expect(code).toBe(ExitCode.invalidInput);
    // before the network is built: the lower bound every engine needs (its key and a little more)
    const needed = ((MIN_BYTES_PER_NEURON * 1e8) / 2 ** 30).toFixed(2);
    const largest = Math.floor(memoryBudget(smallMachine) / MIN_BYTES_PER_NEURON);
    expect(io.err()).toBe(`sparseprop: error: network needs about ${needed} GiB but only 0.40 GiB are available (at least 9.0 B per neuron): --n must be at most ${largest}\n`);
    // the same machine runs a small network
    expect(await runCommand(['--n', '1000', '--k', '10', '--spikes', '10', '-q'], capturedIo(dir.path), { container, memory: smallMachine })).toBe(0);
  });

  // A machine with 16 MiB free (a 12.8 MiB budget): N = 1e6 passes the lower bound (9 MB) but not
  // the engine's own figure, checked by composition before the engine allocates.
  const tinyMachine = { totalBytes: 2 ** 30, freeBytes: 2 ** 24, freeIsAccurate: true };
  it.each([
    { flags: [], engine: 'wasm engine', perNeuron: [13, 16] },
    { flags: ['--engine', 'js', '--queue', 'calendar'], engine: 'exp-key engine, calendar queue', perNeuron: [14, 16] },
    { flags: ['--engine', 'js', '--queue', '4-ary'], engine: 'exp-key engine, 4-ary queue', perNeuron: [24, 26] },
  ])('refuses what the chosen engine needs, naming --n and the largest N that fits ($engine)', async ({ flags, engine, perNeuron }) => {
    const io = capturedIo(dir.path);
    expect(await runCommand(['--n', '1000000', '--spikes', '10', '--out', 'never.csv', ...flags], io, { container, memory: tinyMachine })).toBe(ExitCode.invalidInput);
    const match = /^sparseprop: error: network needs about ([\d.]+) GiB but only 0\.01 GiB are available \(([\d.]+) B per neuron: (.*)\): --n must be at most (\d+)\n$/.exec(io.err());
    expect(match, io.err()).not.toBeNull();
    const [, , bytes, what, most] = match!;
    expect(what).toBe(engine);
    // the engine's figure: keys 8 B plus its queue (the kernel's and the calendar's about 14 B, a heap's 24 B), and a fixed part
    expect(Number(bytes)).toBeGreaterThanOrEqual(perNeuron[0]);
    expect(Number(bytes)).toBeLessThanOrEqual(perNeuron[1]);
    // the largest N is the budget at that figure per neuron (printed to 0.1 B: within 0.4 % at >= 13 B)
    const atFigure = memoryBudget(tinyMachine) / Number(bytes);
    expect(Math.abs(Number(most) - atFigure)).toBeLessThanOrEqual(0.004 * atFigure);
    expect(Number(most)).toBeLessThan(1e6);
    expect(dir.files().filter((f) => f.includes('never'))).toEqual([]);
  });

  it('refuses on the real machine the largest network (heterogeneous, 2^31 - 1 neurons)', async () => {
    const largest = estimateStateBytes(2 ** 31 - 1, { heterogeneous: true });
    // guard: on a machine this large the command would really allocate; fail instead of trying
    expect(largest).toBeGreaterThan(memoryBudget(systemMemory()));
    const io = capturedIo(dir.path);
    expect(await runCommand(['--n', String(2 ** 31 - 1), '--eta', '0.5'], io, { container })).toBe(ExitCode.invalidInput);
    const needed = (largest / 2 ** 30).toFixed(2);
    expect(io.err()).toMatch(new RegExp(`^sparseprop: error: network needs about ${needed} GiB but only [\\d.]+ GiB are available \\(at least 72\\.0 B per neuron\\): --n must be at most \\d+\n$`));
  });

  it('fails the run (exit 1) on runaway excitation, leaving no --out file', async () => {
    const io = capturedIo(dir.path);
    const code = await runCommand(['--network', 'excitatory-ring.csv', '--k', '2', '--spikes', '1000', '--out', 'runaway.csv'], io, { container });
    expect(code).toBe(ExitCode.failure);
    expect(io.err()).toMatch(/^sparseprop: error: runaway excitation: \d+ spikes at t = .* without time advancing; reduce excitatory weights/);
    expect(io.err().split('\n')).toHaveLength(2);
    expect(dir.files().filter((f) => f.includes('runaway'))).toEqual([]);
  });

  it.each([
    [[], /^missing command: run, models, plot, grad, train or sweep/],
    [['simulate'], /^unknown command "simulate": expected run, models, plot, grad, train or sweep/],
    [['models', '--verbose'], /^models: Unknown option '--verbose'/],
  ])('main %j → usage error', async (argv, message) => {
    const io = capturedIo(dir.path);
    expect(await main(argv, io)).toBe(ExitCode.invalidInput);
    const lines = io.err().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].replace('sparseprop: error: ', '')).toMatch(message);
  });
});
