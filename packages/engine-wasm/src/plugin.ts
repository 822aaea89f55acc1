import type { DependencyContainer, EnginePlugin } from '@sparseprop/core';
import { registerPlugins } from '@sparseprop/core';
import { expKeyHeadroomRefusal, isExpKeyModel } from '@sparseprop/core/plugin';
import { kernelResidentBytes, WasmExpKeySimulator, wasmUnsupportedReason } from './wasm-exp-key-simulator.js';

/**
 * The `wasm` engine plugin: SparseProp with exponential keys as a
 * WebAssembly kernel, for exponential-key models (LIF) on the procedural
 * fixed out-degree network or explicit (CSR) ones. Registered after the
 * built-in engines, `engine: "auto"` (the default) asks it first, so it runs
 * every network it supports when the config names no queue.
 */
export const wasmEngine: EnginePlugin = {
  kind: 'engine',
  name: 'wasm',
  description: 'WebAssembly kernel: exponential keys, lazy calendar queue (or its 32-ary heap), procedural or explicit network, external input events (LIF-like models)',
  unsupportedReason: (request) =>
    request.queueNamed ? `the config names a queue (${request.queue?.name}); the kernel brings its own`
    : request.frame === 'time' ? 'the config asks for the time frame'
    : !request.expKeys ? 'the config turned exponential keys off'
    : wasmUnsupportedReason(request.model, request.connectivity) ?? (isExpKeyModel(request.model) ? expKeyHeadroomRefusal(request.model, request.connectivity) : undefined),
  takesInputEvents: true,
  create: (request) => new WasmExpKeySimulator(request.model, request.connectivity, request.options, undefined, request.inputEvents),
  estimateBytes: (request) => kernelResidentBytes(request.connectivity, undefined, request.inputEvents),
};

/** Register the `wasm` engine plugin; returns the container. */
export function registerWasmEngine(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, wasmEngine);
}
