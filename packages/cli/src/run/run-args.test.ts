import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-errors.js';
import { runUsage } from '../help.js';
import { mergeRunConfig } from './merge-config.js';
import { parseModelParams, parseNumberFlag, parseRunArgs } from './run-args.js';
import { CONFIG_FIELDS, type RunConfig, checkRunConfig, parseRunConfigJson } from './run-config.js';
import { DEFAULT_SPIKES, resolveStopCondition } from './stop-condition.js';

/** Arbitrary configs: any subset of the keys with values of the right JSON type. */
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const word = fc.stringMatching(/^[a-z][a-z0-9:._-]{0,12}$/);
const arbitraryConfig: fc.Arbitrary<RunConfig> = fc.record(
  {
    n: fc.integer({ min: -5, max: 1e9 }),
    k: fc.integer({ min: 0, max: 1000 }),
    j0: finite,
    rate: finite,
    tau: finite,
    seed: fc.integer({ min: 0, max: 2 ** 40 }),
    iext: finite,
    eta: finite,
    model: word,
    queue: word,
    frame: fc.constantFrom('phase' as const, 'time' as const, 'auto' as const),
    spikes: fc.integer({ min: 0, max: 1e9 }),
    network: word,
    init: word,
    out: word,
    reference: fc.boolean(),
    modelParams: fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,8}$/), finite, { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

/** The flags that say what `config` says. */
function toFlags(config: RunConfig): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'modelParams') for (const [name, v] of Object.entries(value as Record<string, number>)) argv.push('--param', `${name}=${v}`);
    else if (typeof value === 'boolean') {
      if (value) argv.push(`--${key}`);
    } else argv.push(`--${key}`, String(value));
  }
  return argv;
}

