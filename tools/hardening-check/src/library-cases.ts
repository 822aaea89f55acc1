/**
 * The library cases of issue 14 against one checkout: `tsx library-cases.ts ROOT dist|src`
 * imports the packages of ROOT (their built `dist/` or their `src/`) and
 * prints one JSON line per case: { id, outcome, detail }, where outcome is
 * "typed" (a SparsePropError subclass), "untyped" (any other throw), or
 * "accepted" (no error), and detail the error's name and message or what ran.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, flavour] = process.argv.slice(2);
if (!root || (flavour !== 'dist' && flavour !== 'src')) {
  console.error('usage: library-cases.ts ROOT dist|src');
  process.exit(2);
}
const load = async (pkg: string) => (await import(pathToFileURL(join(root, 'packages', pkg, flavour === 'dist' ? 'dist/index.js' : 'src/index.ts')).href)) as Record<string, any>;
const core = await load('core');
const lif = await load('model-lif');
// the heaps were packages/queue-binary before the rename to queue-heap
const heap = await load('queue-heap').catch(() => load('queue-binary'));
const training = await load('training');
const container = () => heap.registerHeapQueues(lif.registerLif(core.createContainer()));
const small = { model: 'lif', n: 20, k: 3, seed: 1 };
const simulator = () => core.composeSimulator(small, container()).simulator;

interface Result {
  id: string;
  outcome: 'typed' | 'untyped' | 'accepted';
  detail: string;
}

function attempt(id: string, call: () => unknown): Result {
  try {
    const value = call();
    return { id, outcome: 'accepted', detail: typeof value === 'string' ? value : 'returned without error' };
  } catch (error) {
    const e = error as Error;
    return { id, outcome: e instanceof core.SparsePropError ? 'typed' : 'untyped', detail: `${e.name}: ${e.message}`.slice(0, 140) };
  }
}

const results: Result[] = [
  attempt('composeSimulator(undefined)', () => core.composeSimulator(undefined, container())),
  attempt('composeSimulator(5)', () => core.composeSimulator(5, container()).simulator.run({ maxSpikes: 3 }).spikes + ' spikes run'),
  attempt("composeSimulator('lif')", () => core.composeSimulator('lif', container()).simulator.run({ maxSpikes: 3 }).spikes + ' spikes run'),
  attempt('composeSimulator([])', () => core.composeSimulator([], container()).simulator.run({ maxSpikes: 3 }).spikes + ' spikes run'),
  attempt("composeSimulator({ reference: 'yes' })", () => core.composeSimulator({ ...small, reference: 'yes' }, container()).engine),
  attempt('run(undefined)', () => simulator().run(undefined)),
  attempt('run({ onSpike: 5 })', () => simulator().run({ maxSpikes: 3, onSpike: 5 })),
  attempt("run({ maxTimeSeconds: '1' })", () => simulator().run({ maxTimeSeconds: '1' }).spikes + ' spikes run'),
  attempt('run({ maxTimeSeconds }) before the current time', () => {
    const sim = simulator();
    sim.run({ maxSpikes: 50 });
    const t = sim.timeSeconds;
    sim.run({ maxTimeSeconds: t / 2 });
    return sim.timeSeconds < t ? `clock moved back from ${t} to ${sim.timeSeconds} s` : 'clock kept';
  }),
  attempt('SparseConnectivity.fromCsv(undefined)', () => core.SparseConnectivity.fromCsv(undefined)),
  attempt('registerPlugins(null)', () => core.registerPlugins(null)),
  attempt('spikeTimeGradients with NaN in dLossDTimes', () => {
    const composed = core.composeSimulator(small, container());
    const initialPhases = composed.initialPhases.slice();
    const train = new core.SpikeTrain(10);
    composed.simulator.run({ maxSpikes: 10, record: train });
    const dL = new Float64Array(10).fill(1);
    dL[3] = Number.NaN;
    const g = training.spikeTimeGradients({ model: composed.model, connectivity: composed.connectivity, initialPhases, tau: 0.01 }, train, dL);
    // every number and typed array the result holds
    const nan = Object.entries(g as Record<string, unknown>).filter(([, v]) => (typeof v === 'number' ? Number.isNaN(v) : ArrayBuffer.isView(v) && Array.from(v as Float64Array).some(Number.isNaN)));
    return nan.length > 0 ? `NaN in ${nan.map(([k]) => k).join(', ')}` : 'no NaN in the result';
  }),
];
for (const r of results) console.log(JSON.stringify(r));
