/**
 * The Brunel network (Brunel 2000, model A) on SparseProp's network engine and
 * in Brian2 (Debian python3-brian, C++ standalone), compared over independent
 * realisations of the random network model: mean E/I rates and ISI CVs with
 * their standard errors across realisations (AI state), the population-rate
 * spectrum (SR against AI), and the cost per simulated second.
 *
 *   compare run --simulator ours|brian2 [--dt 0.01] --state AI|SR|SI-fast|SI-slow --seeds 1,2,3 [--n 10000] [--seconds 1.5] [--burn 0.3] [--no-recurrent] --out FILE.jsonl
 *   compare summarise FILE.jsonl ...
 *   compare all [--realisations 6] [--seconds 1.5] [--burn 0.3] [--dt 0.1,0.01] [--states AI] [--n 10000] [--out FILE.jsonl]
 *
 * `run` appends one JSON line per realisation (seed) to FILE: statistics,
 * spectrum, the E rate's time course and a small raster (for the figure of
 * `plot_brunel.py`). `summarise` prints the Markdown tables of
 * docs/brunel-vs-brian2.md. `all` runs ours and Brian2 at each dt in
 * sequence, then summarises. Each seed draws the connectivity, the external
 * Poisson input and the initial voltages; the two simulators' generators
 * differ, so equal seeds are not equal networks, only independent draws.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpikeTrain } from '@sparseprop/core';
import { NetworkSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { BRUNEL_STATES, brunelPreset, compileNetwork, expectedExternalEvents } from '@sparseprop/network';
import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { meanSe, type PopulationStatistics, populationStatistics, rateCourse, rateSpectrum, spectrumSummary } from './statistics.js';

type State = keyof typeof BRUNEL_STATES;
const here = dirname(fileURLToPath(import.meta.url));
/** Bin of the recorded E-rate time course (s), over the whole run (the initial transient, and slow fluctuations). */
const COURSE_BIN = 0.01;
/** The raster kept per realisation: E neurons `0 … RASTER_NEURONS-1` over `[burn, burn + RASTER_SECONDS)`. */
const RASTER_NEURONS = 60, RASTER_SECONDS = 0.1;

/** One realisation of one simulator, as written by `run`. */
export interface RealisationRecord {
  simulator: 'ours' | 'brian2';
  dtMs: number | null;
  state: State;
  g: number;
  eta: number;
  n: number;
  nE: number;
  seed: number;
  seconds: number;
  burn: number;
  /** false for `--no-recurrent` runs (the external drive alone); absent means true. */
  recurrent?: boolean;
  /**
   * CPU time of the network run alone (building the network and compiling excluded), s: ours
   * `process.cpuUsage()` around `run`, Brian2 its program's own std::clock() timing of the run.
   */
  cpuSeconds: number;
  /** Wall time, s: ours of the network run, Brian2 of its whole program (loading the arrays included); null where not recorded. */
  wallSeconds: number | null;
  /** Brian2: CPU time of the whole program (loading included), s. */
  programCpuSeconds?: number;
  /** Brian2: code generation and compilation, s. */
  buildSeconds?: number;
  spikes: number;
  /** Ours: external Poisson events (expected count) and delivered synaptic events. */
  externalEvents?: number;
  synapticEvents?: number;
  e: PopulationStatistics;
  i: PopulationStatistics;
  spectrum: ReturnType<typeof rateSpectrum>;
  eRateCourse: number[];
  raster: { times: number[]; neurons: number[] };
  loadAverage: number;
}

function label(r: { simulator: string; dtMs: number | null; recurrent?: boolean }): string {
  return (r.simulator === 'ours' ? 'SparseProp network engine (exact)' : `Brian2, dt = ${r.dtMs} ms`) + (r.recurrent === false ? ', unconnected' : '');
}

