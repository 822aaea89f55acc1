import { type DependencyContainer, type QueuePlugin, registerPlugins } from '@sparseprop/core/plugin';
import { LazyCalendarQueue } from './lazy-calendar-queue.js';

/**
 * Queue plugin `"calendar"`: the lazy calendar queue. An input that only
 * delays a spike writes one key and moves nothing; exact for every engine
 * and network (a key that falls moves at once).
 */
export const calendarQueue: QueuePlugin = {
  kind: 'queue',
  name: 'calendar',
  description: 'lazy calendar queue: inhibitory inputs write a key and move nothing (about 14 B per neuron, 18 B with excitation)',
  create: (n) => new LazyCalendarQueue(n),
};

/** Register the `calendar` queue into a container. */
export function registerCalendarQueue(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, calendarQueue);
}
