import { describe, expect, it } from 'vitest';
import { composeSimulator } from './compose.js';
import { createContainer } from './registry.js';
import { UnknownPluginError } from '../errors/errors.js';

describe('composition', () => {
  it('names what is registered when a plugin is missing', () => {
    expect(() => composeSimulator({ n: 10, k: 2, model: 'hh' }, createContainer())).toThrow(UnknownPluginError);
    expect(() => composeSimulator({ n: 10, k: 2, model: 'hh' }, createContainer())).toThrow(/unknown model "hh"; registered: \(none\)/);
  });
});
