import { InvalidParameterError } from '@sparseprop/core';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-errors.js';
import { checkSweepBase, pointRunConfig } from './point-config.js';
import { sweepPoint } from './sweep-points.js';
import { parseSweepFile } from './sweep-schema.js';
import { pointSeed } from './sweep-seed.js';

const valid = { base: { preset: 'brunel', n: 100 }, grid: { g: [3, 5], eta: [1, 2] }, run: { duration: 0.1 } };

/** The message of what `parse` throws (it must throw an InvalidParameterError). */
function errorOf(value: unknown): string {
  try {
    parseSweepFile(value, 'sweep.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParameterError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('sweep file schema', () => {
  it('fills the defaults: seed 1, rate, ISI CV, Fano and χ', () => {
    const sweep = parseSweepFile(valid, 'sweep.json');
    expect(sweep.seed).toBe(1);
    expect(sweep.statistics).toEqual(['meanRateHz', 'cvIsiMean', 'fano', 'synchronyChi']);
  });

  it.each([
    [{ ...valid, grid: { g: [] } }, 'sweep.json: grid.g must be a non-empty array of values, got an array of 0'],
    [{ ...valid, grid: { g: [3, true] } }, 'sweep.json: grid.g.1 must be '],
    [{ ...valid, grid: {}, zip: undefined }, 'sweep.json: grid must be at least one parameter in "grid" or "zip"'],
    [{ ...valid, zip: { n: [100, 200], k: [10] } }, 'sweep.json: zip.k must be a list as long as the other zipped lists (2 values), got an array of 1'],
    [{ ...valid, zip: { g: [1] } }, 'sweep.json: zip.g must be a parameter not also in "grid"'],
    [{ ...valid, run: { spikes: 10, duration: 1 } }, 'sweep.json: run must be either { "spikes": M } (an integer ≥ 1) or { "duration": SECONDS } (> 0)'],
    [{ ...valid, run: { duration: -1 } }, 'sweep.json: run.duration must be a number of seconds > 0, got -1'],
    [{ ...valid, run: undefined }, 'sweep.json: run must be '],
    [{ ...valid, seed: 2 ** 32 }, 'sweep.json: seed must be an integer in [0, 4294967295], got 4294967296'],
    [{ ...valid, statistics: ['rate'] }, 'sweep.json: statistics.0 must be one of meanRateHz, cvIsiMean'],
    [{ ...valid, figure: { statistic: 'cvIsiSd' } }, 'sweep.json: figure.statistic must be one of the tabulated statistics (meanRateHz, cvIsiMean, fano, synchronyChi), got "cvIsiSd"'],
    [{ ...valid, figure: { colour: 'red' } }, 'sweep.json: figure.colour must be not given: the known keys here are statistic, population, got "red"'],
    [{ ...valid, grids: {} }, 'sweep.json: grids must be not given: the known keys here are description, base, grid, zip, run, seed, statistics, figure'],
    [{ ...valid, grid: { 'g x': [1] } }, 'sweep.json: grid.g x must be a parameter name'],
    [[], 'sweep.json: (sweep) must be '],
  ])('%j is refused naming the JSON path', (value, message) => {
    expect(errorOf(value)).toContain(message);
  });
});

describe('sweep base and parameters', () => {
  const check = (value: object) => checkSweepBase(parseSweepFile(value, 'sweep.json'), 'sweep.json');

  it('run settings: a parameter must be a run setting of the right type; the sweep owns seed, run length and outputs', () => {
    expect(() => check({ ...valid, grid: { gee: [1] } })).toThrow(/^sweep.json: grid.gee must be a run setting \(model, queue, engine, frame, eta, n, k, .*\) or modelParams.NAME, got "gee"$/);
    expect(() => check({ ...valid, grid: { seed: [1, 2] } })).toThrow(/sweep.json: grid.seed must be .*"seed" is set by the sweep/);
    expect(() => check({ ...valid, grid: { g: [3, 'x'] } })).toThrow(new InvalidParameterError('sweep.json: grid.g[1]', 'x', 'a JSON number'));
    expect(() => check({ ...valid, zip: { model: ['lif', 4] } })).toThrow(new InvalidParameterError('sweep.json: zip.model[1]', 4, 'a JSON string'));
    expect(() => check({ ...valid, base: { preset: 'brunel', seed: 3 } })).toThrow(/^sweep.json: base.seed must be not given: the sweep sets it \(top-level "seed"\)/);
    expect(() => check({ ...valid, base: { duration: 3 } })).toThrow(/^sweep.json: base.duration must be not given: the sweep sets it \("run"\)/);
    // recording outputs too: a sweep writes one result file per point, never spike, rate or voltage files
    expect(() => check({ ...valid, base: { rates: 'r.csv', 'rate-bin': 0.01 } })).toThrow(/^sweep.json: base.rates must be not given: the sweep sets it \(one result file per point\)/);
    expect(() => check({ ...valid, grid: { 'sample-every': [0.1] } })).toThrow(/"sample-every" is set by the sweep/);
    expect(() => check({ ...valid, base: { nn: 3 } })).toThrow(CliUsageError);
    expect(() => check({ ...valid, base: { nn: 3 } })).toThrow(/^sweep.json: base: unknown config key "nn"/);
  });

  it('network config: a parameter is a path to a number that exists in the base', () => {
    const base = { populations: { E: { size: 80, model: 'lif', iext: 1.2 } }, projections: [{ from: 'E', to: 'E', outDegree: 5, weight: -0.1 }] };
    expect(() => check({ ...valid, base, grid: { 'populations.E.sise': [10] } })).toThrow(/^sweep.json: grid.populations.E.sise must be a dotted path to a number or string that exists in the base network config/);
    expect(() => check({ ...valid, base, grid: { 'projections.0.weight': ['x'] } })).toThrow(new InvalidParameterError('sweep.json: grid.projections.0.weight[0]', 'x', 'a JSON number'));
    const sweep = parseSweepFile({ ...valid, base, grid: { 'projections.0.weight': [-0.1, -0.2] }, seed: 9 }, 'sweep.json');
    const config = pointRunConfig(sweep, checkSweepBase(sweep, 'sweep.json'), sweepPoint(sweep, 1), '/d/sweep.json');
    expect(config.duration).toBe(0.1);
    expect(config.networkConfig?.path).toBe('/d/sweep.json');
    const value = config.networkConfig?.value as typeof base & { seed: number };
    expect(value.projections[0].weight).toBe(-0.2);
    expect(value.seed).toBe(pointSeed(9, 1));
    expect(base.projections[0].weight).toBe(-0.1); // the base is not modified
  });

  it('a point is the base with its parameters, its seed and the run length (modelParams merged per parameter)', () => {
    const sweep = parseSweepFile({ base: { preset: 'brunel', n: 100, modelParams: { vReset: 0.4 } }, grid: { g: [3, 5] }, zip: { 'modelParams.vReset': [0.1, 0.2] }, run: { spikes: 50 }, seed: 4 }, 'sweep.json');
    const config = pointRunConfig(sweep, checkSweepBase(sweep, 'sweep.json'), sweepPoint(sweep, 3), 'sweep.json');
    expect(config).toEqual({ preset: 'brunel', n: 100, g: 5, modelParams: { vReset: 0.2 }, spikes: 50, seed: pointSeed(4, 3) });
  });
});
