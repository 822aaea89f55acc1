import type { DependencyContainer, EnginePlugin } from '@sparseprop/core';
import { registerPlugins } from '@sparseprop/core';
import { WasmExpSpaceSimulator, wasmUnsupportedReason } from './wasm-exp-space-simulator.js';

/**
 * The `wasm` engine plugin: SparseProp with exponential keys as a
 * WebAssembly kernel, for exponential-key models (LIF) on the procedural
 * fixed out-degree network. With `engine: "auto"` (the default) a
 * composition uses it whenever it supports the network and no queue is
 * pinned.
 */
export const wasmEngine: EnginePlugin = {
  kind: 'engine',
  name: 'wasm',
  description: 'WebAssembly kernel: exponential keys, 32-ary heap, procedural or explicit network (LIF-like models)',
  unsupportedReason: wasmUnsupportedReason,
  create: (model, connectivity, options) => new WasmExpSpaceSimulator(model, connectivity, options),
};

/** Register the `wasm` engine plugin; returns the container. */
export function registerWasmEngine(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, wasmEngine);
}
