import { describe, expect, it } from 'vitest';
import { composeSimulator } from './compose.js';
import { createContainer, registerPlugins } from './registry.js';
import { InvalidParameterError, UnknownPluginError } from '../errors/errors.js';

describe('composition', () => {
  it('names what is registered when a plugin is missing', () => {
    expect(() => composeSimulator({ n: 10, k: 2, model: 'hh' }, createContainer())).toThrow(UnknownPluginError);
    expect(() => composeSimulator({ n: 10, k: 2, model: 'hh' }, createContainer())).toThrow(/unknown model "hh"; registered: \(none\)/);
  });
});

describe('composeSimulator with what JavaScript callers pass', () => {
  const container = createContainer();
  it.each([
    [undefined, /^config must be a SimulationConfig object/],
    [null, /^config must be a SimulationConfig object/],
    [5, /^config must be a SimulationConfig object/],
    ['lif', /^config must be a SimulationConfig object/],
    [[], /^config must be a SimulationConfig object/],
    [{ reference: 'yes' }, /^reference must be a boolean \(a string given\), got "yes"$/],
    [{ n: '1000' }, /^n must be a number \(a string given\)/],
    [{ model: 5 }, /^model must be a string/],
    [{ modelParams: [1] }, /^modelParams must be an object of numbers/],
    [{ modelParams: { dT: '0.1' } }, /^modelParams\.dT must be a number, got "0\.1"$/],
    [{ initialPhases: [0.1, 0.2] }, /^initialPhases must be a Float64Array/],
    [{ connectivity: {} }, /^connectivity must be a Connectivity/],
    [{ expKeys: 1 }, /^expKeys must be a boolean/],
  ])('composeSimulator(%j) is a typed error naming the parameter', (config, message) => {
    expect(() => composeSimulator(config as never, container)).toThrow(InvalidParameterError);
    expect(() => composeSimulator(config as never, container)).toThrow(message);
  });

  it('needs a container', () => {
    expect(() => composeSimulator({ n: 10, k: 2 }, undefined as never)).toThrow(/^container must be a container from createContainer\(\)/);
  });

  it('refuses a subnormal tau (spike times would keep a few bits)', () => {
    expect(() => composeSimulator({ n: 10, k: 2, tau: 5e-324 }, container)).toThrow(/^tau must be a normal double ≥ 2\^-1022/);
  });
});

describe('registerPlugins with what JavaScript callers pass', () => {
  it.each([null, undefined, 5, 'lif', {}])('registerPlugins(%j) is a typed error naming the container', (container) => {
    expect(() => registerPlugins(container as never)).toThrow(/^container must be a container from createContainer\(\)/);
  });

  it.each([null, 5, 'lif', { kind: 'model' }, { kind: 'nope', name: 'x' }])('refuses the plugin %j', (plugin) => {
    expect(() => registerPlugins(createContainer(), plugin as never)).toThrow(InvalidParameterError);
  });
});