function analyse(base: Omit<RealisationRecord, 'e' | 'i' | 'spectrum' | 'eRateCourse' | 'raster' | 'loadAverage'>, times: Float64Array, neurons: Int32Array): RealisationRecord {
  const { burn, seconds, nE, n } = base;
  const raster = { times: [] as number[], neurons: [] as number[] };
  for (let s = 0; s < times.length; s++) {
    if (neurons[s] < RASTER_NEURONS && times[s] >= burn && times[s] < burn + RASTER_SECONDS) {
      raster.times.push(times[s]);
      raster.neurons.push(neurons[s]);
    }
  }
  return {
    ...base,
    recurrent,
    e: populationStatistics(times, neurons, 0, nE, burn, seconds),
    i: populationStatistics(times, neurons, nE, n, burn, seconds),
    spectrum: rateSpectrum(times, neurons, burn, seconds),
    eRateCourse: rateCourse(times, neurons, 0, nE, COURSE_BIN, seconds),
    raster,
    loadAverage: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
  };
}

/** `--no-recurrent`: the external Poisson drive alone (unconnected neurons), a check of input, threshold and refractoriness. */
let recurrent = true;

function runOurs(state: State, n: number, seconds: number, burn: number, seed: number): RealisationRecord {
  const { g, eta } = BRUNEL_STATES[state];
  const config = brunelPreset({ n, g, eta, seed });
  const { network } = compileNetwork(recurrent ? config : { ...config, projections: [] }, { models: [lif] });
  const simulator = new NetworkSimulator(network, thirtyTwoAryHeap.create(network.size));
  const spikes = new SpikeTrain(1 << 20);
  const cpu = cpuUsage();
  const summary = simulator.run({ maxTimeSeconds: seconds, record: spikes });
  const used = cpuUsage(cpu);
  const external = expectedExternalEvents(network, seconds);
  const nE = network.populations[0].end;
  return analyse(
    { simulator: 'ours', dtMs: null, state, g, eta, n, nE, seed, seconds, burn, wallSeconds: summary.wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, spikes: summary.spikes, externalEvents: external, synapticEvents: simulator.deliveries - external },
    spikes.times,
    spikes.neurons,
  );
}

