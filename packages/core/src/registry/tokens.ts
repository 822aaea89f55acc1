import type { InjectionToken } from 'tsyringe';
import type { ConnectivityPlugin, EnginePlugin, ModelPlugin, QueuePlugin } from '../contracts/plugins.js';

/** Multi-registration token: every model plugin registered in a container. */
export const MODEL_PLUGIN: InjectionToken<ModelPlugin> = Symbol.for('@sparseprop/core:ModelPlugin');
/** Multi-registration token: every queue plugin registered in a container. */
export const QUEUE_PLUGIN: InjectionToken<QueuePlugin> = Symbol.for('@sparseprop/core:QueuePlugin');
/** Multi-registration token: every engine plugin registered in a container. */
export const ENGINE_PLUGIN: InjectionToken<EnginePlugin> = Symbol.for('@sparseprop/core:EnginePlugin');
/** Multi-registration token: every connectivity plugin registered in a container. */
export const CONNECTIVITY_PLUGIN: InjectionToken<ConnectivityPlugin> = Symbol.for('@sparseprop/core:ConnectivityPlugin');
