import { readFileSync } from 'node:fs';
import { type ModelPlugin, createContainer, registerPlugins, registeredModels, registeredQueues } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { main } from '../main.js';
import { modelsCommand } from './models-command.js';
import { createCliContainer } from '../plugins.js';

/** A model plugin with parameters, to check the table (it is never created). */
const withParameters: ModelPlugin = {
  kind: 'model',
  name: 'toy',
  description: 'a toy model with two parameters',
  parameters: [
    { name: 'deltaT', description: 'spike sharpness', unit: '1 (voltage)', default: 0.1, range: '(0, Infinity)' },
    { name: 'vPeak', description: 'spike cut-off', unit: '1 (voltage)', default: 1000, range: '(vT, Infinity)' },
  ],
  create: () => {
    throw new Error('not used');
  },
};

describe('sparseprop models', () => {
  it('lists every registered model and queue of the CLI', async () => {
    const io = capturedIo();
    expect(await main(['models'], io)).toBe(0);
    const container = createCliContainer();
    expect(registeredModels(container).map((m) => m.name)).toEqual(['lif', 'qif', 'eif', 'chebyshev:lif', 'chebyshev:qif', 'chebyshev:eif']);
    expect(registeredQueues(container).map((q) => q.name)).toEqual(['binary', '4-ary', '8-ary', '16-ary', '32-ary', 'pairing', 'calendar']);
    for (const model of registeredModels(container)) {
      expect(io.out()).toMatch(new RegExp(`^${model.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      expect(io.out()).toContain(model.description);
      for (const parameter of model.parameters) expect(io.out()).toContain(parameter.name);
    }
    for (const queue of registeredQueues(container)) expect(io.out()).toMatch(new RegExp(`^  ${queue.name} +${queue.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(io.out()).toContain('no model-specific parameters'); // lif has none
    expect(io.out()).toMatch(/^  tau +s +0\.01 +membrane time constant \(a normal double, ≥ 2\^-1022\)$/m);
  });

  it('shows each parameter with unit, default and range', async () => {
    const container = registerPlugins(createContainer(), lif, withParameters);
    const io = capturedIo();
    expect(await modelsCommand([], io, container)).toBe(0);
    expect(io.out()).toMatch(/^  parameter +unit +default +range +meaning$/m);
    expect(io.out()).toMatch(/^  deltaT +1 \(voltage\) +0\.1 +\(0, Infinity\) +spike sharpness$/m);
    expect(io.out()).toMatch(/^  vPeak +1 \(voltage\) +1000 +\(vT, Infinity\) +spike cut-off$/m);
  });

  it('prints JSON with --json', async () => {
    const container = registerPlugins(createContainer(), lif, withParameters);
    const io = capturedIo();
    expect(await modelsCommand(['--json'], io, container)).toBe(0);
    const listing = JSON.parse(io.out());
    expect(listing.models.map((m: { name: string }) => m.name)).toEqual(['lif', 'toy']);
    expect(listing.models[1].parameters[0]).toEqual({ name: 'deltaT', description: 'spike sharpness', unit: '1 (voltage)', default: 0.1, range: '(0, Infinity)' });
    expect(listing.networkParameters.map((p: { name: string }) => p.name)).toEqual(['n', 'k', 'j0', 'rate', 'tau', 'iext', 'eta']);
  });

  it('lists a re-registered name once (the registration --model picks)', async () => {
    const override = { ...lif, description: 'my own lif' };
    const io = capturedIo();
    await modelsCommand([], io, registerPlugins(createContainer(), lif, override));
    expect(io.out()).toContain('my own lif');
    expect(io.out().match(/^lif$/gm)).toHaveLength(1);
  });
});

describe('sparseprop --help and --version', () => {
  it('print the usage and the package version', async () => {
    const help = capturedIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^Usage: sparseprop <command>/);
    const version = capturedIo();
    expect(await main(['--version'], version)).toBe(0);
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version.out()).toBe(`${manifest.version}\n`);
  });
});
