import { describe, expect, it } from 'vitest';
import { checkSettings, parseConfigJson, parseForm, simulationConfig } from './settings.js';

describe('parseForm', () => {
  it('reads numbers (empty = default) and reports text that is not a finite number at its field', () => {
    const { settings, errors } = parseForm({ n: ' 1e4 ', k: '', seed: '7', eta: 'abc', model: 'qif', queue: '', tau: 'Infinity' }, { vReset: '-2', other: 'x' });
    expect(settings).toEqual({ n: 10_000, seed: 7, model: 'qif', modelParams: { vReset: -2 } });
    expect(errors.map((e) => e.field)).toEqual(['tau', 'eta', 'modelParams.other']);
    expect(errors[1].message).toBe('expects a finite number, got "abc"');
  });
});

describe('checkSettings', () => {
  it('accepts the reference network and a small one', () => {
    expect(checkSettings({})).toEqual([]);
    expect(checkSettings({ n: 1000, k: 10, spikes: 5 })).toEqual([]);
  });

  it('names the field of each library error', () => {
    expect(checkSettings({ n: 10, k: 10 })).toEqual([{ field: 'k', message: 'k must be an integer in [1, n-1 = 9], got 10' }]);
    expect(checkSettings({ n: 1.5 })[0].field).toBe('n');
    expect(checkSettings({ tau: 0 })[0].field).toBe('tau');
    expect(checkSettings({ eta: 1 })[0].field).toBe('eta');
    expect(checkSettings({ seed: -1 })[0].field).toBe('seed');
    expect(checkSettings({ spikes: 0 })[0]).toEqual({ field: 'spikes', message: 'must be an integer ≥ 1, got 0' });
    expect(checkSettings({ duration: -1 })[0].field).toBe('duration');
    expect(checkSettings({ spikes: 10, duration: 1 })[0].field).toBe('duration');
  });

  it('refuses a network larger than a page can hold, before allocating', () => {
    const [error] = checkSettings({ n: 1e8 });
    expect(error.field).toBe('n');
    expect(error.message).toMatch(/GiB/);
  });

  it('takes N from a loaded edge file when the field is empty', () => {
    expect(checkSettings({ k: 5 }, 4)[0].field).toBe('k'); // k must be ≤ n-1 = 3
    expect(checkSettings({ k: 3 }, 4)).toEqual([]);
  });
});

describe('parseConfigJson', () => {
  it('reads the sparseprop run keys a page can use', () => {
    const parsed = parseConfigJson('{"n": 1000, "k": 10, "model": "qif", "modelParams": {"a": 1}, "spikes": 100, "out": "x.csv"}', 'c.json');
    expect(parsed.errors).toEqual([]);
    expect(parsed.settings).toEqual({ n: 1000, k: 10, model: 'qif', modelParams: { a: 1 }, spikes: 100 });
    expect(parsed.notes).toEqual(['"out" ignored: use Download CSV']);
    expect(simulationConfig(parsed.settings)).toMatchObject({ n: 1000, k: 10, model: 'qif', modelParams: { a: 1 } });
  });

  it('names the file and key of every mistake', () => {
    expect(parseConfigJson('{', 'c.json').errors[0]).toMatch(/^c\.json:1: not valid JSON/);
    expect(parseConfigJson('[1]', 'c.json').errors).toEqual(['c.json: expected a JSON object of settings']);
    expect(parseConfigJson('{"n": "10"}', 'c.json').errors).toEqual(['c.json: "n" must be a JSON number, got "10"']);
    expect(parseConfigJson('{"nn": 1}', 'c.json').errors[0]).toMatch(/^c\.json: unknown config key "nn"/);
    expect(parseConfigJson('{"init": "p.csv"}', 'c.json').errors[0]).toMatch(/"init"/);
    expect(parseConfigJson('{"spikes": 1, "duration": 2}', 'c.json').errors[0]).toMatch(/cannot be combined/);
    expect(parseConfigJson('{"modelParams": {"a": "1"}}', 'c.json').errors[0]).toMatch(/modelParams/);
    expect(parseConfigJson('{"network": "e.csv"}', 'c.json').notes[0]).toMatch(/Load edge CSV/);
  });
});

describe('config files as sparseprop run reads them', () => {
  it('refuses a duplicate key at its line and accepts a byte-order mark', () => {
    expect(parseConfigJson('{"n": 10,\n"n": 20}', 'c.json').errors).toEqual(['c.json:2: duplicate key "n" (JSON objects must not repeat a key)']);
    expect(parseConfigJson('\uFEFF{"n": 10}', 'c.json').errors).toEqual([]);
  });
});
