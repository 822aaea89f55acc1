import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './bench-options.js';
import { defaultBrian2Seconds, detectBrian2, parseBrian2Line } from './brian2-run.js';
import { configurationsOf } from './run-benchmark.js';
import { brian2Shortfall, groupStepsOf, planSize } from './size-plan.js';

describe('parseBrian2Line', () => {
  it('turns the program report into a cost per spike and a rate', () => {
    const sample = parseBrian2Line('brian2 cpu_ns=1.23929e+08 wall_ns=2.75802e+08 spikes=34137 sim_seconds=1.0', 10_000);
    expect(sample.spikes).toBe(34137);
    expect(sample.cpuNsPerSpike).toBeCloseTo(1.23929e8 / 34137, 6);
    expect(sample.wallNsPerSpike).toBeCloseTo(2.75802e8 / 34137, 6);
    expect(sample.rateHz).toBeCloseTo(3.4137, 12);
    expect(sample.lastTime).toBe(1);
    // a grid simulation of another draw of the network: no checksum to compare
    expect(Number.isNaN(sample.hash)).toBe(true);
    // per simulated second: cost per spike × N × rate is the run's CPU time over its simulated time
    expect(sample.cpuNsPerSpike * 1e-9 * 10_000 * sample.rateHz).toBeCloseTo(0.123929, 9);
  });

  it('names a missing field', () => {
    expect(() => parseBrian2Line('brian2 cpu_ns=5 spikes=3 sim_seconds=1', 10)).toThrow(/wall_ns/);
  });
});

describe('detectBrian2', () => {
  it('says what to install when the interpreter is missing', async () => {
    const found = await detectBrian2('/nonexistent/python3');
    expect(found).toEqual({ missing: expect.stringMatching(/\/nonexistent\/python3 not found.*python3-brian.*g\+\+/) });
  });
});

describe('Brian2 in the plan', () => {
  it('simulates about our span, within [0.01, 2] s', () => {
    expect(defaultBrian2Seconds(1e5, 2e5)).toBe(0.59);
    expect(defaultBrian2Seconds(1e6, 5e5)).toBe(0.15);
    expect(defaultBrian2Seconds(1e7, 1e6)).toBe(0.03);
    expect(defaultBrian2Seconds(1000, 2e5)).toBe(2);
    expect(defaultBrian2Seconds(1e9, 1e5)).toBe(0.01);
  });

  it('runs for LIF up to --brian2-max-n when Brian2 was found, sharing one group of steps', () => {
    const options = parseBenchOptions(['--n', '1e5,1e6,1e7', '--engine', 'wasm,wasm-heap32', '--reps', '3']);
    const [kernel, heap] = configurationsOf(options);
    expect(heap).toMatchObject({ engine: 'wasm', kernelQueue: 'heap32' });
    const tools = { anchorBuilt: true, lazyBuilt: true, brian2: true };
    expect(planSize(options, kernel, 1e6, tools).brian2).toEqual([{ dtMs: 0.1, seconds: 0.15 }, { dtMs: 0.01, seconds: 0.15 }]);
    expect(planSize(options, kernel, 1e7, tools).brian2).toEqual([]);
    expect(planSize(options, kernel, 1e6, { ...tools, brian2: false }).brian2).toEqual([]);
    expect(planSize(parseBenchOptions(['--model', 'qif']), { ...kernel, model: 'qif' }, 1e5, tools)).toMatchObject({ brian2: [], anchorLazy: false, anchorBest: false });
    // two engines warm up, one reference child (none at 1e6), two Brian2 builds, then per repetition:
    // two engines, sp, sp_best, sp_lazy, two Brian2 runs
    const plans = [planSize(options, kernel, 1e6, tools), planSize(options, heap, 1e6, tools)];
    expect(groupStepsOf(plans)).toBe(2 + 0 + 2 + 3 * (2 + 3 + 2));
  });

  it('leaves Brian2 out when its synapses would not fit', () => {
    const options = parseBenchOptions(['--n', '1e7', '--brian2-max-n', '1e7']);
    const plan = planSize(options, configurationsOf(options)[0], 1e7, { anchorBuilt: true, brian2: true });
    expect(brian2Shortfall(plan, 64 * 2 ** 30)).toBeUndefined();
    expect(brian2Shortfall(plan, 8 * 2 ** 30)).toMatch(/Brian2 needs about 17\.\d GiB \(1864 B per neuron at K = 100\)/);
  });
});
