import { type CompiledNetwork, composeSimulator, createContainer, type InputSource, InvalidParameterError, type NetworkProjection, registerPlugins, registeredEngines, SpikeTrain, UnknownPluginError } from '@sparseprop/core';
import { NetworkReferenceSimulator, NetworkSimulator, runsNetworks } from '@sparseprop/core/plugin';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';
import { calendarQueue } from '@sparseprop/queue-calendar';
import { binaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { pairingHeap } from '@sparseprop/queue-pairing';
import { compareSpikeTrains } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Routing of compiled networks through composeSimulator: the network engines are built in, a compiled
// network goes to them (and only to them), `engine: "reference"` picks the voltage-space reference, and
// every plain-network engine declines with a reason. The networks are built here by hand from the
// CompiledNetwork contract (independently of @sparseprop/network's compiler).

const container = () => registerWasmEngine(registerPlugins(createContainer(), lif, binaryHeap, thirtyTwoAryHeap, pairingHeap, calendarQueue));

/** A small deterministic generator (mulberry32), so a fast-check seed fixes the whole network. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Explicit synapses from `sourceStart … sourceEnd-1`: targets, weights and per-synapse delays fixed at construction. */
function explicitProjection(name: string, sourceStart: number, rows: { target: number; weight: number; delay: number }[][], delay: number | undefined): NetworkProjection {
  const maxOutDegree = Math.max(1, ...rows.map((r) => r.length));
  return {
    name,
    sourceStart,
    sourceEnd: sourceStart + rows.length,
    maxOutDegree,
    delay,
    targetsOf(pre, targets, weights, delays) {
      const row = rows[pre - sourceStart];
      for (let s = 0; s < row.length; s++) {
        targets[s] = row[s].target;
        weights[s] = row[s].weight;
        delays[s] = row[s].delay;
      }
      return row.length;
    },
  };
}

/** Kicks at listed times (sorted), forkable. */
function kickList(events: readonly { t: number; target: number; weight: number }[]): InputSource {
  const make = (): InputSource => {
    let at = 0;
    return {
      kind: 'kick',
      name: 'kicks',
      peekTime: () => (at < events.length ? events[at].t : Infinity),
      peekTarget: () => events[at].target,
      peekWeight: () => events[at].weight,
      pop: () => void at++,
      fork: make,
      expectedEvents: (seconds) => events.filter((e) => e.t < seconds).length,
    };
  };
  return make();
}

interface Case {
  nE: number;
  nI: number;
  seed: number;
  wE: number;
  wI: number;
  delay: number;
  refractory: number;
  driveE: number;
  driveI: number;
}

/** An E/I network: excitatory and inhibitory populations, explicit synapses (E with one delay, I per synapse), kicks. */
function network(c: Case): CompiledNetwork {
  const rng = random(c.seed);
  const n = c.nE + c.nI;
  const dynamics = lif.voltageDynamics({ vReset: 0.2 });
  const rows = (from: number, count: number, weight: number, perSynapseDelay: boolean) =>
    Array.from({ length: count }, () =>
      Array.from({ length: 1 + Math.floor(rng() * 4) }, () => ({ target: Math.floor(rng() * n), weight: weight * (0.5 + rng()), delay: perSynapseDelay ? c.delay * rng() : c.delay })),
    ).map((row) => row.filter((s, k) => row.findIndex((o) => o.target === s.target) === k));
  const kicks = Array.from({ length: 40 }, () => ({ t: rng() * 0.2, target: Math.floor(rng() * n), weight: 0.3 * rng() })).sort((a, b) => a.t - b.t);
  const drive = new Float64Array(n);
  for (let i = 0; i < n; i++) drive[i] = (i < c.nE ? c.driveE : c.driveI) * (0.8 + 0.4 * rng());
  return {
    size: n,
    sourceCount: 0,
    tau: 0.01,
    populations: [
      { name: 'E', start: 0, end: c.nE, dynamics },
      { name: 'I', start: c.nE, end: n, dynamics },
    ],
    sources: [],
    drive,
    refractory: new Float64Array(n).fill(c.refractory),
    initialVoltage: Float64Array.from({ length: n }, () => 0.2 + 0.75 * rng()),
    projections: [explicitProjection('E->all', 0, rows(0, c.nE, c.wE, false), c.delay), explicitProjection('I->all', c.nE, rows(c.nE, c.nI, c.wI, true), undefined)],
    inputs: [kickList(kicks)],
    stepCurrents: [],
  };
}

const cases = fc.record({
  nE: fc.integer({ min: 2, max: 40 }),
  nI: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat(),
  wE: fc.double({ min: 0, max: 0.2, noNaN: true }),
  wI: fc.double({ min: -0.5, max: 0, noNaN: true }),
  delay: fc.constantFrom(0, 0.0005, 0.0015),
  refractory: fc.constantFrom(0, 0.001, 0.002),
  driveE: fc.double({ min: -0.5, max: 0.6, noNaN: true }), // LIF iext: below 0 sub-threshold, above 0 tonic
  driveI: fc.double({ min: -0.5, max: 0.6, noNaN: true }),
});

function train(simulator: { run(o: { maxTimeSeconds: number; maxSpikes: number; record: SpikeTrain }): unknown }, seconds: number): SpikeTrain {
  const spikes = new SpikeTrain();
  simulator.run({ maxTimeSeconds: seconds, maxSpikes: 20_000, record: spikes });
  return spikes;
}

/**
 * Engine vs reference spike times: the same exact solution rounded differently (packages/network
 * engine-vs-reference.test.ts: ~2e-13 s observed, 1e-9 s accepted), plus what a voltage rounding does to a
 * drift crossing. dV/dt = (1 + drive - V) / tau is drive / tau at threshold, so a voltage off by dV moves the
 * crossing by dV tau / drive, and V near 1 is held to ulps of 1: for the tiny positive drives fast-check
 * draws now and then that exceeds 1e-9 s (fast-check seed 618656630: a drive of 9.5e-12, 4.2e-8 s; about
 * one case in 300, so one run in 12). Over 3600 random cases (3000 drawn as here, 600 with positive drives
 * of 1e-14 … 0.1) the difference was at most 1e-9 s + 3.8 eps tau / drive (the smallest drive of the
 * network); 64 eps is a 17x margin. A neuron whose 1 + drive rounds to 1 never crosses by drift (the
 * engines give it no crossing time) and sets no scale.
 */
function timeTolerance(net: CompiledNetwork): number {
  let slowest = Infinity;
  for (let i = 0; i < net.size; i++) {
    const excess = 1 + net.drive[i] - 1; // the drive as the voltage arithmetic holds it
    if (excess > 0) slowest = Math.min(slowest, excess);
  }
  return 1e-9 + (64 * Number.EPSILON * net.tau) / slowest;
}

function expectIdentical(a: SpikeTrain, b: SpikeTrain): void {
  expect(Array.from(a.neurons)).toEqual(Array.from(b.neurons));
  expect(Array.from(a.times)).toEqual(Array.from(b.times)); // bit for bit: the same class on the same network
}

describe('composeSimulator routes compiled networks to the network engines', () => {
  it('the network engines are built in, and run compiled networks only', () => {
    const engines = registeredEngines(createContainer());
    const network = engines.filter(runsNetworks).map((e) => e.name);
    expect(network.sort()).toEqual(['network', 'network-reference']);
    expect(engines.find((e) => e.name === 'network-reference')?.automatic).toBe(false);
  });

  it('auto, js and named queues give the engine built by hand, spike for spike; "reference" gives the O(N) reference', () => {
    const c = container();
    let spikes = 0;
    fc.assert(
      fc.property(cases, (k) => {
        const net = network(k);
        const seconds = 0.25;
        const auto = composeSimulator({ network: net }, c);
        expect(auto.engine).toBe('network');
        expect(auto.queue).toBe('32-ary');
        const byHand = train(new NetworkSimulator(net, thirtyTwoAryHeap.create(net.size)), seconds);
        spikes += byHand.length;
        expectIdentical(train(auto.simulator, seconds), byHand);
        const js = composeSimulator({ network: net, engine: 'js', queue: 'pairing' }, c);
        expect([js.engine, js.queue]).toEqual(['network', 'pairing']);
        expectIdentical(train(js.simulator, seconds), byHand); // every queue: the same train (tie rule: lowest index first)
        for (const config of [{ engine: 'reference' }, { reference: true }, { engine: 'network-reference' }]) {
          const reference = composeSimulator({ network: net, ...config }, c);
          expect([reference.engine, reference.queue]).toEqual(['network-reference', undefined]);
          const slow = train(reference.simulator, seconds);
          expectIdentical(slow, train(new NetworkReferenceSimulator(net), seconds));
          // engine vs reference within timeTolerance; spikes within 1e-12 s are a tie whose order rounding
          // decides, where the trains may part
          const cmp = compareSpikeTrains(byHand, slow, 1e-12);
          expect(cmp.maxTimeError).toBeLessThan(timeTolerance(net));
          if (cmp.identicalPrefix < cmp.compared) expect(cmp.divergedAtTie).toBe(true);
          else expect(byHand.length).toBe(slow.length);
        }
      }),
      { numRuns: 25 },
    );
    expect(spikes).toBeGreaterThan(25 * 20); // the networks fire (kicks and tonic drives), not only sit below threshold
  });

  it('the composed simulators read exact voltages at a time limit, equal to the reference', () => {
    const c = container();
    let compared = 0;
    fc.assert(
      fc.property(cases, fc.double({ min: 0.001, max: 0.1, noNaN: true }), (k, at) => {
        const net = network(k);
        const fast = composeSimulator({ network: net }, c).simulator;
        const slow = composeSimulator({ network: net, reference: true }, c).simulator;
        const a = train(fast, at), b = train(slow, at);
        if (compareSpikeTrains(a, b, 1e-12).identicalPrefix < Math.max(a.length, b.length)) return; // parted at a tie: states differ
        expect(fast.timeSeconds).toBe(at);
        expect(slow.timeSeconds).toBe(at);
        const all = fast.voltages();
        for (let i = 0; i < net.size; i++) {
          expect(fast.voltage(i)).toBe(all[i]);
          // threshold units; the same rounding argument as the spike times: a few ulps per exact step, LIF contracts
          expect(Math.abs(fast.voltage(i) - slow.voltage(i))).toBeLessThan(1e-9);
        }
        compared++;
      }),
      { numRuns: 25 },
    );
    expect(compared).toBeGreaterThan(20); // ties that part the trains are rare
  });

  it('every plain-network engine declines a compiled network, and the network engines decline the plain network, with reasons', () => {
    const c = container();
    const net = network({ nE: 8, nI: 2, seed: 3, wE: 0.1, wI: -0.3, delay: 0.001, refractory: 0.001, driveE: 0.2, driveI: 0.1 });
    for (const name of ['exp-key', 'phase', 'time', 'wasm']) {
      expect(() => composeSimulator({ network: net, engine: name }, c)).toThrow(InvalidParameterError);
      expect(() => composeSimulator({ network: net, engine: name }, c)).toThrow(/it runs the plain network \(one model over a connectivity\), not compiled networks/);
    }
    for (const name of ['network', 'network-reference']) {
      expect(() => composeSimulator({ n: 50, k: 5, engine: name }, c)).toThrow(/it runs compiled networks \(populations, projections, inputs\) only/);
    }
    // the plain network still goes to its own engines
    expect(composeSimulator({ n: 50, k: 5 }, c).engine).toBe('wasm');
    expect(composeSimulator({ n: 50, k: 5, reference: true }, c).engine).toBe('reference');
    // without a queue, "auto" explains every engine's refusal
    const bare = registerPlugins(createContainer(), lif);
    expect(() => composeSimulator({ network: net }, bare)).toThrow(/network: no queue plugin is registered/);
    expect(() => composeSimulator({ network: net }, bare)).toThrow(/exp-key: it runs the plain network/);
    expect(composeSimulator({ network: net, reference: true }, bare).engine).toBe('network-reference'); // the reference needs no queue
  });

  it('refuses what a compiled network does not take, naming the key', () => {
    const c = container();
    const net = network({ nE: 4, nI: 1, seed: 1, wE: 0.1, wI: -0.2, delay: 0, refractory: 0, driveE: 0.1, driveI: 0.1 });
    expect(() => composeSimulator({ network: net, n: 10 } as never, c)).toThrow(/^n must be absent with a compiled network/);
    expect(() => composeSimulator({ network: net, model: 'qif' } as never, c)).toThrow(/^model must be absent with a compiled network/);
    expect(() => composeSimulator({ network: net, reference: 'yes' } as never, c)).toThrow(/^reference must be a boolean \(a string given\)/);
    expect(() => composeSimulator({ network: net, engine: 'reference', reference: true, queue: 'nope' }, c)).toThrow(UnknownPluginError);
    expect(() => composeSimulator({ network: net, engine: 'network', reference: true }, c)).toThrow(/^engine must be "auto" or "reference" together with reference: true/);
    expect(() => composeSimulator({ network: { size: 3 } } as never, c)).toThrow(/^network must be a CompiledNetwork/);
  });
});
