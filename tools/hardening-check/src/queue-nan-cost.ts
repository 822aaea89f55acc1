/**
 * What ranking NaN keys first costs the per-spike loop: each queue as
 * committed before that change (read from git) against the current one, in
 * the same process, interleaved, on the LIF reference network.
 *
 *   pnpm --filter @sparseprop/tool-hardening-check queue-nan-cost [--n 1e4,1e5] [--spikes 3e5] [--reps 5] [--before COMMIT]
 *
 * Prints CPU ns per spike (median of the reps) and the ratio current/before
 * for each queue and engine; a ratio of 1 means no cost.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { composeSimulator, createContainer, type EventQueue, type QueuePlugin, registerPlugins } from '@sparseprop/core';
import { calendarQueue } from '@sparseprop/queue-calendar';
import { registerLif } from '@sparseprop/model-lif';
import { pairingHeap } from '@sparseprop/queue-pairing';
import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1e4,1e5' },
    spikes: { type: 'string', default: '3e5' },
    reps: { type: 'string', default: '5' },
    before: { type: 'string', default: 'a0cef27~1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('queue-nan-cost [--n 1e4,1e5] [--spikes 3e5] [--reps 5] [--before COMMIT]: ns per spike of each queue before/after NaN ranking');
  process.exit(0);
}
const root = resolve(import.meta.dirname, '../../..');
const coreEntry = pathToFileURL(join(root, 'packages/core/src/plugin.ts')).href;

/** Load a queue class as committed at `commit`, its core import pointed at this checkout's core. */
async function loadBefore<T>(path: string, exportName: string): Promise<T> {
  const source = execFileSync('git', ['show', `${values.before}:${path}`], { cwd: root, encoding: 'utf8' }).replace(/from '@sparseprop\/core\/plugin'/g, `from '${coreEntry}'`);
  const file = join(mkdtempSync(join(tmpdir(), 'sp-queue-before-')), path.split('/').pop()!);
  writeFileSync(file, source);
  return ((await import(pathToFileURL(file).href)) as Record<string, T>)[exportName];
}

type QueueClass = new (n: number, ...rest: never[]) => EventQueue;
const OldHeap = await loadBefore<QueueClass>('packages/queue-heap/src/indexed-dary-heap.ts', 'IndexedDaryHeap');
const OldPairing = await loadBefore<QueueClass>('packages/queue-pairing/src/indexed-pairing-heap.ts', 'IndexedPairingHeap');
const OldCalendar = await loadBefore<QueueClass>('packages/queue-calendar/src/lazy-calendar-queue.ts', 'LazyCalendarQueue');

const before = (name: string, create: (n: number) => EventQueue): QueuePlugin => ({ kind: 'queue', name: `${name}-before`, description: `${name} before NaN ranking`, create });
const pairs: [QueuePlugin, QueuePlugin][] = [
  [thirtyTwoAryHeap, before('32-ary', (n) => new (OldHeap as unknown as new (n: number, arity: number) => EventQueue)(n, 32))],
  [pairingHeap, before('pairing', (n) => new OldPairing(n))],
  [calendarQueue, before('calendar', (n) => new OldCalendar(n))],
];
const container = registerPlugins(registerLif(createContainer()), ...pairs.flat());
const spikes = Number(values.spikes), reps = Number(values.reps);

function nsPerSpike(queue: string, n: number, options: object): number {
  const { simulator } = composeSimulator({ model: 'lif', n, k: 100, seed: 1, queue, engine: 'js', ...options } as never, container);
  simulator.run({ maxSpikes: Math.min(spikes, 20 * n) / 10 }); // warm-up (JIT, caches)
  const start = process.cpuUsage();
  simulator.run({ maxSpikes: spikes });
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / spikes;
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`spikes ${spikes}, reps ${reps}, before = ${values.before}, LIF reference network (K = 100), JS engines`);
console.log('| queue | engine | N | before ns/spike | current ns/spike | current/before |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const n of values.n.split(',').map(Number)) {
  for (const [current, old] of pairs) {
    for (const [label, options] of [['exp-key', { frame: 'phase' }], ['phase', { frame: 'phase', expKeys: false }], ['time', { frame: 'time' }]] as const) {
      const a: number[] = [], b: number[] = [];
      for (let r = 0; r < reps; r++) {
        // alternate the order so drift on a busy machine falls on both
        if (r % 2 === 0) {
          b.push(nsPerSpike(old.name, n, options));
          a.push(nsPerSpike(current.name, n, options));
        } else {
          a.push(nsPerSpike(current.name, n, options));
          b.push(nsPerSpike(old.name, n, options));
        }
      }
      const ratios = a.map((x, i) => x / b[i]);
      console.log(`| ${current.name} | ${label} | ${n} | ${median(b).toFixed(0)} | ${median(a).toFixed(0)} | ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`);
    }
  }
}
