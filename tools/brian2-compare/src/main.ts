/**
 * The Brunel network (Brunel 2000, model A) on SparseProp's network engine and
 * in Brian2 (Debian python3-brian, C++ standalone), compared:
 * mean E/I rates and ISI CVs with standard errors (AI state), the population
 * rate spectrum peak (SR state), and the cost per simulated second.
 *
 *   pnpm --filter @sparseprop/tool-brian2-compare compare [--n 10000] [--seconds 3] [--burn 0.5] [--dt 0.01,0.1] [--states AI,SR] [--seed 1]
 *
 * Prints a Markdown table (docs/brunel-vs-brian2.md holds one run's output).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpikeTrain } from '@sparseprop/core';
import { NetworkSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { BRUNEL_STATES, brunelPreset, compileNetwork, expectedExternalEvents } from '@sparseprop/network';
import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { type PopulationStatistics, populationStatistics, spectrumPeak } from './statistics.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '3' },
    burn: { type: 'string', default: '0.5' },
    dt: { type: 'string', default: '0.01,0.1' },
    states: { type: 'string', default: 'AI,SR' },
    seed: { type: 'string', default: '1' },
  },
});
const n = Number(values.n), seconds = Number(values.seconds), burn = Number(values.burn), seed = Number(values.seed);
const dts = values.dt === 'none' ? [] : values.dt.split(',').map(Number); // `--dt none`: ours only (e.g. other seeds)
const states = values.states.split(',') as (keyof typeof BRUNEL_STATES)[];

interface Result {
  simulator: string;
  state: string;
  wallSeconds: number;
  e: PopulationStatistics;
  i: PopulationStatistics;
  peakHz: number;
  peakOverMedian: number;
  extra?: string;
}

function analyse(simulator: string, state: string, times: Float64Array, neurons: Int32Array, nE: number, wallSeconds: number, extra?: string): Result {
  const e = populationStatistics(times, neurons, 0, nE, burn, seconds);
  const i = populationStatistics(times, neurons, nE, n, burn, seconds);
  const { peakHz, peakOverMedian } = spectrumPeak(times, burn, seconds, 0.0005);
  return { simulator, state, wallSeconds, e, i, peakHz, peakOverMedian, extra };
}

function runOurs(state: keyof typeof BRUNEL_STATES): Result {
  const { g, eta } = BRUNEL_STATES[state];
  const { network } = compileNetwork(brunelPreset({ n, g, eta, seed }), { models: [lif] });
  const simulator = new NetworkSimulator(network, thirtyTwoAryHeap.create(network.size));
  const spikes = new SpikeTrain(1 << 20);
  const summary = simulator.run({ maxTimeSeconds: seconds, record: spikes });
  const external = expectedExternalEvents(network, seconds);
  const synaptic = simulator.deliveries - external;
  const extra = `${summary.spikes} spikes, ${(external / 1e6).toFixed(1)}e6 external and ${(synaptic / 1e6).toFixed(1)}e6 synaptic events, ${((summary.wallSeconds * 1e9) / simulator.deliveries).toFixed(0)} ns per event`;
  return analyse('SparseProp network engine (exact)', state, spikes.times, spikes.neurons, network.populations[0].end, summary.wallSeconds, extra);
}

function runBrian2(state: keyof typeof BRUNEL_STATES, dt: number): Result {
  const { g, eta } = BRUNEL_STATES[state];
  const out = join(tmpdir(), `brunel-brian2-${state}-${dt}-${seed}.csv`);
  const result = spawnSync('/usr/bin/python3', [join(here, '..', 'brunel_brian2.py'), String(n), String(g), String(eta), String(dt), String(seconds), String(seed), out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`Brian2 failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const info = JSON.parse(result.stdout.trim().split('\n').pop() as string) as { wallSeconds: number; nE: number; spikes: number };
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  const times = new Float64Array(lines.length - 1), neurons = new Int32Array(lines.length - 1);
  for (let s = 1; s < lines.length; s++) {
    const comma = lines[s].indexOf(',');
    times[s - 1] = Number(lines[s].slice(0, comma));
    neurons[s - 1] = Number(lines[s].slice(comma + 1));
  }
  return analyse(`Brian2 ${dt} ms grid`, state, times, neurons, info.nE, info.wallSeconds, `${info.spikes} spikes`);
}

const fmt = (x: number, se: number, digits: number) => `${x.toFixed(digits)} ± ${se.toFixed(digits)}`;
const rows: Result[] = [];
for (const state of states) {
  rows.push(runOurs(state));
  for (const dt of dts) rows.push(runBrian2(state, dt));
}
console.log(`Brunel model A, N = ${n} (N_E = ${Math.round(0.8 * n)}), epsilon 0.1, J = 0.1 mV, D = 1.5 ms, refractory 2 ms; ${seconds} s simulated, statistics over [${burn}, ${seconds}) s; seed ${seed}\n`);
console.log('| state (g, η) | simulator | E rate (Hz) | I rate (Hz) | E ISI CV | I ISI CV | rate spectrum peak (Hz; peak/median power) | wall s per simulated s |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const { g, eta } = BRUNEL_STATES[r.state as keyof typeof BRUNEL_STATES];
  console.log(`| ${r.state} (${g}, ${eta}) | ${r.simulator} | ${fmt(r.e.rate, r.e.rateSe, 2)} | ${fmt(r.i.rate, r.i.rateSe, 2)} | ${fmt(r.e.cv, r.e.cvSe, 3)} | ${fmt(r.i.cv, r.i.cvSe, 3)} | ${r.peakHz.toFixed(0)}; ${r.peakOverMedian.toFixed(0)} | ${(r.wallSeconds / seconds).toFixed(2)} |`);
}
console.log('');
for (const r of rows) if (r.extra !== undefined) console.log(`- ${r.state}, ${r.simulator}: ${r.extra}`);
