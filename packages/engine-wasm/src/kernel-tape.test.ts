import { FixedOutDegreeConnectivity, InvalidParameterError, type KickEvents, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { LifModel } from '@sparseprop/model-lif';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KernelQueue, WasmExpKeySimulator } from './wasm-exp-key-simulator.js';

/** xorshift32 in [0, 1). */
function uniformOf(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** A random explicit LIF network (E/I weights), initial phases and input kicks. */
function network(n: number, degree: number, excitatory: number, inputs: number, seed: number) {
  const uniform = uniformOf(seed);
  const pre: number[] = [], post: number[] = [], weight: number[] = [];
  for (let j = 0; j < n; j++) {
    const row = new Set<number>();
    const d = Math.min(n - 1, Math.floor(uniform() * (degree + 1)));
    while (row.size < d) {
      let i = Math.floor(uniform() * (n - 1));
      if (i >= j) i++;
      row.add(i);
    }
    for (const i of row) {
      pre.push(j);
      post.push(i);
      weight.push(uniform() < excitatory ? 0.9 * uniform() : -0.4 * uniform());
    }
  }
  const model = new LifModel(n, 1.3);
  const connectivity = SparseConnectivity.fromEdges(n, pre, post, weight);
  const initialPhases = Float64Array.from({ length: n }, () => model.phiThreshold * uniform());
  const events: KickEvents | undefined =
    inputs === 0
      ? undefined
      : {
          times: Float64Array.from({ length: inputs }, () => 0.2 * uniform()).sort(),
          targets: Int32Array.from({ length: inputs }, () => Math.floor(uniform() * n)),
          channels: Int32Array.from({ length: inputs }, () => Math.floor(uniform() * 2)),
          weights: Float64Array.from([0.3, -0.5]),
        };
  return { model, connectivity, initialPhases, events };
}

function sameTrain(a: SpikeTrain, b: SpikeTrain): boolean {
  if (a.length !== b.length) return false;
  for (let s = 0; s < a.length; s++) if (!Object.is(a.times[s], b.times[s]) || a.neurons[s] !== b.neurons[s]) return false;
  return true;
}

describe('the kernel tape (runTaped)', () => {
  it('leaves the spike train bit for bit as the plain run, whether the tape holds the run or fills up (both queues, inputs, batches)', () => {
    let complete = 0, filled = 0, batches = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 80 }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom(0, 0.1),
        fc.constantFrom(0, 200),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom<KernelQueue>('calendar', 'heap32'),
        fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(10_000)), // tape spikes: often fewer than the run's
        fc.oneof(fc.integer({ min: 0, max: 9000 }), fc.constant(2 ** 20)), // tape entries
        (n, degree, excitatory, inputs, seed, queue, spikes, events) => {
          const { model, connectivity, initialPhases, events: kicks } = network(n, degree, excitatory, inputs, seed);
          const run = (tape: { events: number; spikes: number } | undefined) => {
            const simulator = new WasmExpKeySimulator(model, connectivity, { tau: 0.01, initialPhases }, queue, kicks, tape);
            const train = new SpikeTrain();
            try {
              simulator.run({ maxSpikes: 9000, maxTimeSeconds: 1, record: train }); // up to ~5000 spikes: more than one output batch (4096)
            } catch (error) {
              simulator.dispose();
              if ((error as Error).name === 'RunawayExcitationError') return undefined;
              throw error;
            }
            const tapeOf = simulator.tape();
            const summary = tapeOf === undefined ? undefined : { complete: tapeOf.complete, spikes: tapeOf.spikes, entries: tapeOf.entries.length, spikeStart: tapeOf.spikeStart.slice(), kickStart: tapeOf.kickStart.slice(), inputStart: tapeOf.inputStart.slice() };
            simulator.dispose();
            return { train, summary };
          };
          const plain = run(undefined);
          const taped = run({ events, spikes });
          if (plain === undefined || taped === undefined) {
            expect(plain).toBe(taped); // runaway on both or neither
            return;
          }
          expect(plain.summary).toBeUndefined();
          expect(sameTrain(taped.train, plain.train)).toBe(true);
          if (plain.train.length > 4096) batches++;
          const tape = taped.summary!;
          if (tape.complete) {
            complete++;
            expect(tape.spikes).toBe(plain.train.length);
            // offsets: per spike its inputs (2 entries each), then its row's kicks
            const rowStart = connectivity.rowStart;
            let badOffset = -1;
            for (let r = 0; r < tape.spikes && badOffset < 0; r++) {
              const j = plain.train.neurons[r];
              const inputsOk = tape.kickStart[r] - tape.spikeStart[r] === 2 * (tape.inputStart[r + 1] - tape.inputStart[r]);
              if (!inputsOk || tape.spikeStart[r + 1] - tape.kickStart[r] !== rowStart[j + 1] - rowStart[j]) badOffset = r;
            }
            expect(badOffset).toBe(-1);
            expect(tape.entries).toBe(tape.spikeStart[tape.spikes]);
          } else {
            filled++;
            expect(tape.spikes).toBeLessThanOrEqual(spikes);
            expect(tape.entries).toBeLessThanOrEqual(events);
          }
        },
      ),
      { numRuns: 120 },
    );
    expect(complete).toBeGreaterThan(20);
    expect(batches).toBeGreaterThan(5);
    expect(filled).toBeGreaterThan(20);
  });

  it('refuses a tape on a procedural network or with bad counts (typed errors)', () => {
    const model = new LifModel(10, 1.3);
    const procedural = new FixedOutDegreeConnectivity({ n: 10, k: 3, weight: -0.1, seed: 1 });
    expect(() => new WasmExpKeySimulator(model, procedural, { tau: 0.01 }, undefined, undefined, { events: 10, spikes: 10 })).toThrow(InvalidParameterError);
    const { connectivity } = network(10, 3, 0, 0, 5);
    expect(() => new WasmExpKeySimulator(model, connectivity, { tau: 0.01 }, undefined, undefined, { events: -1, spikes: 10 })).toThrow(InvalidParameterError);
    expect(() => new WasmExpKeySimulator(model, connectivity, { tau: 0.01 }, undefined, undefined, { events: 10, spikes: 0.5 })).toThrow(InvalidParameterError);
  });

  it('tapeBackward wants the input channels when the run had input events, and declines an incomplete tape or another train', () => {
    const { model, connectivity, initialPhases, events } = network(10, 3, 0, 50, 9);
    const simulator = new WasmExpKeySimulator(model, connectivity, { tau: 0.01, initialPhases }, undefined, events, { events: 10_000, spikes: 1000 });
    const train = new SpikeTrain();
    simulator.run({ maxTimeSeconds: 0.1, record: train });
    expect(train.length).toBeGreaterThan(0);
    const dL = new Float64Array(train.length).fill(1);
    const slope = model.expShift(1);
    expect(() => simulator.tapeBackward(train.neurons, dL, slope)).toThrow(InvalidParameterError);
    expect(() => simulator.tapeBackward(train.neurons, dL, slope, events!.channels, new Float64Array(1))).toThrow(/inputChannels\[/);
    expect(simulator.tapeBackward(train.neurons.subarray(1), dL.subarray(1), slope, events!.channels, new Float64Array(2))).toBeUndefined();
    const gradients = simulator.tapeBackward(train.neurons, dL, slope, events!.channels, Float64Array.from(events!.weights, (w) => model.expShift(w)));
    expect(gradients?.weights).toHaveLength(connectivity.post.length);
    expect(gradients?.inputWeights).toHaveLength(2);
    simulator.dispose();
    const small = new WasmExpKeySimulator(model, connectivity, { tau: 0.01, initialPhases }, undefined, events, { events: 4, spikes: 1000 });
    const partial = new SpikeTrain();
    small.run({ maxTimeSeconds: 0.1, record: partial });
    expect(small.tape()!.complete).toBe(false);
    expect(small.tapeBackward(partial.neurons, new Float64Array(partial.length), slope, events!.channels, new Float64Array(2))).toBeUndefined();
    small.dispose();
  });
});