describe('parseRunArgs', () => {
  it('says with flags exactly what a JSON config with the same keys says (property)', () => {
    fc.assert(
      fc.property(arbitraryConfig, (config) => {
        const fromFile = parseRunConfigJson(JSON.stringify(config), 'net.json');
        const fromFlags = parseRunArgs(toFlags(config)).flags;
        if (fromFile.reference === false) delete fromFile.reference; // a switch cannot say "false"
        if (fromFile.modelParams !== undefined && Object.keys(fromFile.modelParams).length === 0) delete fromFile.modelParams;
        // -0 becomes "0" on the command line
        const normalize = (c: RunConfig) => JSON.parse(JSON.stringify(c)) as RunConfig;
        expect(normalize(fromFlags)).toEqual(normalize(fromFile));
      }),
      { numRuns: 300 },
    );
  });

  it('has a flag for every config key and every flag is documented', () => {
    const keys = CONFIG_FIELDS.map((f) => f.key).sort();
    expect(keys).toEqual([
      'checkpoint', 'checkpoint-every', 'delay', 'duration', 'engine', 'epsilon', 'eta', 'frame', 'g', 'iext', 'init', 'init-voltage', 'input-events',
      'j0', 'k', 'model', 'n', 'network', 'out', 'plot', 'preset', 'queue', 'rate', 'rate-bin', 'rates', 'record', 'record-neurons', 'reference', 'refractory', 'resume',
      'sample-every', 'sample-times', 'seed', 'spikes', 'tau', 'voltage-neurons', 'voltages',
    ]);
    const usage = runUsage();
    for (const key of [...keys, 'config', 'param', 'json', 'quiet', 'help']) expect(usage).toContain(`--${key}`);
  });

  it('takes negative numbers as values, with or without "="', () => {
    expect(parseRunArgs(['--eta', '-0.4', '--iext=-0.5']).flags).toEqual({ eta: -0.4, iext: -0.5 });
    expect(parseRunArgs(['--param', 'vReset=-2']).flags.modelParams).toEqual({ vReset: -2 });
  });

  it('reads the switches and the config path', () => {
    const args = parseRunArgs(['--config', 'net.json', '--json', '-q', '--reference']);
    expect(args).toEqual({ configPath: 'net.json', flags: { reference: true }, json: true, quiet: true, help: false });
    expect(parseRunArgs(['--help']).help).toBe(true);
  });

  it('refuses a --param name given twice (repeated flags are mistakes, not overrides)', () => {
    expect(parseModelParams(['a=1', 'b=2e3'])).toEqual({ a: 1, b: 2000 });
    expect(() => parseModelParams(['a=1', 'b=2e3', 'a=-3'])).toThrow('--param a given twice: give each parameter once');
  });

  it.each([
    [['--foo'], /^unknown flag --foo/],
    [['extra'], /^unexpected argument "extra"/],
    [['--n'], /^--n needs a value/],
    [['--reference=yes'], /^--reference is a switch/],
    [['--n', 'ten'], /^--n expects a finite decimal number, got "ten"/],
    [['--tau', 'NaN'], /^--tau expects a finite decimal number/],
    [['--iext', 'Infinity'], /^--iext expects a finite decimal number/],
    [['--seed', ''], /^--seed expects a finite decimal number/],
    [['--frame', 'diagonal'], /^--frame must be one of phase, time, auto/],
    [['--param', 'novalue'], /^--param expects name=value/],
    [['--param', '=3'], /^--param expects name=value/],
    [['--param', 'a=b'], /^--param a expects a finite decimal number/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(CliUsageError);
    expect(() => parseRunArgs(argv)).toThrow(message);
  });

  it('parses numbers strictly', () => {
    expect(parseNumberFlag('--n', ' 1e5 ')).toBe(100000);
    expect(() => parseNumberFlag('--n', '1e5x')).toThrow(/--n expects a finite decimal number/);
  });
});

describe('config files', () => {
  it('rejects unknown keys, wrong types, non-objects and bad JSON, naming the file', () => {
    expect(() => parseRunConfigJson('{"n": 10, "neurons": 3}', 'net.json')).toThrow(/^net\.json: unknown config key "neurons"/);
    expect(() => parseRunConfigJson('{"n": "10"}', 'net.json')).toThrow(/^net\.json: "n" must be a JSON number, got string "10"/);
    expect(() => parseRunConfigJson('{"reference": 1}', 'net.json')).toThrow(/"reference" must be a JSON boolean/);
    expect(() => parseRunConfigJson('{"modelParams": {"a": "1"}}', 'net.json')).toThrow(/"modelParams\.a" must be a JSON number/);
    expect(() => parseRunConfigJson('{"modelParams": [1]}', 'net.json')).toThrow(/"modelParams" must be an object/);
    expect(() => parseRunConfigJson('[1, 2]', 'net.json')).toThrow(/expected a JSON object of settings, got an array/);
    expect(() => parseRunConfigJson('{"n": 1,}', 'net.json')).toThrow(/^net\.json:1: not valid JSON/);
    expect(() => parseRunConfigJson('{"frame": "diagonal"}', 'net.json')).toThrow(/"frame" must be one of phase, time, auto/);
  });

  it('keeps every known key', () => {
    const config = { n: 10, k: 2, j0: 1, rate: 2, tau: 0.02, seed: 4, iext: 0.3, eta: 0.1, model: 'qif', queue: 'pairing', frame: 'time', duration: 1, network: 'e.csv', init: 'p.txt', out: 's.csv', reference: true, modelParams: { a: 1 } };
    expect(checkRunConfig(config, 'x')).toEqual(config);
  });
});

describe('mergeRunConfig', () => {
  it('overrides the file key by key with the flags, and model parameters one by one (property)', () => {
    const noLimits = arbitraryConfig.map(({ spikes: _s, ...rest }) => rest as RunConfig);
    fc.assert(
      fc.property(noLimits, noLimits, (file, flags) => {
        const merged = mergeRunConfig(file, flags);
        for (const field of CONFIG_FIELDS) expect(merged[field.key]).toEqual(flags[field.key] ?? file[field.key]);
        if (file.modelParams || flags.modelParams) expect(merged.modelParams).toEqual({ ...file.modelParams, ...flags.modelParams });
        else expect(merged.modelParams).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('replaces the file stop condition by the flag one', () => {
    expect(mergeRunConfig({ spikes: 10 }, { duration: 2 })).toEqual({ duration: 2 });
    expect(mergeRunConfig({ duration: 2 }, { spikes: 10 })).toEqual({ spikes: 10 });
    expect(mergeRunConfig({ duration: 2 }, { n: 5 })).toEqual({ duration: 2, n: 5 });
  });

  it('rejects both stop conditions in one place', () => {
    expect(() => mergeRunConfig({}, { spikes: 1, duration: 1 })).toThrow(/^--spikes and --duration cannot be combined/);
    expect(() => mergeRunConfig({ spikes: 1, duration: 1 }, {})).toThrow(/config keys "spikes" and "duration" cannot be combined/);
  });
});

describe('resolveStopCondition', () => {
  it('defaults to 1e5 spikes and validates the limits', () => {
    expect(resolveStopCondition({})).toEqual({ kind: 'spikes', spikes: DEFAULT_SPIKES });
    expect(DEFAULT_SPIKES).toBe(1e5);
    expect(resolveStopCondition({ duration: 0.5 })).toEqual({ kind: 'duration', seconds: 0.5 });
    expect(() => resolveStopCondition({ spikes: -1 })).toThrow(/spikes must be an integer ≥ 0, got -1/);
    expect(() => resolveStopCondition({ spikes: 1.5 })).toThrow(/spikes must be an integer/);
    expect(() => resolveStopCondition({ duration: 0 })).toThrow(/duration must be a finite number of seconds > 0/);
  });
});
