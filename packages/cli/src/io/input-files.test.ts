import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputFormatError, InsufficientMemoryError, SparseConnectivity } from '@sparseprop/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CliFileError } from '../cli-errors.js';
import { readConfigFile } from './config-file.js';
import { formatInitialPhases, parseInitialPhases, readInitialPhasesFile, requirePhaseCount } from './initial-phases-file.js';
import { formatNetworkCsv, readNetworkFile, sampleLineLength } from './network-file.js';
import { readInputText } from './read-input-file.js';
import { SPIKE_CSV_HEADER, openSpikeCsv, parseSpikeCsv } from './spike-csv-writer.js';
import { estimateEdgeListBytes, memoryBudget, requireMemory } from '../run/memory-budget.js';
import { tempDir } from '../temp-dir.test-support.js';

const dir = tempDir('io');
afterAll(dir.cleanup);

/** Random explicit networks: distinct (pre, post) pairs without autapses, any finite weights. */
const arbitraryNetwork = fc.integer({ min: 2, max: 40 }).chain((n) =>
  fc
    .uniqueArray(
      fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })).filter(([p, q]) => p !== q),
      { selector: ([p, q]) => p * n + q, maxLength: 120 },
    )
    .chain((pairs) => fc.tuple(fc.constant(n), fc.constant(pairs), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: pairs.length, maxLength: pairs.length }))),
);

describe('--network files', () => {
  it('round-trip every network exactly through CSV (property)', () => {
    const file = join(dir.path, 'net.csv');
    fc.assert(
      fc.property(arbitraryNetwork, ([n, pairs, weights]) => {
        const original = SparseConnectivity.fromEdges(n, pairs.map((p) => p[0]), pairs.map((p) => p[1]), weights);
        writeFileSync(file, formatNetworkCsv(original));
        const back = readNetworkFile(file, dir.path, n);
        expect(back.size).toBe(n);
        expect(Array.from(back.rowStart)).toEqual(Array.from(original.rowStart));
        expect(Array.from(back.post)).toEqual(Array.from(original.post));
        expect(Array.from(back.weight)).toEqual(Array.from(original.weight));
      }),
      { numRuns: 100 },
    );
  });

  it('infer N from the largest index when not given', () => {
    const file = join(dir.path, 'small.csv');
    writeFileSync(file, 'pre,post,weight\n0,4,-0.5\n\n2,1,-0.25\n');
    expect(readNetworkFile(file, dir.path, undefined).size).toBe(5);
    expect(readNetworkFile(file, dir.path, 9).size).toBe(9);
  });

  it('report malformed lines with file and line number', () => {
    const file = join(dir.path, 'bad.csv');
    writeFileSync(file, 'pre,post,weight\n0,1,-0.1\n1,x,-0.1\n');
    expect(() => readNetworkFile(file, dir.path, undefined)).toThrow(InputFormatError);
    expect(() => readNetworkFile(file, dir.path, undefined)).toThrow(`${file}:3: post is not a neuron index`);
    writeFileSync(file, 'from,to\n');
    expect(() => readNetworkFile(file, dir.path, undefined)).toThrow(`${file}:1: expected header "pre,post,weight"`);
  });

  it('samples the mean line length of a file head', () => {
    const file = join(dir.path, 'lines.csv');
    writeFileSync(file, 'pre,post,weight\n0,1,-0.1\n');
    expect(sampleLineLength(file, dir.path)).toBeCloseTo(25 / 2);
    expect(sampleLineLength(join(dir.path, 'missing.csv'), dir.path)).toBeUndefined();
  });
});

