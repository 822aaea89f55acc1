// tsyringe needs the Reflect metadata polyfill loaded before it is imported.
// Plugins import the DI API from @sparseprop/core only, so this runs first.
import 'reflect-metadata';

export { container, inject, injectable, injectAll, type DependencyContainer, type InjectionToken } from 'tsyringe';
