import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSimulator, SpikeTrain } from '@sparseprop/core';
import { NetworkReferenceSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { compileNetwork, sampleVoltages } from '@sparseprop/network';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { OutputFile, resolveOutputTarget } from '../io/output-file.js';
import { createCliContainer } from '../plugins.js';
import { tempDir } from '../temp-dir.test-support.js';
import { RateRecorder } from './recording.js';
import { runCommand } from './run-command.js';

const dir = tempDir('recording');
afterAll(dir.cleanup);
const container = createCliContainer();

async function run(argv: string[]) {
  const io = capturedIo(dir.path);
  const code = await runCommand(argv, io, { container });
  return { code, out: io.out(), err: io.err() };
}
const read = (file: string) => readFileSync(join(dir.path, file), 'utf8');
/** Rows of a CSV (header dropped), each split at commas. */
const rows = (file: string) => read(file).trimEnd().split('\n').slice(1).map((line) => line.split(','));
const spikes = (file: string) => rows(file).map(([t, j]) => ({ t: Number(t), j: Number(j), line: `${t},${j}` }));

// an E/I network with delays (one per projection and per synapse), refractoriness, Poisson drive, a source population and a step current
const NETWORK = {
  tau: 0.02,
  seed: 4,
  populations: {
    E: { size: 80, iext: -1, refractory: 0.002, modelParams: { vReset: 0.5 } },
    I: { size: 20, iext: -0.05, refractory: 0.001, modelParams: { vReset: 0.5 } },
    S: { size: 10, source: { poisson: { rate: 50 } } },
  },
  projections: [
    { from: 'E', to: 'E', inDegree: 10, weight: 0.04, delay: 0.0015 },
    { from: 'E', to: 'I', inDegree: 10, weight: 0.04, delay: 0.0015 },
    { from: 'I', to: 'E', inDegree: 3, weight: -0.2, delay: { uniform: { min: 0.001, max: 0.002 } } },
    { from: 'I', to: 'I', inDegree: 3, weight: -0.2, delay: 0 },
    { from: 'S', to: 'E', outDegree: 8, weight: 0.05, delay: 0.0005 },
  ],
  inputs: [{ poisson: { to: ['E', 'I'], rate: 30, count: 100, weight: 0.04 } }, { stepCurrent: { to: 'I', times: [0.05], values: [0.1] } }],
};
writeFileSync(join(dir.path, 'net.json'), JSON.stringify(NETWORK));
const POPULATIONS = [
  { name: 'E', first: 0, count: 80 },
  { name: 'I', first: 80, count: 20 },
];

/**
 * Rates computed from a full spike list by the definition in the README, independently of the streaming
 * recorder: bin floor(t/W), clipped to [start, end], the last bin closed at the end.
 */
function expectedRates(times: readonly number[], neurons: readonly number[], populations: typeof POPULATIONS, width: number, start: number, end: number): string[][] {
  const first = Math.floor(start / width);
  const last = Math.max(first, Math.ceil(end / width) - 1);
  const counts = Array.from({ length: last - first + 1 }, () => populations.map(() => 0));
  times.forEach((t, s) => {
    const p = populations.findIndex((q) => neurons[s] >= q.first && neurons[s] < q.first + q.count);
    if (p >= 0) counts[Math.min(Math.floor(t / width), last) - first][p]++;
  });
  const out: string[][] = [];
  for (let b = first; b <= last; b++) {
    const t0 = Math.max(b * width, start), t1 = Math.min((b + 1) * width, end);
    if (!(t1 > t0)) continue;
    populations.forEach((q, p) => {
      const n = counts[b - first][p];
      out.push([String(t0), String(t1), q.name, String(n), String(n / ((t1 - t0) * q.count))]);
    });
  }
  return out;
}

describe('sparseprop run: recording', () => {
  it('--record and --record-neurons write exactly the full run\'s spikes of those neurons, in order', async () => {
    for (const [net, flags, pick] of [
      [['--config', 'net.json', '--duration', '0.3'], ['--record', 'I'], (j: number) => j >= 80],
      [['--config', 'net.json', '--duration', '0.3'], ['--record-neurons', '0-9,17,99'], (j: number) => j <= 9 || j === 17 || j === 99],
      [['--preset', 'brunel', '--n', '500', '--duration', '0.1'], ['--record', 'E', '--record-neurons', '420,499'], (j: number) => j < 400 || j === 420 || j === 499],
      [['--n', '300', '--k', '20', '--spikes', '3000'], ['--record', 'all'], () => true],
      [['--n', '300', '--k', '20', '--spikes', '3000'], ['--record-neurons', 'list.txt'], (j: number) => j === 3 || j === 7 || j === 250],
    ] as [string[], string[], (j: number) => boolean][]) {
      writeFileSync(join(dir.path, 'list.txt'), 'neuron\n3\n# a comment\n7, 250\n');
      const full = await run([...net, '--out', 'full.csv', '--json']);
      expect(full.code).toBe(0);
      const part = await run([...net, ...flags, '--out', 'part.csv', '--json']);
      expect(part.err).toBe('');
      expect(JSON.parse(part.out).spikes).toBe(JSON.parse(full.out).spikes); // the summary still sees every spike
      const expected = spikes('full.csv').filter((s) => pick(s.j)).map((s) => s.line);
      expect(expected.length).toBeGreaterThan(10);
      expect(spikes('part.csv').map((s) => s.line)).toEqual(expected);
      expect(read('part.csv').split('\n')[0]).toBe('time_s,neuron');
    }
  });

  it('--rates equal the counts of the full spike file per bin and population (--duration and --spikes runs)', async () => {
    for (const [net, bin, populations] of [
      [['--config', 'net.json', '--duration', '0.3'], '0.01', POPULATIONS],
      [['--config', 'net.json', '--duration', '0.3'], '0.07', POPULATIONS], // the last bin clipped at 0.3
      [['--preset', 'brunel', '--n', '500', '--spikes', '4000'], '0.005', [{ name: 'E', first: 0, count: 400 }, { name: 'I', first: 400, count: 100 }]],
      [['--n', '300', '--k', '20', '--spikes', '3000'], '0.02', [{ name: 'all', first: 0, count: 300 }]],
    ] as [string[], string, typeof POPULATIONS][]) {
      const r = await run([...net, '--out', 'full.csv', '--rates', 'rates.csv', '--rate-bin', bin, '--json']);
      expect(r.code).toBe(0);
      const s = spikes('full.csv');
      const end = net.includes('--duration') ? Number(net[net.indexOf('--duration') + 1]) : s[s.length - 1].t;
      expect(JSON.parse(r.out).simulatedSeconds).toBe(end);
      const got = rows('rates.csv');
      expect(got).toEqual(expectedRates(s.map((x) => x.t), s.map((x) => x.j), populations, Number(bin), 0, end));
      // every spike is in exactly one row, the last spike of a --spikes run included
      expect(got.reduce((sum, row) => sum + Number(row[3]), 0)).toBe(s.filter((x) => populations.some((p) => x.j >= p.first && x.j < p.first + p.count)).length);
      expect(read('rates.csv').split('\n')[0]).toBe('t_start_s,t_end_s,population,spikes,rate_hz');
    }
  });

  it('the streaming rate recorder equals the definition, spikes on bin boundaries and at the end included (property)', () => {
    // times on a grid of W/4 (W a power of two: products exact) so boundaries and the end are hit often
    const W = 0.25;
    fc.assert(
      fc.property(fc.nat(8), fc.array(fc.tuple(fc.nat(40), fc.nat(99)), { maxLength: 60 }), fc.nat(6), (startQuarter, raw, extraQuarters) => {
        const start = (startQuarter * W) / 4;
        const events = raw.map(([q, j]) => ({ t: start + (q * W) / 4, j })).sort((a, b) => a.t - b.t);
        const end = (events.length === 0 ? start : events[events.length - 1].t) + (extraQuarters * W) / 4;
        const path = join(dir.path, 'prop-rates.csv');
        const recorder = RateRecorder.open(OutputFile.open(resolveOutputTarget(path, dir.path), dir.path, undefined, '--rates file'), POPULATIONS, W, start);
        for (const e of events) recorder.add(e.t, e.j);
        recorder.finish(end);
        const got = readFileSync(path, 'utf8').trimEnd().split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(','));
        expect(got).toEqual(expectedRates(events.map((e) => e.t), events.map((e) => e.j), POPULATIONS, W, start, end));
      }),
      { numRuns: 150 },
    );
  });

  it('--voltages equal the O(N) network reference simulator\'s voltages at the sample times, and leave the spikes unchanged', async () => {
    writeFileSync(join(dir.path, 'times.txt'), 'time_s\n0.0123\n0.05\n0.1\n0.1345\n0.2\n');
    const plain = await run(['--config', 'net.json', '--duration', '0.2', '--out', 'plain.csv', '-q']);
    expect(plain.code).toBe(0);
    const built = compileNetwork(NETWORK, { models: [lif] });
    const neurons = Int32Array.of(0, 5, 17, 79, 80, 99);
    for (const [flags, times] of [
      [['--sample-every', '0.01'], Float64Array.from({ length: 21 }, (_, k) => k * 0.01)],
      [['--sample-times', 'times.txt'], Float64Array.of(0.0123, 0.05, 0.1, 0.1345, 0.2)],
    ] as [string[], Float64Array][]) {
      const r = await run(['--config', 'net.json', '--duration', '0.2', '--out', 'sampled.csv', '--voltages', 'v.csv', '--voltage-neurons', '0,5,17,79-80,99', ...flags, '-q']);
      expect(r.err).toBe('');
      expect(read('sampled.csv')).toBe(read('plain.csv')); // stopping at sample times changes no spike of the network engine
      const reference = sampleVoltages(new NetworkReferenceSimulator(built.network), neurons, times);
      const got = rows('v.csv');
      expect(got.length).toBe(times.length * neurons.length);
      got.forEach(([t, j, v], row) => {
        expect(Number(t)).toBe(times[Math.floor(row / neurons.length)]);
        expect(Number(j)).toBe(neurons[row % neurons.length]);
        // engine vs O(N) reference, the same exact state rounded differently: the engine evolves a neuron once per
        // delivery, the reference every neuron at every event; each step is a few ulps of an O(1) voltage and
        // LIF contracts between kicks, so they stay ~1e-13 apart (packages/network engine-vs-reference.test.ts)
        expect(Math.abs(Number(v) - reference[row])).toBeLessThan(1e-9);
      });
      expect(new Set(got.map((row) => row[2])).size).toBeGreaterThan(times.length); // the voltages move
    }
  });

  it('--voltages of the plain network: the model\'s voltage at the exact phase, equal to the O(N) reference', async () => {
    const r = await run(['--n', '200', '--k', '10', '--duration', '0.05', '--voltages', 'pv.csv', '--voltage-neurons', '0,1,150,199', '--sample-every', '0.004', '-q']);
    expect(r.err).toBe('');
    const { simulator, model } = composeSimulator({ n: 200, k: 10, reference: true }, container);
    const got = rows('pv.csv');
    const neurons = [0, 1, 150, 199];
    expect(got.length).toBe(13 * neurons.length); // t = 0, 0.004, ..., 0.048
    for (let s = 0; s < 13; s++) {
      simulator.run({ maxTimeSeconds: s * 0.004 });
      const phases = simulator.phases();
      neurons.forEach((i, k) => {
        const [t, j, v] = got[s * neurons.length + k];
        expect([Number(t), Number(j)]).toEqual([s * 0.004, i]);
        // SparseProp's global shift vs the reference's phase steps: ulps of O(1) phases per spike (engineConformance: 1e-9)
        expect(Math.abs(Number(v) - model.voltage(phases[i], i))).toBeLessThan(1e-9);
      });
    }
  });

  it('checkpoint and resume: the parts\' recorded spikes and voltages make the uninterrupted run\'s, rates per part', async () => {
    const net = ['--preset', 'brunel', '--n', '600', '--quiet'];
    const rec = (tag: string) => ['--out', `${tag}.csv`, '--record', 'I', '--voltages', `${tag}-v.csv`, '--voltage-neurons', '0,500', '--sample-every', '0.03125', '--rates', `${tag}-r.csv`, '--rate-bin', '0.0625'];
    expect((await run([...net, '--duration', '0.25', ...rec('whole')])).code).toBe(0);
    expect((await run([...net, '--duration', '0.125', '--checkpoint', 'r.ckpt', ...rec('head')])).code).toBe(0);
    expect((await run([...net, '--resume', 'r.ckpt', '--duration', '0.25', ...rec('tail')])).code).toBe(0);
    const body = (file: string) => read(file).split('\n').slice(1).join('\n');
    expect(body('head.csv') + body('tail.csv')).toBe(body('whole.csv'));
    expect(body('head-v.csv') + body('tail-v.csv')).toBe(body('whole-v.csv')); // t = 0 … 0.125, then 0.15625 … 0.25
    expect(rows('tail-v.csv')[0][0]).toBe('0.15625');
    expect(body('head-r.csv') + body('tail-r.csv')).toBe(body('whole-r.csv')); // the checkpoint falls on a bin boundary
  });

  it('a checkpoint inside a rate bin: the two parts write it as two clipped rows whose counts add up to the whole bin', async () => {
    const net = ['--config', 'net.json', '--quiet', '--rate-bin', '0.0625'];
    expect((await run([...net, '--duration', '0.25', '--rates', 'w-r.csv'])).code).toBe(0);
    expect((await run([...net, '--duration', '0.1', '--rates', 'h-r.csv', '--checkpoint', 'm.ckpt'])).code).toBe(0);
    expect((await run([...net, '--resume', 'm.ckpt', '--duration', '0.25', '--rates', 't-r.csv'])).code).toBe(0);
    const whole = rows('w-r.csv'), head = rows('h-r.csv'), tail = rows('t-r.csv');
    expect(head.slice(-2).map((r) => r.slice(0, 3))).toEqual([['0.0625', '0.1', 'E'], ['0.0625', '0.1', 'I']]);
    expect(tail.slice(0, 2).map((r) => r.slice(0, 3))).toEqual([['0.1', '0.125', 'E'], ['0.1', '0.125', 'I']]);
    expect(head.slice(0, 2)).toEqual(whole.slice(0, 2));
    expect(tail.slice(2)).toEqual(whole.slice(4));
    for (const p of [0, 1]) expect(Number(head[2 + p][3]) + Number(tail[p][3])).toBe(Number(whole[2 + p][3]));
  });

  it('a --spikes run samples the times before its last spike only', async () => {
    writeFileSync(join(dir.path, 'many-times.txt'), Array.from({ length: 50 }, (_, k) => `${(k + 1) * 0.002}`).join('\n'));
    const r = await run(['--n', '200', '--k', '10', '--spikes', '500', '--out', 's500.csv', '--voltages', 'sv.csv', '--voltage-neurons', '7', '--sample-times', 'many-times.txt', '-q']);
    expect(r.code).toBe(0);
    const last = spikes('s500.csv').at(-1)!.t;
    const sampled = rows('sv.csv').map(([t]) => Number(t));
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled).toEqual(Array.from({ length: 50 }, (_, k) => (k + 1) * 0.002).filter((t) => t < last));
  });

  it('--voltages - streams to stdout and the summary goes to stderr', async () => {
    const r = await run(['--preset', 'brunel', '--n', '200', '--duration', '0.01', '--voltages', '-', '--voltage-neurons', '3', '--sample-every', '0.005']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 2)).toEqual(['time_s,neuron,voltage', expect.stringMatching(/^0,3,0\.\d+$/)]);
    expect(r.out.trimEnd().split('\n')).toHaveLength(4);
    expect(r.err).toMatch(/spikes/);
  });

  it('refuses bad recording flags with a typed error naming the flag and the allowed values; exit 2, nothing written', async () => {
    writeFileSync(join(dir.path, 'bad-neurons.txt'), '1\n2\n300\n');
    writeFileSync(join(dir.path, 'bad-times.txt'), '0.01\n0.02\n0.015\n');
    writeFileSync(join(dir.path, 'late-times.txt'), '0.01\n0.5\n');
    const before = dir.files();
    const net = ['--config', 'net.json', '--duration', '0.3'];
    const cases: [string[], RegExp][] = [
      [[...net, '--out', 'x.csv', '--record', 'E,X'], /--record must be population names of this network, comma-separated: E, I, got "X"/],
      [[...net, '--out', 'x.csv', '--record-neurons', '3,100'], /--record-neurons must be neuron indices in \[0, 99\] .*got "100"/],
      [[...net, '--out', 'x.csv', '--record-neurons', '5-2'], /--record-neurons must be neuron indices in \[0, 99\] .*got "5-2"/],
      [[...net, '--out', 'x.csv', '--record-neurons', ' '], /--record-neurons must be neuron indices in \[0, 99\] .*got " "/],
      [[...net, '--out', 'x.csv', '--record', ''], /--record must be population names of this network, comma-separated: E, I, got ""/],
      [[...net, '--out', 'x.csv', '--record-neurons', 'bad-neurons.txt'], /bad-neurons\.txt:3: "300" is not one of the neuron indices in \[0, 99\]/],
      [[...net, '--record', 'E'], /--record needs --out FILE/],
      [[...net, '--rates', 'x.csv', '--rate-bin', '0'], /--rate-bin must be a finite number of seconds > 0, got 0/],
      [[...net, '--rates', 'x.csv', '--rate-bin', '-0.1'], /--rate-bin must be a finite number of seconds > 0, got -0\.1/],
      [[...net, '--rates', 'x.csv', '--rate-bin', '1e-12'], /--rate-bin must be at least .* \(at most 1e\+8 rows in --rates\)/],
      [[...net, '--rate-bin', '0.01'], /--rate-bin needs --rates FILE/],
      [[...net, '--rates', 'x.csv'], /--rates needs --rate-bin SECONDS/],
      [[...net, '--voltages', 'x.csv', '--sample-every', '0.01'], /--voltages needs --voltage-neurons LIST/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '1'], /--voltages needs one of --sample-every SECONDS or --sample-times FILE/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '1', '--sample-every', '0.01', '--sample-times', 'late-times.txt'], /--voltages needs one of --sample-every SECONDS or --sample-times FILE/],
      [[...net, '--voltage-neurons', '1'], /--voltage-neurons needs --voltages FILE/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '100', '--sample-every', '0.01'], /--voltage-neurons must be neuron indices in \[0, 99\]/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '1', '--sample-every', '0'], /--sample-every must be a finite number of seconds > 0, got 0/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '1', '--sample-times', 'bad-times.txt'], /bad-times\.txt:3: time 0\.015 must be after the previous one, 0\.02/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '1', '--sample-times', 'late-times.txt'], /late-times\.txt:2: time 0\.5 is after the end of the run \(--duration 0\.3\)/],
      [[...net, '--voltages', 'x.csv', '--voltage-neurons', '1', '--sample-times', 'missing.txt'], /cannot read the --sample-times file missing\.txt: no such file or directory/],
      [[...net, '--out', 'x.csv', '--rates', 'x.csv', '--rate-bin', '0.01'], /cannot write the --rates file x\.csv: it is also the --out file/],
      [[...net, '--rates', 'x.csv', '--rate-bin', '0.01', '--voltages', 'x.csv', '--voltage-neurons', '1', '--sample-every', '0.01'], /cannot write the --voltages file x\.csv: it is also the --rates file/],
      [[...net, '--out', '-', '--rates', '-', '--rate-bin', '0.01'], /cannot write the --rates file -: it is also the --out file \(one output at most goes to standard output\)/],
      [[...net, '--rates', 'late-times.txt', '--rate-bin', '0.01', '--voltages', 'v.csv', '--voltage-neurons', '1', '--sample-times', 'late-times.txt'], /cannot write the --rates file late-times\.txt: it is the --sample-times file/],
      [[...net, '--rates', 'nodir/x.csv', '--rate-bin', '0.01'], /cannot write the --rates file nodir\/x\.csv/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(dir.files()).toEqual(before);
  });
});