describe('--init files', () => {
  it('round-trip any finite phases exactly, blank lines ignored (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 50 }), fc.nat(5), (phases, blanks) => {
        const text = '\n'.repeat(blanks) + formatInitialPhases(phases).replace(/\n/g, '\n  \r\n') + '\n';
        const parsed = parseInitialPhases(text, 'p.txt');
        expect(Array.from(parsed.phases)).toEqual(phases.map((p) => (Object.is(p, -0) ? -0 : p)));
        // each phase remembers its line: 1-based, after the leading blank lines, every other line
        expect(Array.from(parsed.lines)).toEqual(phases.map((_, i) => blanks + 1 + 2 * i));
      }),
      { numRuns: 100 },
    );
  });

  it('name the file and line of a value that is not a finite number', () => {
    expect(() => parseInitialPhases('0.1\n\n0.2\nabc\n', 'p.txt')).toThrow(new InputFormatError('p.txt', 4, 'expected one finite decimal phase per line, got "abc"'));
    expect(() => parseInitialPhases('0.1\nInfinity\n', 'p.txt')).toThrow(/^p\.txt:2:/);
    expect(() => parseInitialPhases('0.1 0.2\n', 'p.txt')).toThrow(/^p\.txt:1:/);
  });

  it('require one phase per neuron', () => {
    const init = parseInitialPhases('0.1\n0.2\n\n0.3\n', 'p.txt');
    expect(() => requirePhaseCount(init, 3)).not.toThrow();
    expect(() => requirePhaseCount(init, 4)).toThrow('p.txt:4: expected 4 phases (one per neuron), found 3');
    expect(() => requirePhaseCount(init, 2)).toThrow('p.txt:4: expected 2 phases (one per neuron), found 3');
  });

  it('read from disk, with a clear error for a missing file', () => {
    const file = join(dir.path, 'phases.txt');
    writeFileSync(file, '0.5\n-1\n');
    expect(Array.from(readInitialPhasesFile('phases.txt', dir.path).phases)).toEqual([0.5, -1]);
    expect(() => readInitialPhasesFile('nope.txt', dir.path)).toThrow(new CliFileError('nope.txt', 'read the --init file', 'no such file or directory'));
    expect(() => readInputText('.', dir.path, '--init file')).toThrow(/cannot read the --init file \.: is a directory/);
  });
});

describe('config files on disk', () => {
  it('resolve their file paths against the config file directory', () => {
    const file = join(dir.path, 'net.json');
    writeFileSync(file, JSON.stringify({ n: 10, network: 'edges.csv', out: '/abs/spikes.csv' }));
    expect(readConfigFile('net.json', dir.path)).toEqual({ n: 10, network: join(dir.path, 'edges.csv'), out: '/abs/spikes.csv' });
  });
});

describe('openSpikeCsv (io SpikeCsvWriter over the CLI output file)', () => {
  it('writes the header and every spike with full precision, only on commit', () => {
    const writer = openSpikeCsv('spikes.csv', dir.path);
    const spikes = Array.from({ length: 30_000 }, (_, s) => [s * 0.1234567890123 + 1e-17 * s, (s * 7919) % 1000] as const);
    for (const [t, j] of spikes) writer.write(t, j);
    expect(existsSync(join(dir.path, 'spikes.csv'))).toBe(false); // nothing at the target before commit
    writer.commit();
    expect(writer.count).toBe(spikes.length);
    const text = readFileSync(join(dir.path, 'spikes.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(SPIKE_CSV_HEADER);
    const back = parseSpikeCsv(text);
    expect(back.times).toEqual(spikes.map((s) => s[0]));
    expect(back.neurons).toEqual(spikes.map((s) => s[1]));
    expect(dir.files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves neither target nor temporary file behind on abort, and keeps an older target', () => {
    writeFileSync(join(dir.path, 'keep.csv'), 'old');
    const writer = openSpikeCsv('keep.csv', dir.path);
    writer.write(1, 2);
    writer.abort();
    writer.abort();
    expect(readFileSync(join(dir.path, 'keep.csv'), 'utf8')).toBe('old');
    expect(dir.files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails before the run when the target directory does not exist', () => {
    expect(() => openSpikeCsv('no/such/dir/s.csv', dir.path)).toThrow(/^cannot write the --out file no\/such\/dir\/s\.csv: directory no\/such\/dir does not exist$/);
  });
});

describe('memory budget', () => {
  const gib = 2 ** 30;
  it('allows 80% of the free memory on Linux, capped by a container limit', () => {
    expect(memoryBudget({ totalBytes: 16 * gib, freeBytes: 10 * gib, freeIsAccurate: true })).toBe(Math.floor(8 * gib));
    expect(memoryBudget({ totalBytes: 16 * gib, freeBytes: 10 * gib, constrainedBytes: 5 * gib, freeIsAccurate: true })).toBe(4 * gib);
    // elsewhere free memory understates: at least half the physical memory counts
    expect(memoryBudget({ totalBytes: 16 * gib, freeBytes: 1 * gib, freeIsAccurate: false })).toBe(Math.floor(0.8 * 8 * gib));
  });

  it('refuses what does not fit with InsufficientMemoryError', () => {
    const probe = { totalBytes: 4 * gib, freeBytes: 2 * gib, freeIsAccurate: true };
    expect(() => requireMemory(1 * gib, probe)).not.toThrow();
    expect(() => requireMemory(3 * gib, probe)).toThrow(InsufficientMemoryError);
    expect(() => requireMemory(3 * gib, probe)).toThrow('network needs about 3.00 GiB but only 1.60 GiB are available');
  });

  it('estimates edge-list parsing above the file size', () => {
    expect(estimateEdgeListBytes(1e6, 20)).toBeGreaterThan(2e6);
  });
});
