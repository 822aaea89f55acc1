import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PopulationRange, SpikeData, SpikeFormat } from '@sparseprop/io';
import fc from 'fast-check';

/** Spikes and the network they come from, as a spike file would hold them. */
export interface SpikeFileCase {
  /** Number of neurons. */
  readonly neurons: number;
  /** Populations covering `[0, neurons)` (one `"all"` when not split). */
  readonly populations: readonly PopulationRange[];
  /** Whether the populations were given to the writer (else it writes one default population). */
  readonly named: boolean;
  /** Spike times, seconds, non-decreasing (ties included). */
  readonly times: readonly number[];
  /** Spiking neurons, in `[0, neurons)`. */
  readonly neuronIds: readonly number[];
  /** Run parameters stored with the spikes. */
  readonly params: Record<string, unknown>;
}

/** Ranges of {@link spikeFileCase}. */
export interface SpikeFileCaseRanges {
  /** Most spikes (default 300). */
  maxSpikes?: number;
  /** Largest N (default 2^31: neuron ids up to 2^31 − 1, the int32 limit of spike trains). */
  maxNeurons?: number;
}

/**
 * Random spike files: N from 1 to 2^31 (small and huge ids), 1–3 named
 * populations or none, 0–300 spikes with non-decreasing times (exact ties,
 * tiny and large gaps, times from 0 to ~1e6 s), parameters of every JSON kind.
 */
export function spikeFileCase(ranges: SpikeFileCaseRanges = {}): fc.Arbitrary<SpikeFileCase> {
  const maxSpikes = ranges.maxSpikes ?? 300;
  const maxNeurons = ranges.maxNeurons ?? 2 ** 31;
  const neurons = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: maxNeurons }), fc.constant(maxNeurons));
  return neurons.chain((n) => {
    const split = n >= 3 ? fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 2 }).map((cuts) => cuts.sort((a, b) => a - b)) : fc.constant([] as number[]);
    const gap = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-9, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }));
    return fc
      .record({
        cuts: split,
        named: fc.boolean(),
        start: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
        gaps: fc.array(gap, { maxLength: maxSpikes }),
        ids: fc.array(fc.oneof(fc.integer({ min: 0, max: n - 1 }), fc.constant(n - 1), fc.constant(0)), { minLength: maxSpikes, maxLength: maxSpikes }),
        params: fc.record({ model: fc.constantFrom('lif', 'qif', 'chebyshev:eif'), k: fc.integer({ min: 1, max: 1000 }), seed: fc.integer(), j0: fc.double({ noNaN: true, noDefaultInfinity: true }), reference: fc.boolean(), label: fc.string({ unit: 'grapheme' }) }),
      })
      .map(({ cuts, named, start, gaps, ids, params }) => {
        const bounds = [0, ...cuts, n];
        const populations = named && cuts.length > 0 ? bounds.slice(0, -1).map((first, i) => ({ name: ['E', 'I', 'X'][i], first, count: bounds[i + 1] - first })) : [{ name: 'all', first: 0, count: n }];
        const times: number[] = [];
        let t = start;
        for (const g of gaps) times.push((t += g));
        return { neurons: n, populations, named: named && cuts.length > 0, times, neuronIds: ids.slice(0, times.length), params };
      });
  });
}

/** How a format stores spike times. */
export interface SpikeFormatOptions {
  /**
   * Largest difference between a time written and read back, in units in
   * the last place of the time written (default 0: exact). A format that
   * stores milliseconds (SONATA) rounds twice (× 1000 on write, ÷ 1000 on
   * read), each within half an ulp of its result, so it needs 2.
   */
  readonly timeUlps?: number;
  /** Whether read-back returns the parameters written (default true). */
  readonly keepsParams?: boolean;
  /** Whether read-back knows N and the named populations (default true). */
  readonly keepsPopulations?: boolean;
}

/** One unit in the last place of `x` (the gap to the next double away from zero). */
function ulp(x: number): number {
  const a = Math.abs(x);
  if (a === 0) return Number.MIN_VALUE;
  const exponent = Math.floor(Math.log2(a));
  return 2 ** Math.max(exponent - 52, -1074) * (2 ** exponent > a ? 0.5 : 1);
}

/**
 * Write a case with `format` into `directory`, read it back, and return a
 * list of differences (empty when the file holds the same spikes). With one
 * population the order must be identical; with several, each population's
 * spikes must come back in order and the whole train ordered by time (a
 * per-population file does not keep the interleaving of equal times).
 */
export async function checkSpikeFormatRoundTrip(format: SpikeFormat, c: SpikeFileCase, directory: string, options: SpikeFormatOptions = {}): Promise<string[]> {
  const path = join(directory, `case${format.extensions[0]}`);
  const writer = await format.open({ path, cwd: directory }, { neurons: c.neurons, populations: c.named ? c.populations : undefined, params: c.params });
  for (let i = 0; i < c.times.length; i++) writer.write(c.times[i], c.neuronIds[i]);
  if (writer.count !== c.times.length) return [`count ${writer.count} after ${c.times.length} writes`];
  await writer.commit();
  const leftovers = readdirSync(directory).filter((name) => name !== `case${format.extensions[0]}`);
  const back = await format.read(path, directory);
  const problems: string[] = [];
  if (leftovers.length > 0) problems.push(`files left beside the output: ${leftovers.join(', ')}`);
  problems.push(...compareSpikeData(c, back, options));
  return problems;
}

