import { parseArgs } from 'node:util';
import { parseDecimal } from '@sparseprop/core';
import { CliUsageError } from '../cli-errors.js';
import { quoteInput } from '../quote-input.js';
import { CONFIG_FIELDS, checkFrame, type RunConfig } from './run-config.js';

/** What the flags of `sparseprop run` asked for. */
export interface RunArgs {
  /** `--config FILE`: a JSON {@link RunConfig} the flags override. */
  configPath?: string;
  /** The settings given as flags (only those given). */
  flags: RunConfig;
  /** `--json`: print one JSON object instead of the human summary. */
  json: boolean;
  /** `--quiet`: no progress bar and no human summary. */
  quiet: boolean;
  /** `--help`. */
  help: boolean;
}

/** Flags that take a value and are not config keys. */
const EXTRA_STRING_FLAGS = ['config', 'param'] as const;

/**
 * Parse the arguments of `sparseprop run` (after the subcommand). Numbers
 * must be finite; `--param name=value` is repeatable and fills `modelParams`.
 * Throws {@link CliUsageError} for unknown flags, missing values, positional
 * arguments and values that are not numbers.
 */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    config: { type: 'string' },
    param: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const field of CONFIG_FIELDS) options[field.key] = { type: field.kind === 'boolean' ? 'boolean' : 'string' };
  const stringFlags = new Set([...EXTRA_STRING_FLAGS, ...CONFIG_FIELDS.filter((f) => f.kind !== 'boolean').map((f) => f.key)]);

  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let tokens: ReturnType<typeof parseArgs>['tokens'];
  try {
    ({ values, tokens } = parseArgs({ args: attachNegativeNumbers(argv, stringFlags), options, strict: true, allowPositionals: false, tokens: true }));
  } catch (error) {
    throw new CliUsageError(describeParseError(error));
  }
  rejectRepeatedFlags(tokens ?? [], options);

  const flags: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const raw = values[field.key];
    if (raw === undefined) continue;
    flags[field.key] = field.kind === 'number' ? parseNumberFlag(`--${field.key}`, raw as string) : raw;
  }
  const params = values.param as string[] | undefined;
  if (params !== undefined) flags.modelParams = parseModelParams(params);
  return {
    configPath: values.config as string | undefined,
    flags: checkFrame(flags as RunConfig, '--frame'),
    json: values.json === true,
    quiet: values.quiet === true,
    help: values.help === true,
  };
}

/**
 * Decimal notation only: an optional sign, digits with an optional fraction,
 * an optional exponent (`12`, `-0.5`, `.25`, `1e-3`, `+2E6`). Hexadecimal,
 * octal and binary literals (`0x10`, `0o7`, `0b1`), `Infinity`, `NaN` and
 * empty text, all of which JavaScript's `Number()` would take or turn into
 * 0, are refused.
 */
export { DECIMAL_NUMBER } from '@sparseprop/core';

/** A flag's value as a finite decimal number, or a {@link CliUsageError} naming the flag. */
export function parseNumberFlag(flag: string, text: string): number {
  const trimmed = text.trim();
  const value = parseDecimal(trimmed);
  if (!Number.isFinite(value)) throw new CliUsageError(`${flag} expects a finite decimal number, got ${quoteInput(text)}`);
  return value;
}

/**
 * `--param name=value` occurrences as a `modelParams` object (a null-prototype
 * object, so a name such as `__proto__` is a key like any other and is
 * reported as unknown). A name given twice is an error.
 */
export function parseModelParams(items: readonly string[]): Record<string, number> {
  const params: Record<string, number> = Object.create(null);
  for (const item of items) {
    const at = item.indexOf('=');
    const name = at < 0 ? '' : item.slice(0, at).trim();
    if (at < 0 || !/^[A-Za-z_][\w.-]*$/.test(name)) {
      throw new CliUsageError(`--param expects name=value (e.g. --param deltaT=0.1), got ${quoteInput(item)}`);
    }
    if (Object.hasOwn(params, name)) throw new CliUsageError(`--param ${name} given twice: give each parameter once`);
    params[name] = parseNumberFlag(`--param ${name}`, item.slice(at + 1));
  }
  return params;
}

/**
 * Every flag may be given once (`--param` once per parameter name): a
 * repeated flag is more likely a mistake (an edited command line, a flag
 * added twice by a script) than a wish for the last value.
 */
function rejectRepeatedFlags(tokens: readonly { kind: string; name?: string; rawName?: string }[], options: Record<string, { multiple?: boolean }>): void {
  const seen = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || options[token.name]?.multiple) continue;
    const earlier = seen.get(token.name);
    if (earlier !== undefined) {
      const spelled = earlier === token.rawName ? earlier : `${earlier} and ${token.rawName}`;
      throw new CliUsageError(`${spelled === earlier ? `--${token.name}` : spelled} given twice: give each flag once`);
    }
    seen.set(token.name, token.rawName ?? `--${token.name}`);
  }
}

/**
 * `--eta -0.4` would be an "ambiguous" value for parseArgs; join a flag that
 * takes a value with a following negative number into `--eta=-0.4`.
 */
function attachNegativeNumbers(argv: readonly string[], stringFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let a = 0; a < argv.length; a++) {
    const arg = argv[a];
    const next = argv[a + 1];
    if (arg.startsWith('--') && !arg.includes('=') && stringFlags.has(arg.slice(2)) && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${arg}=${next}`);
      a++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${quoted} (see sparseprop run --help)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoteInput(quoted)}: sparseprop run takes only flags (see sparseprop run --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${quoted} is a switch and takes no value`;
      return `${quoted.replace(/ <value>$/, '')} needs a value`;
    default:
      return message.split('\n')[0];
  }
}
