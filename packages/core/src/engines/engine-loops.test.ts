import { describe, expect, it } from 'vitest';
import type { EventQueue } from '../contracts/event-queue.js';
import type { ExpKeyModel } from '../contracts/exp-key-model.js';
import { SparseConnectivity } from '../connectivity/sparse-connectivity.js';
import { InvalidParameterError, NonFiniteStateError } from '../errors/errors.js';
import { ReferenceSimulator } from '../reference/reference-simulator.js';
import { ExpKeySimulator } from './exp-key-simulator.js';
import { PhaseFrameSimulator } from './phase-frame-simulator.js';
import { TimeFrameSimulator } from './time-frame-simulator.js';

// Every engine loop checks the key it pops, once per spike, and stops with a typed error on a
// NaN (or on +Infinity with no time limit) instead of looping on NaN; a model whose constants are not
// finite is refused while the engine is built.

/** LIF with iext = 1 (I = 2): the closed forms of docs/algorithm.md §2, enough for these tests. */
function lifLike(size: number, omega = 1 / Math.log(2)): ExpKeyModel {
  const I = 2;
  return {
    name: 'lif-like', size, homogeneous: true, phiThreshold: 1, phiReset: 0, phiMin: -Infinity, vThreshold: 1, vReset: 0,
    omega: () => omega,
    voltage: (phi) => I * (1 - Math.exp(-phi / omega)),
    phase: (v) => (v >= 1 ? 1 : -omega * Math.log(1 - v / I)),
    ptc: (phi, J) => {
      const arg = Math.exp(-phi / omega) - J / I;
      return arg <= 0.5 ? 1 : -omega * Math.log(arg);
    },
    dPtcDPhi: () => 1,
    dPtcDJ: () => 0,
    expShift: (J) => -J / I,
  };
}

/** A linear-scan queue that, like any heap would with a NaN at its top, hands out a NaN key first. */
function scanQueue(size: number): EventQueue & { keys: Float64Array } {
  const keys = new Float64Array(size);
  const top = () => {
    let best = 0;
    for (let i = 0; i < size; i++) if (Number.isNaN(keys[i]) || keys[i] < keys[best]) { best = i; if (Number.isNaN(keys[i])) break; }
    return best;
  };
  return {
    name: 'scan', size, keys,
    build: (k) => keys.set(k),
    peekIndex: () => top(),
    peekKey: () => keys[top()],
    key: (i) => keys[i],
    update: (i, key) => { keys[i] = key; },
    shiftAll: (delta) => { for (let i = 0; i < size; i++) keys[i] += delta; },
    scaleAll: (factor) => { for (let i = 0; i < size; i++) keys[i] *= factor; },
  } as EventQueue & { keys: Float64Array };
}

const ring = () => SparseConnectivity.fromEdges(3, [0, 1, 2], [1, 2, 0], [-0.1, -0.1, -0.1]);
const options = { tau: 0.01, initialPhases: Float64Array.of(0.1, 0.5, 0.9) };
const engines = [
  ['exp-key', (q: EventQueue) => new ExpKeySimulator(lifLike(3), q, ring(), options)],
  ['phase', (q: EventQueue) => new PhaseFrameSimulator(lifLike(3), q, ring(), options)],
  ['time', (q: EventQueue) => new TimeFrameSimulator(lifLike(3), q, ring(), options)],
] as const;

describe('engine loops stop on a non-finite popped key', () => {
  it.each(engines)('%s: a NaN key at the top is a NonFiniteStateError after the finite spikes', (_name, create) => {
    const queue = scanQueue(3);
    const sim = create(queue);
    const spikes: number[] = [];
    sim.run({ maxSpikes: 4, onSpike: (t) => spikes.push(t) });
    queue.update(1, Number.NaN);
    expect(() => sim.run({ maxSpikes: 1000, onSpike: (t) => spikes.push(t) })).toThrow(NonFiniteStateError);
    expect(() => sim.run({ maxSpikes: 1000 })).toThrow(/the simulation state became NaN at t = .* s \(next spike of neuron 1\)/);
    expect(spikes).toHaveLength(4);
    expect(spikes.every(Number.isFinite)).toBe(true);
  });

  it.each(engines)('%s: +Infinity at the top (no neuron will fire) ends a timed run, and is an error without a time limit', (_name, create) => {
    const queue = scanQueue(3);
    const sim = create(queue);
    for (let i = 0; i < 3; i++) queue.update(i, Infinity);
    expect(sim.run({ maxTimeSeconds: 0.5 }).spikes).toBe(0);
    expect(sim.timeSeconds).toBe(0.5);
    expect(() => sim.run({ maxSpikes: 10 })).toThrow(/no neuron will ever reach threshold/);
  });

  it('the O(N) reference: a NaN phase velocity is refused at construction', () => {
    expect(() => new ReferenceSimulator(lifLike(3, Number.NaN), ring(), options)).toThrow(InvalidParameterError);
    expect(() => new ReferenceSimulator(lifLike(3, Number.NaN), ring(), options)).toThrow(/^omega of model lif-like must be a finite number > 0/);
  });

  it.each([Number.NaN, 0, -1, Infinity])('a phase velocity of %d is refused while any engine is built', (omega) => {
    expect(() => new PhaseFrameSimulator(lifLike(3, omega), scanQueue(3), ring(), options)).toThrow(/^omega of model lif-like must be a finite number > 0/);
    expect(() => new TimeFrameSimulator(lifLike(3, omega), scanQueue(3), ring(), options)).toThrow(/^omega of model lif-like/);
    expect(() => new ExpKeySimulator(lifLike(3, omega), scanQueue(3), ring(), options)).toThrow(/^omega of model lif-like/);
  });
});
