import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { tempDir } from '../temp-dir.test-support.js';
import { gradCommand } from './grad-command.js';

const dir = tempDir('grad-config');
afterAll(() => dir.cleanup());

// E (5 LIF neurons) and I (3), recurrent projections with a delay, a source population S of 3 neurons
// whose spikes come from a file and reach E through an edge file, and a Poisson kick stream onto I
const sourceSpikes = ['time_s,neuron'];
for (let k = 0; k < 12; k++) sourceSpikes.push(`${(0.0031 * k + 0.0007 * ((k * 5) % 3)).toFixed(6)},${k % 3}`);
writeFileSync(join(dir.path, 'source.csv'), `${sourceSpikes.join('\n')}\n`);
const sourceEdges = (w: number[]) => `pre,post,weight\n0,1,${w[0]}\n1,3,${w[1]}\n2,0,${w[2]}\n2,4,${w[3]}\n`;
const SOURCE_WEIGHTS = [0.08, 0.12, -0.05, 0.1];
function config(overrides: { sourceWeights?: number[]; ei?: number; kick?: number; extra?: object } = {}) {
  writeFileSync(join(dir.path, 'se.csv'), sourceEdges(overrides.sourceWeights ?? SOURCE_WEIGHTS));
  return {
    tau: 0.01,
    seed: 7,
    dale: false,
    populations: {
      E: { size: 5, model: 'lif', iext: 0.4, refractory: 0.001 },
      I: { size: 3, model: 'lif', iext: 0.3, refractory: 0.001 },
      S: { size: 3, source: { spikes: 'source.csv' } },
    },
    projections: [
      { from: 'E', to: 'E', probability: 0.4, weight: 0.03, delay: 0.001 },
      { from: 'E', to: 'I', probability: 0.5, weight: overrides.ei ?? 0.04, delay: 0.001 },
      { from: 'I', to: 'E', probability: 0.5, weight: -0.1, delay: 0.0005 },
      { from: 'S', to: 'E', edges: 'se.csv', delay: 0.0002 },
    ],
    inputs: [{ poisson: { to: 'I', rate: 200, count: 1, weight: overrides.kick ?? 0.03 } }],
    ...overrides.extra,
  };
}

async function grad(overrides: Parameters<typeof config>[0] = {}, out = 'g.csv') {
  writeFileSync(join(dir.path, 'net.json'), JSON.stringify(config(overrides)));
  const io = capturedIo(dir.path);
  const code = await gradCommand(['--config', 'net.json', '--spikes', '30', '--out', out, '--json'], io);
  if (code !== 0) throw new Error(io.err());
  return JSON.parse(io.out()) as { lossValue: number; engine: string; gradientPath: string; synapses: number; inputWeights: number; maxReplayDeviationS: number };
}

const rowsOf = (file: string) =>
  readFileSync(join(dir.path, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

describe('sparseprop grad --config net.json (a network config)', () => {
  it('writes a row per synapse, source synapse and kick stream whose dL_dweight equals central differences of the loss grad reports', async () => {
    const summary = await grad();
    expect(summary.engine).toBe('network');
    expect(summary.gradientPath).toBe('delayed');
    expect(summary.inputWeights).toBe(SOURCE_WEIGHTS.length + 1);
    // the phase-space replay against the voltage-space engine: rounding only (~1e-16 s measured; semantics errors move spikes ≥ 1e-6 s)
    expect(summary.maxReplayDeviationS).toBeLessThan(1e-12);
    const rows = rowsOf('g.csv');
    expect(rows).toHaveLength(summary.synapses + summary.inputWeights);
    const gradientOf = (name: RegExp, pre?: number, post?: number) =>
      rows.filter(([p, a, b]) => name.test(p) && (pre === undefined || Number(a) === pre) && (post === undefined || Number(b) === post)).reduce((sum, r) => sum + Number(r[4]), 0);
    // source synapse 1 -> 3 of the edge file: pre 8 + 1 = 9 (source neurons numbered after the 8 network neurons)
    expect(rows.filter(([p]) => /S->E/.test(p)).map(([, a, b, w]) => [Number(a), Number(b), Number(w)])).toEqual([
      [8, 1, 0.08],
      [9, 3, 0.12],
      [10, 0, -0.05],
      [10, 4, 0.1],
    ]);

    // central differences of the reported loss: h and h/2 must agree (converged), the analytic value within their spread
    const check = async (analytic: number, at: (h: number) => Parameters<typeof config>[0]) => {
      const loss = async (h: number) => (await grad(at(h), 'scratch.csv')).lossValue;
      const h = 1e-6;
      const coarse = ((await loss(h)) - (await loss(-h))) / (2 * h);
      const fine = ((await loss(h / 2)) - (await loss(-h / 2))) / h;
      expect(Math.abs(coarse - fine)).toBeLessThan(1e-3 * Math.abs(fine));
      // truncation error of the h/2 estimate ≈ |coarse − fine|/3; L ~ 1e-3 s² rounds to ~1e-19, /h ~ 1e-13
      expect(Math.abs(analytic - fine)).toBeLessThanOrEqual(2 * Math.abs(coarse - fine) + 1e-12);
      expect(Math.abs(fine)).toBeGreaterThan(1e-6); // the weight matters
    };
    await check(gradientOf(/S->E/, 9, 3), (h) => ({ sourceWeights: SOURCE_WEIGHTS.map((w, k) => (k === 1 ? w + h : w)) }));
    await check(gradientOf(/E->I/), (h) => ({ ei: 0.04 + h }));
    await check(gradientOf(/^inputs\[0\]/), (h) => ({ kick: 0.03 + h }));
  });

  it('refuses what has no gradient path or does not apply, naming it, and writes nothing', async () => {
    const refused = async (overrides: Parameters<typeof config>[0], extra: string[] = []) => {
      writeFileSync(join(dir.path, 'bad.json'), JSON.stringify(config(overrides)));
      const io = capturedIo(dir.path);
      expect(await gradCommand(['--config', 'bad.json', '--spikes', '20', '--out', 'never.csv', ...extra], io)).toBe(2);
      return io.err();
    };
    expect(await refused({ extra: { populations: { ...config().populations, I: { size: 3, model: 'qif', iext: 0.3, initVoltage: 0 } } } })).toMatch(/populations\.I\.model/);
    expect(await refused({ extra: { inputs: [{ stepCurrent: { to: 'E', times: [0.01], values: [0.6] } }] } })).toMatch(/stepCurrents/);
    expect(await refused({}, ['--delay', '0.001'])).toMatch(/--delay/);
    expect(await refused({}, ['--network', 'x.csv'])).toMatch(/--network/);
    expect(dir.files()).not.toContain('never.csv');
  });
});
