import { composeSimulator, createContainer } from '@sparseprop/core';
import { registerLif } from '@sparseprop/model-lif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { runInlinedPhaseLoop } from './inlined-baseline.js';
import { runInlinedExpLoop } from './inlined-exp-baseline.js';
import { inlinedKeysFor, prepareInlinedNetwork } from './inlined-network.js';
import { SpikeHasher } from './spike-hasher.js';

function engineRun(n: number, k: number, spikes: number, seed: number, expKeys: boolean) {
  const container = registerHeapQueues(registerLif(createContainer()));
  const { simulator } = composeSimulator({ model: 'lif', queue: 'binary', frame: 'phase', n, k, seed, expKeys }, container);
  const hasher = new SpikeHasher();
  const summary = simulator.run({ maxSpikes: spikes, onSpike: hasher.listener });
  return { kind: simulator.kind, hash: hasher.hash, sumidx: hasher.sumidx, lastTime: hasher.lastTime, endSeconds: summary.endSeconds };
}

describe.each([
  { keys: 'phase' as const, expKeys: false, run: runInlinedPhaseLoop },
  { keys: 'exp' as const, expKeys: true, run: runInlinedExpLoop },
])('hand-inlined loop, $keys keys', ({ keys, expKeys, run }) => {
  it('emits the composed engine\'s spike train and times (N = 200, 2000 spikes: several rebases)', () => {
    const engine = engineRun(200, 100, 2000, 1, expKeys);
    expect(inlinedKeysFor({ model: 'lif', queue: 'binary' }, engine.kind)).toBe(keys);
    const inlined = run(prepareInlinedNetwork({ n: 200, k: 100, seed: 1 }, keys), 2000);
    expect(inlined.hash).toBe(engine.hash);
    expect(inlined.sumidx).toBe(engine.sumidx);
    expect(inlined.lastTime).toBe(engine.lastTime);
    expect(inlined.endSeconds).toBe(engine.endSeconds);
  });

  it('stays identical over many rebases or rescalings (N = 50, K = 10, 20000 spikes)', () => {
    const engine = engineRun(50, 10, 20_000, 3, expKeys);
    const inlined = run(prepareInlinedNetwork({ n: 50, k: 10, seed: 3 }, keys), 20_000);
    expect([inlined.hash, inlined.lastTime, inlined.endSeconds]).toEqual([engine.hash, engine.lastTime, engine.endSeconds]);
  });

  it('continues where it stopped and honours the seed and K', () => {
    const whole = run(prepareInlinedNetwork({ n: 300, k: 20, seed: 7 }, keys), 1500);
    const network = prepareInlinedNetwork({ n: 300, k: 20, seed: 7 }, keys);
    run(network, 700);
    const second = run(network, 800);
    expect(second.endSeconds).toBe(whole.endSeconds);
    expect(whole.hash).toBe(engineRun(300, 20, 1500, 7, expKeys).hash);
  });
});

describe('inlinedKeysFor', () => {
  it('only pairs LIF on the binary heap with eager keys', () => {
    expect(inlinedKeysFor({ model: 'qif', queue: 'binary' }, 'phase')).toBeUndefined();
    expect(inlinedKeysFor({ model: 'lif', queue: '4-ary' }, 'exp-key')).toBeUndefined();
    expect(inlinedKeysFor({ model: 'lif', queue: 'binary' }, 'time')).toBeUndefined();
  });
});

describe('hand-inlined loops without the target cache', () => {
  it('regenerate the same targets (targetCacheBytes 0 on both sides)', () => {
    const container = registerHeapQueues(registerLif(createContainer()));
    const { simulator } = composeSimulator({ model: 'lif', n: 400, k: 50, seed: 2, targetCacheBytes: 0 }, container);
    const hasher = new SpikeHasher();
    simulator.run({ maxSpikes: 3000, onSpike: hasher.listener });
    const network = prepareInlinedNetwork({ n: 400, k: 50, seed: 2, targetCacheBytes: 0 }, 'exp');
    expect(network.cached.length).toBe(0);
    expect(runInlinedExpLoop(network, 3000).hash).toBe(hasher.hash);
    expect(prepareInlinedNetwork({ n: 400, k: 50, seed: 2 }, 'exp').cached.length).toBe(400);
  });
});