/** Differences between a case and the data read back (see {@link checkSpikeFormatRoundTrip}). */
export function compareSpikeData(c: SpikeFileCase, back: SpikeData, options: SpikeFormatOptions = {}): string[] {
  const problems: string[] = [];
  const tolerance = options.timeUlps ?? 0;
  if (back.times.length !== c.times.length) return [`${back.times.length} spikes read, ${c.times.length} written`];
  if (back.neurons.length !== back.times.length) return [`${back.times.length} times but ${back.neurons.length} neurons`];
  const sameTime = (written: number, read: number) => (tolerance === 0 ? Object.is(written, read) || written === read : Math.abs(written - read) <= tolerance * ulp(written));
  if (!c.named || c.populations.length === 1) {
    for (let i = 0; i < c.times.length && problems.length < 5; i++) {
      if (back.neurons[i] !== c.neuronIds[i] || !sameTime(c.times[i], back.times[i])) {
        problems.push(`spike ${i}: wrote (${c.times[i]}, ${c.neuronIds[i]}), read (${back.times[i]}, ${back.neurons[i]})`);
      }
    }
  } else {
    for (const p of c.populations) {
      const inP = (j: number) => j >= p.first && j < p.first + p.count;
      const written = c.times.map((t, i) => [t, c.neuronIds[i]] as const).filter(([, j]) => inP(j));
      const read = Array.from(back.times, (t, i) => [t, back.neurons[i]] as const).filter(([, j]) => inP(j));
      if (written.length !== read.length) problems.push(`population ${p.name}: ${read.length} spikes read, ${written.length} written`);
      else {
        const bad = written.findIndex(([t, j], i) => read[i][1] !== j || !sameTime(t, read[i][0]));
        if (bad >= 0) problems.push(`population ${p.name}, spike ${bad}: wrote (${written[bad]}), read (${read[bad]})`);
      }
    }
    for (let i = 1; i < back.times.length; i++) {
      if (back.times[i] < back.times[i - 1]) {
        problems.push(`read-back not ordered by time at spike ${i}`);
        break;
      }
    }
  }
  if (options.keepsPopulations ?? true) {
    if (back.neuronCount !== c.neurons) problems.push(`N read back ${back.neuronCount}, written ${c.neurons}`);
    const expected = c.named ? c.populations : [{ name: 'all', first: 0, count: c.neurons }];
    if (JSON.stringify(back.populations.map(({ name, first, count }) => ({ name, first, count }))) !== JSON.stringify(expected)) {
      problems.push(`populations read back ${JSON.stringify(back.populations)}, written ${JSON.stringify(expected)}`);
    }
  }
  if ((options.keepsParams ?? true) && JSON.stringify(back.params) !== JSON.stringify(c.params)) {
    problems.push(`params read back ${JSON.stringify(back.params)}, written ${JSON.stringify(c.params)}`);
  }
  return problems;
}

/**
 * The exporter conformance property: any case written with `format` reads
 * back as the same spikes (see {@link checkSpikeFormatRoundTrip}). Run it with
 * `fc.assert(spikeFormatConformanceProperty(format), { numRuns })`.
 */
export function spikeFormatConformanceProperty(format: SpikeFormat, options: SpikeFormatOptions & SpikeFileCaseRanges = {}) {
  return fc.asyncProperty(spikeFileCase(options), async (c) => {
    const directory = mkdtempSync(join(tmpdir(), `sparseprop-${format.name}-`));
    try {
      const problems = await checkSpikeFormatRoundTrip(format, c, directory, options);
      if (problems.length > 0) throw new Error(`${format.name}: ${problems.join('; ')}`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
}

/**
 * An aborted write leaves the previous file byte for byte and no temporary
 * file; a write into a missing directory fails at open. Returns the
 * problems found (empty when the format behaves).
 */
export async function checkSpikeFormatAtomicity(format: SpikeFormat): Promise<string[]> {
  const directory = mkdtempSync(join(tmpdir(), `sparseprop-${format.name}-atomic-`));
  const problems: string[] = [];
  try {
    const path = join(directory, `old${format.extensions[0]}`);
    writeFileSync(path, 'previous contents\n');
    const writer = await format.open({ path }, { neurons: 10 });
    for (let i = 0; i < 1000; i++) writer.write(i * 1e-3, i % 10);
    writer.abort();
    if (readFileSync(path, 'utf8') !== 'previous contents\n') problems.push('abort changed the previous file');
    const left = readdirSync(directory).filter((name) => name !== `old${format.extensions[0]}`);
    if (left.length > 0) problems.push(`abort left ${left.join(', ')}`);
    try {
      await format.open({ path: join(directory, 'missing', `x${format.extensions[0]}`) }, { neurons: 1 });
      problems.push('open in a missing directory did not fail');
    } catch (error) {
      if (!/missing/.test(String((error as Error).message))) problems.push(`open in a missing directory failed without naming it: ${(error as Error).message}`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return problems;
}
