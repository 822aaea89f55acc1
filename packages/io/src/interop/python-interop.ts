/**
 * Cross-check of the spike files against independent readers and writers:
 * NumPy (`np.load`) and h5py, run by `/usr/bin/python3`. Not part of the
 * default test suite (python3 with numpy and h5py is not guaranteed on every
 * machine): run it with `pnpm test:interop` after
 * `apt-get install -y python3-numpy python3-h5py`.
 *
 * 1. We write 100k spikes of an E/I network (and an empty train) as .npz and
 *    .h5; Python reads them and checks every value exactly against the raw
 *    arrays (for HDF5: timestamps equal `times * 1000` computed in Python,
 *    node_ids equal the global ids minus the population's first neuron).
 * 2. Python writes a compressed .npz (np.savez_compressed, int64 neurons) and
 *    a SONATA file with h5py (uint64 node_ids, enum `sorting` attribute, as
 *    libsonata expects); our readers read them and we compare.
 * Ends with "N passed, N failed"; exit status 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNumpyArrays } from '../npy-file.js';
import { openSpikeWriter, readSpikeFile } from '../registry.js';
import type { PopulationRange } from '../spike-format.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'sparseprop-interop-'));
let passed = 0, failed = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

function python(script: string, args: string[]): { ok: boolean; out: string } {
  const result = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8' });
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}`.trim() };
}

try {
  const probe = python('import numpy, h5py; print(numpy.__version__, h5py.__version__)', []);
  if (!probe.ok) {
    console.log(`python3 with numpy and h5py is needed (${PYTHON}): ${probe.out}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`numpy, h5py: ${probe.out}`);

  // 100k spikes of an 8000 + 2000 neuron E/I network: Poisson-like times, ties included
  const populations: PopulationRange[] = [{ name: 'E', first: 0, count: 8000 }, { name: 'I', first: 8000, count: 2000 }];
  let state = 7; // mulberry32: a small seeded generator, so the check is the same every run
  const rng = {
    nextDouble(): number {
      state = (state + 0x6d2b79f5) | 0;
      let x = Math.imul(state ^ (state >>> 15), 1 | state);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    },
  };
  const n = 100_000;
  const times = new Float64Array(n), neurons = new Int32Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    if (i % 50 !== 0) t += -Math.log(1 - rng.nextDouble()) * 1e-5; // every 50th spike ties with the one before
    times[i] = t;
    neurons[i] = Math.floor(rng.nextDouble() * 10_000);
  }
  writeFileSync(join(dir, 'times.f64'), new Uint8Array(times.buffer));
  writeFileSync(join(dir, 'neurons.i32'), new Uint8Array(neurons.buffer));
  const params = { model: 'lif', n: 10_000, k: 100, seed: 7, label: 'interop µ' };
  for (const [file, spikes] of [['ei.npz', n], ['ei.h5', n], ['empty.npz', 0], ['empty.h5', 0]] as const) {
    const writer = await openSpikeWriter({ path: join(dir, file) }, { neurons: 10_000, populations, params });
    for (let i = 0; i < spikes; i++) writer.write(times[i], neurons[i]);
    await writer.commit();
  }

  writeNumpyArrays(join(dir, 'arrays.npz'), dir, { phases: times, ids: neurons });
  const readOurs = `
import sys, json, numpy as np, h5py
d = sys.argv[1]
times = np.fromfile(d + '/times.f64', dtype='<f8'); neurons = np.fromfile(d + '/neurons.i32', dtype='<i4')
z = np.load(d + '/ei.npz')
assert z['times'].dtype == np.float64 and z['neurons'].dtype == np.int32, (z['times'].dtype, z['neurons'].dtype)
assert np.array_equal(z['times'], times) and np.array_equal(z['neurons'], neurons), 'npz arrays differ'
p = json.loads(str(z['params']))
assert p['label'] == 'interop µ' and p['neurons'] == 10000 and p['populations'][1] == {'name': 'I', 'first': 8000, 'count': 2000}, p
e = np.load(d + '/empty.npz'); assert e['times'].shape == (0,) and e['neurons'].shape == (0,)
f = h5py.File(d + '/ei.h5', 'r')
assert f.attrs['magic'] == 0x0A7A and list(f.attrs['version']) == [0, 1]
for name, first, count in [('E', 0, 8000), ('I', 8000, 2000)]:
    g = f['spikes'][name]
    mask = (neurons >= first) & (neurons < first + count)
    assert g.attrs['sorting'] == 'by_time' and g['timestamps'].attrs['units'] == 'ms'
    assert g['node_ids'].dtype == np.uint64 and g['timestamps'].dtype == np.float64
    assert np.array_equal(g['timestamps'][:], times[mask] * 1000), name + ' timestamps differ'
    assert np.array_equal(g['node_ids'][:], (neurons[mask] - first).astype(np.uint64)), name + ' node_ids differ'
    assert g['timestamps'].chunks is not None
g = h5py.File(d + '/empty.h5', 'r')['spikes']
assert g['E']['timestamps'].shape == (0,) and g['I']['node_ids'].shape == (0,)
a = np.load(d + '/arrays.npz'); assert np.array_equal(a['phases'], times) and np.array_equal(a['ids'], neurons) and a['ids'].dtype == np.int32
print('numpy and h5py read', len(times), 'spikes exactly')
`;
  const ours = python(readOurs, [dir]);
  check('NumPy and h5py read our .npz and .h5 (100k spikes, E/I, and empty trains)', ours.ok, ours.out);

  const writeTheirs = `
import sys, numpy as np, h5py
d = sys.argv[1]
times = np.fromfile(d + '/times.f64', dtype='<f8'); neurons = np.fromfile(d + '/neurons.i32', dtype='<i4')
np.savez_compressed(d + '/theirs.npz', times=times, neurons=neurons.astype(np.int64))
with h5py.File(d + '/theirs.h5', 'w') as f:
    f.attrs['magic'] = np.uint32(0x0A7A); f.attrs['version'] = np.array([0, 1], dtype=np.uint32)
    sorting = h5py.enum_dtype({'none': 0, 'by_id': 1, 'by_time': 2}, basetype='u1')
    for name, first, count in [('E', 0, 8000), ('I', 8000, 2000)]:
        mask = (neurons >= first) & (neurons < first + count)
        g = f.create_group('spikes/' + name)
        g.attrs.create('sorting', 2, dtype=sorting)
        g.create_dataset('timestamps', data=times[mask] * 1000).attrs['units'] = 'ms'
        g.create_dataset('node_ids', data=(neurons[mask] - first).astype(np.uint64))
print('written')
`;
  const theirs = python(writeTheirs, [dir]);
  check('NumPy and h5py write reference files', theirs.ok, theirs.out);
  if (theirs.ok) {
    const npz = await readSpikeFile(join(dir, 'theirs.npz'));
    check('our reader reads np.savez_compressed (int64 neurons)', npz.times.every((v, i) => v === times[i]) && npz.neurons.every((v, i) => v === neurons[i]) && npz.times.length === n);
    const h5 = await readSpikeFile(join(dir, 'theirs.h5'));
    // merged by time with ties in population order; compare per population, times within 2 ulps (ms -> s)
    let ok = h5.times.length === n;
    for (const p of populations) {
      const want = [...times.keys()].filter((i) => neurons[i] >= p.first && neurons[i] < p.first + p.count);
      const got = [...h5.times.keys()].filter((i) => h5.neurons[i] >= p.first && h5.neurons[i] < p.first + p.count);
      ok &&= want.length === got.length && want.every((w, k) => h5.neurons[got[k]] === neurons[w] && Math.abs(h5.times[got[k]] - times[w]) <= 2 * Number.EPSILON * times[w]);
    }
    check('our reader reads an h5py SONATA file (enum sorting, two populations)', ok, h5.populations.map((p) => `${p.name}[${p.first}, +${p.count})`).join(' '));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
