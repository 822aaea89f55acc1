import { dirname, isAbsolute, resolve } from 'node:path';
import { isNetworkConfigJson } from '../run/network-run.js';
import { type RunConfig, parseRunConfigJson } from '../run/run-config.js';
import { parseJsonText } from './json-text.js';
import { readInputText } from './read-input-file.js';

/** Config keys that name files: relative paths in a config file are relative to the file's directory. */
const PATH_KEYS = ['network', 'init', 'out'] as const;

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
    if (value !== undefined && !isAbsolute(value)) config[key] = resolve(base, value);
  }
  return config;
}
