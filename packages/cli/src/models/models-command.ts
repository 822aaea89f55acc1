import { parseArgs } from 'node:util';
import { type DependencyContainer, type ModelPlugin, type QueuePlugin, REFERENCE_NETWORK, registeredModels, registeredQueues } from '@sparseprop/core';
import { CliUsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { createCliContainer } from '../plugins.js';
import { reportError } from '../report-error.js';

/** Parameters every model shares: the network's (flags of `sparseprop run`). */
export const NETWORK_PARAMETERS = [
  { name: 'n', unit: 'neurons', default: String(REFERENCE_NETWORK.n), description: 'number of neurons' },
  { name: 'k', unit: 'synapses', default: String(REFERENCE_NETWORK.k), description: 'synapses per neuron (out-degree)' },
  { name: 'j0', unit: '1 (voltage)', default: String(REFERENCE_NETWORK.j0), description: 'coupling; weight J = -j0/sqrt(K)' },
  { name: 'rate', unit: 'Hz', default: String(REFERENCE_NETWORK.rate), description: 'target rate of the balance equation' },
  { name: 'tau', unit: 's', default: String(REFERENCE_NETWORK.tau), description: 'membrane time constant (a normal double, ≥ 2^-1022)' },
  { name: 'iext', unit: '1 (voltage)', default: 'tau*sqrt(K)*j0*rate', description: 'external drive (each model states its range: lif [1e-6, 1e3], qif ≥ 2^-1022)' },
  { name: 'eta', unit: '1', default: String(REFERENCE_NETWORK.eta), description: 'drive heterogeneity: iext_i = iext (1 + eta sin(2i/N))' },
] as const;

const MODELS_USAGE = `Usage: sparseprop models [--json]

Lists the registered neuron models with their parameters (unit, default, range),
the network parameters every model shares, and the registered event queues.
Give model parameters as --param NAME=VALUE or in a config's "modelParams".
`;

/** `sparseprop models [--json]`: list models, their parameters, and the queues. Returns the exit code. */
export async function modelsCommand(argv: readonly string[], io: CliIo, container: DependencyContainer = createCliContainer()): Promise<number> {
  try {
    let values: { json?: boolean; help?: boolean };
    try {
      ({ values } = parseArgs({ args: [...argv], options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
    } catch (error) {
      throw new CliUsageError(`models: ${(error as Error).message.split('\n')[0]} (see sparseprop models --help)`);
    }
    if (values.help) {
      io.stdout.write(MODELS_USAGE);
      return ExitCode.success;
    }
    const models = latestByName(registeredModels(container));
    const queues = latestByName(registeredQueues(container));
    io.stdout.write(values.json ? formatModelsJson(models, queues) : formatModelsText(models, queues));
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/** Models and queues as one JSON object `{ models: [...], queues: [...], networkParameters: [...] }`. */
export function formatModelsJson(models: readonly ModelPlugin[], queues: readonly QueuePlugin[]): string {
  return `${JSON.stringify(
    {
      models: models.map((m) => ({ name: m.name, description: m.description, parameters: m.parameters })),
      queues: queues.map((q) => ({ name: q.name, description: q.description })),
      networkParameters: NETWORK_PARAMETERS,
    },
    null,
    2,
  )}\n`;
}

/** The human-readable listing. */
export function formatModelsText(models: readonly ModelPlugin[], queues: readonly QueuePlugin[]): string {
  const parts: string[] = ['Models (--model NAME; parameters: --param NAME=VALUE or "modelParams" in a config)', ''];
  for (const model of models) {
    parts.push(`${model.name}`, `  ${model.description}`);
    if (model.parameters.length === 0) {
      parts.push('  no model-specific parameters');
    } else {
      parts.push(
        ...table(
          ['parameter', 'unit', 'default', 'range', 'meaning'],
          model.parameters.map((p) => [p.name, p.unit, String(p.default), p.range, p.description]),
        ).map((line) => `  ${line}`),
      );
    }
    parts.push('');
  }
  parts.push('Network parameters (every model; flags of sparseprop run)', '');
  parts.push(...table(['parameter', 'unit', 'default', 'meaning'], NETWORK_PARAMETERS.map((p) => [p.name, p.unit, p.default, p.description])).map((l) => `  ${l}`));
  parts.push('', 'Queues (--queue NAME)', '');
  parts.push(...table(['queue', 'description'], queues.map((q) => [q.name, q.description])).map((l) => `  ${l}`));
  return `${parts.join('\n')}\n`;
}

/** Plugins in registration order, a re-registered name keeping only its last registration (the one `--model` picks). */
function latestByName<P extends { name: string }>(plugins: readonly P[]): P[] {
  const last = new Map<string, P>();
  for (const plugin of plugins) last.set(plugin.name, plugin); // a Map keeps the first insertion's position
  return [...last.values()];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)];
}
