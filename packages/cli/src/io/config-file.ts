import { dirname, isAbsolute, resolve } from 'node:path';
import { isNetworkConfigJson } from '../run/network-run.js';
import { type RunConfig, parseRunConfigJson } from '../run/run-config.js';
import { parseJsonText } from './json-text.js';
import { isInlineNeuronList } from './neuron-list.js';
import { readInputText } from './read-input-file.js';

/** Config keys that name files: relative paths in a config file are relative to the file's directory. */
const PATH_KEYS = ['network', 'init', 'out', 'rates', 'voltages', 'sample-times'] as const;
/** Config keys that are a list of neuron indices or a file of them (a file path resolves like the others). */
const LIST_OR_PATH_KEYS = ['record-neurons', 'voltage-neurons'] as const;

/**
 * Read and check a JSON config file (`--config`). Unknown keys and values of
 * the wrong type are errors naming the file. File paths inside it are
 * resolved against the config file's own directory, so a config and its data
 * can move together.
 */
export function readConfigFile(path: string, cwd: string): RunConfig {
  const text = readInputText(path, cwd, '--config file');
  // a network config (populations, projections, inputs) rather than run settings
  const json = parseJsonText(text, path);
  if (isNetworkConfigJson(json)) return { networkConfig: { path, value: json } };
  const config = parseRunConfigJson(text, path);
  const base = dirname(resolve(cwd, path));
  for (const key of PATH_KEYS) {
    const value = config[key];
    if (value !== undefined && !isAbsolute(value) && !(value === '-' && key !== 'out')) config[key] = resolve(base, value); // - is standard output (for --out, as before, a file named -)
  }
  for (const key of LIST_OR_PATH_KEYS) {
    const value = config[key];
    if (value !== undefined && !isInlineNeuronList(value) && !isAbsolute(value)) config[key] = resolve(base, value);
  }
  return config;
}