function runBrian2(state: State, n: number, seconds: number, burn: number, seed: number, dtMs: number): RealisationRecord {
  const { g, eta } = BRUNEL_STATES[state];
  const prefix = join(tmpdir(), `brunel-brian2-${state}-${n}-${dtMs}-${seed}-${process.pid}`);
  const env = recurrent ? process.env : { ...process.env, BRUNEL_NO_RECURRENT: '1' };
  const result = spawnSync('/usr/bin/python3', ['-W', 'ignore', join(here, '..', 'brunel_brian2.py'), String(n), String(g), String(eta), String(dtMs), String(seconds), String(seed), prefix], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  if (result.status !== 0) throw new Error(`Brian2 failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const info = JSON.parse(result.stdout.trim().split('\n').pop() as string) as { wallSeconds: number; cpuSeconds: number; programCpuSeconds: number; buildSeconds: number; nE: number; spikes: number };
  const tBytes = readFileSync(`${prefix}.t.f64`), iBytes = readFileSync(`${prefix}.i.i32`);
  const times = new Float64Array(tBytes.buffer.slice(tBytes.byteOffset, tBytes.byteOffset + tBytes.byteLength));
  const neurons = new Int32Array(iBytes.buffer.slice(iBytes.byteOffset, iBytes.byteOffset + iBytes.byteLength));
  rmSync(`${prefix}.t.f64`);
  rmSync(`${prefix}.i.i32`);
  return analyse({ simulator: 'brian2', dtMs, state, g, eta, n, nE: info.nE, seed, seconds, burn, wallSeconds: info.wallSeconds, cpuSeconds: info.cpuSeconds, programCpuSeconds: info.programCpuSeconds, buildSeconds: info.buildSeconds, spikes: info.spikes }, times, neurons);
}

// ---------------------------------------------------------------- summary

interface Estimate {
  mean: number;
  se: number;
}
const QUANTITIES = [
  ['E rate (Hz)', (r: RealisationRecord) => r.e.rate, 2],
  ['I rate (Hz)', (r: RealisationRecord) => r.i.rate, 2],
  ['E ISI CV', (r: RealisationRecord) => r.e.cv, 4],
  ['I ISI CV', (r: RealisationRecord) => r.i.cv, 4],
] as const;

function estimate(records: readonly RealisationRecord[], get: (r: RealisationRecord) => number): Estimate {
  const [mean, se] = meanSe(records.map(get));
  return { mean, se };
}
/** `mean ± se`; with one realisation the standard error is undefined and printed n/a. */
const pm = (x: Estimate, digits: number) => `${x.mean.toFixed(digits)} ± ${Number.isFinite(x.se) ? x.se.toFixed(digits) : 'n/a'}`;

/** Markdown tables of the records (grouped by state and simulator). */
export function summarise(input: readonly RealisationRecord[]): string {
  // spectrum summaries recomputed from the stored arrays (records of older versions searched [20, 500] Hz only)
  const records = input.map((r) => ({ ...r, spectrum: { ...r.spectrum, ...spectrumSummary(r.spectrum.df, r.spectrum.power, r.spectrum.coherence) } }));
  const out: string[] = [];
  const states = [...new Set(records.map((r) => r.state))];
  for (const state of states) {
    const groups = new Map<string, RealisationRecord[]>();
    for (const r of records.filter((x) => x.state === state)) groups.set(label(r), [...(groups.get(label(r)) ?? []), r]);
    const { g, eta } = BRUNEL_STATES[state];
    const any = records.find((r) => r.state === state) as RealisationRecord;
    out.push(`### ${state} (g = ${g}, η = ${eta}), N = ${any.n}`, '');
    out.push('Mean over realisations ± standard error across realisations (std / √R).', '');
    out.push('| simulator | R | simulated s (statistics from) | E rate (Hz) | I rate (Hz) | E ISI CV | I ISI CV | spectrum peak (Hz) | peak power (shot-noise units) | coherence peak (Hz) | coherence peak | coherence, band 20 Hz – Nyquist | CPU s per simulated s (network run) | wall s per simulated s |');
    out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const [name, rs] of groups) {
      const durations = [...new Set(rs.map((r) => `${r.seconds} (${r.burn})`))].join(', ');
      const cells = QUANTITIES.map(([, get, digits]) => pm(estimate(rs, get), digits));
      const peak = estimate(rs, (r) => r.spectrum.peakHz), power = estimate(rs, (r) => r.spectrum.peakPower);
      const cohHz = estimate(rs, (r) => r.spectrum.coherencePeakHz), coh = estimate(rs, (r) => r.spectrum.coherencePeak), band = estimate(rs, (r) => r.spectrum.coherenceBand);
      const wall = estimate(rs.filter((r) => r.wallSeconds !== null), (r) => (r.wallSeconds as number) / r.seconds), cpu = estimate(rs, (r) => r.cpuSeconds / r.seconds);
      out.push(`| ${name} | ${rs.length} | ${durations} | ${cells.join(' | ')} | ${pm(peak, 0)} | ${pm(power, 1)} | ${pm(cohHz, 0)} | ${pm(coh, 1)} | ${pm(band, 2)} | ${cpu.mean.toFixed(1)} | ${wall.mean.toFixed(1)} |`);
    }
    const ours = groups.get(label({ simulator: 'ours', dtMs: null, recurrent: records.find((r) => r.state === state && r.simulator === 'ours')?.recurrent }));
    const brian = [...groups.entries()].filter(([, rs]) => rs[0].simulator === 'brian2').sort(([, a], [, b]) => (a[0].dtMs as number) - (b[0].dtMs as number));
    // Brian2 extrapolated to dt -> 0, linearly in dt through its two finest grids (first-order grid error assumed; see the doc)
    let extrapolated: Estimate[] | undefined;
    if (brian.length >= 2) {
      const [fine, coarse] = [brian[0][1], brian[1][1]];
      const h1 = fine[0].dtMs as number, h2 = coarse[0].dtMs as number;
      extrapolated = QUANTITIES.map(([, get]) => {
        const a = estimate(fine, get), b = estimate(coarse, get);
        const w = h1 / (h2 - h1);
        return { mean: a.mean + w * (a.mean - b.mean), se: Math.sqrt((1 + w) ** 2 * a.se ** 2 + w ** 2 * b.se ** 2) };
      });
      out.push('', `Brian2 extrapolated linearly in dt to dt → 0 through dt = ${h1} and ${h2} ms: ${QUANTITIES.map(([name, , digits], q) => `${name} ${pm((extrapolated as Estimate[])[q], digits)}`).join(', ')}.`);
    }
    if (ours !== undefined && brian.length > 0) {
      out.push('', 'Ours − Brian2: difference ± combined standard error (z = difference / SE).', '');
      out.push(`| Brian2 | ${QUANTITIES.map(([name]) => name).join(' | ')} |`);
      out.push(`|---|${QUANTITIES.map(() => '---').join('|')}|`);
      const rows: [string, Estimate[]][] = brian.map(([name, rs]) => [name.replace('Brian2, ', ''), QUANTITIES.map(([, get]) => estimate(rs, get))]);
      if (extrapolated !== undefined) rows.push(['extrapolated to dt → 0', extrapolated]);
      for (const [name, estimates] of rows) {
        const cells = QUANTITIES.map(([, get, digits], q) => {
          const a = estimate(ours, get), b = estimates[q];
          const d = a.mean - b.mean, se = Math.hypot(a.se, b.se);
          return Number.isFinite(se) ? `${d >= 0 ? '+' : ''}${d.toFixed(digits)} ± ${se.toFixed(digits)} (z = ${(d / se).toFixed(1)})` : `${d >= 0 ? '+' : ''}${d.toFixed(digits)} (SE n/a: one realisation)`;
        });
        out.push(`| ${name} | ${cells.join(' | ')} |`);
      }
    }
    out.push('', 'E rate (Hz) in 50 ms bins from t = 0 to 0.6 s, mean over realisations (the initial transient):', '');
    const per = Math.round(0.05 / COURSE_BIN);
    for (const [name, rs] of groups) {
      const length = Math.min(Math.floor(0.6 / COURSE_BIN), ...rs.map((r) => r.eRateCourse.length));
      const course: number[] = [];
      for (let b = 0; b + per <= length; b += per) course.push(rs.reduce((a, r) => a + r.eRateCourse.slice(b, b + per).reduce((x, y) => x + y, 0) / per, 0) / rs.length);
      out.push(`- ${name}: ${course.map((x) => x.toFixed(1)).join(' ')}`);
    }
    out.push('', 'E rate (Hz) of each realisation in consecutive 0.3 s blocks after the transient (slow fluctuations within a run):', '');
    const block = Math.round(0.3 / COURSE_BIN);
    for (const [name, rs] of groups) {
      for (const r of rs) {
        const from = Math.round(r.burn / COURSE_BIN), blocks: number[] = [];
        for (let b = from; b + block <= r.eRateCourse.length; b += block) blocks.push(r.eRateCourse.slice(b, b + block).reduce((x, y) => x + y, 0) / block);
        if (blocks.length > 0) out.push(`- ${name}, seed ${r.seed}: ${blocks.map((x) => x.toFixed(2)).join(' ')}`);
      }
    }
    out.push('', 'Per realisation:', '');
    for (const [name, rs] of groups) {
      for (const r of rs) {
        const events = r.externalEvents !== undefined ? `, ${(r.externalEvents / 1e6).toFixed(0)}e6 external + ${((r.synapticEvents as number) / 1e6).toFixed(0)}e6 synaptic events (${((r.cpuSeconds * 1e9) / ((r.externalEvents as number) + (r.synapticEvents as number))).toFixed(0)} ns CPU per event)` : `, build ${(r.buildSeconds as number).toFixed(0)} s`;
        out.push(`- ${name}, seed ${r.seed}: E ${r.e.rate.toFixed(2)} ± ${r.e.rateSe.toFixed(2)} Hz (± across neurons), I ${r.i.rate.toFixed(2)} Hz, CV ${r.e.cv.toFixed(4)} / ${r.i.cv.toFixed(4)}, peak ${r.spectrum.peakHz.toFixed(0)} Hz × ${r.spectrum.peakPower.toFixed(1)}, coherence ${r.spectrum.coherencePeak.toFixed(1)} at ${r.spectrum.coherencePeakHz.toFixed(0)} Hz; ${r.spikes} spikes; wall ${r.wallSeconds === null ? 'n/a' : r.wallSeconds.toFixed(1)} s, CPU ${r.cpuSeconds.toFixed(1)} s${events}; load ${r.loadAverage}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- command line

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    simulator: { type: 'string', default: 'ours' },
    dt: { type: 'string', default: '0.1,0.01' },
    state: { type: 'string', default: 'AI' },
    states: { type: 'string', default: 'AI' },
    seeds: { type: 'string', default: '1' },
    realisations: { type: 'string', default: '6' },
    n: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '1.5' },
    burn: { type: 'string', default: '0.3' },
    out: { type: 'string' },
    'no-recurrent': { type: 'boolean', default: false },
  },
});
recurrent = !values['no-recurrent'];
const n = Number(values.n), seconds = Number(values.seconds), burn = Number(values.burn);
if (!(seconds > burn && burn >= 0)) throw new Error(`--seconds ${seconds} must exceed --burn ${burn} ≥ 0`);
const checkState = (s: string): State => {
  if (!(s in BRUNEL_STATES)) throw new Error(`unknown state ${s} (one of ${Object.keys(BRUNEL_STATES).join(', ')})`);
  return s as State;
};

function runMany(simulator: string, state: State, seeds: number[], dts: number[], out: string): void {
  for (const seed of seeds) {
    for (const dt of simulator === 'ours' ? [NaN] : dts) {
      const record = simulator === 'ours' ? runOurs(state, n, seconds, burn, seed) : runBrian2(state, n, seconds, burn, seed, dt);
      appendFileSync(out, `${JSON.stringify(record)}\n`);
      console.error(`${label(record)} ${state} seed ${seed}: E ${record.e.rate.toFixed(2)} Hz, I ${record.i.rate.toFixed(2)} Hz, CV ${record.e.cv.toFixed(3)}, peak ${record.spectrum.peakHz.toFixed(0)} Hz × ${record.spectrum.peakPower.toFixed(1)}, coherence ${record.spectrum.coherencePeak.toFixed(1)} at ${record.spectrum.coherencePeakHz.toFixed(0)} Hz, CPU ${record.cpuSeconds.toFixed(1)} s, wall ${(record.wallSeconds as number).toFixed(1)} s`);
    }
  }
}

const readRecords = (files: string[]) => files.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as RealisationRecord));

if (command === 'run') {
  if (values.out === undefined) throw new Error('run needs --out FILE.jsonl');
  if (values.simulator !== 'ours' && values.simulator !== 'brian2') throw new Error(`--simulator ${values.simulator}: ours or brian2`);
  runMany(values.simulator, checkState(values.state), values.seeds.split(',').map(Number), values.dt.split(',').map(Number), values.out);
} else if (command === 'summarise') {
  console.log(summarise(readRecords(positionals)));
} else if (command === 'all' || command === undefined) {
  const out = values.out ?? join(tmpdir(), `brunel-compare-${process.pid}.jsonl`);
  const seeds = Array.from({ length: Number(values.realisations) }, (_, k) => k + 1);
  for (const state of values.states.split(',').map(checkState)) {
    runMany('ours', state, seeds, [], out);
    runMany('brian2', state, seeds, values.dt.split(',').map(Number), out);
  }
  console.log(summarise(readRecords([out])));
  console.error(`records: ${out}`);
} else {
  throw new Error(`unknown command ${command}: run, summarise or all`);
}
