import type { InjectionToken } from 'tsyringe';
import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import type { EnginePlugin, ModelPlugin, QueuePlugin } from '../contracts/plugins.js';
import type { EngineOptions } from '../engine/engine-options.js';

/** The neuron model instance of one simulation. */
export const NEURON_MODEL: InjectionToken<NeuronModel> = Symbol.for('@sparseprop/core:NeuronModel');
/** The event queue instance of one simulation. */
export const EVENT_QUEUE: InjectionToken<EventQueue> = Symbol.for('@sparseprop/core:EventQueue');
/** The connectivity instance of one simulation. */
export const CONNECTIVITY: InjectionToken<Connectivity> = Symbol.for('@sparseprop/core:Connectivity');
/** Engine options of one simulation. */
export const ENGINE_OPTIONS: InjectionToken<EngineOptions> = Symbol.for('@sparseprop/core:EngineOptions');

/** Multi-registration token: every model plugin registered in a container. */
export const MODEL_PLUGIN: InjectionToken<ModelPlugin> = Symbol.for('@sparseprop/core:ModelPlugin');
/** Multi-registration token: every queue plugin registered in a container. */
export const QUEUE_PLUGIN: InjectionToken<QueuePlugin> = Symbol.for('@sparseprop/core:QueuePlugin');
/** Multi-registration token: every engine plugin registered in a container. */
export const ENGINE_PLUGIN: InjectionToken<EnginePlugin> = Symbol.for('@sparseprop/core:EnginePlugin');
