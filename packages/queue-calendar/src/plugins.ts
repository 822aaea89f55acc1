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
  // keys 8 B + bucket chunks (measured 5.3 B at N = 1e7) + window slots (0.1 B), built in place;
  // with excitation, positions (4 B) and up to N stale bucket entries before a rebuild (5.3 B more)
  bytesPerNeuron: (keysMayFall) => (keysMayFall ? CALENDAR_BYTES_PER_NEURON_TRACKING : CALENDAR_BYTES_PER_NEURON),
};

/** Peak resident bytes per neuron of a large calendar queue whose keys only grow (all-inhibitory input), set-up included. */
export const CALENDAR_BYTES_PER_NEURON = 14.5;
/** The same when keys can fall (excitation): the tracking mode. */
export const CALENDAR_BYTES_PER_NEURON_TRACKING = 23;

/** Register the `calendar` queue into a container. */
export function registerCalendarQueue(container: DependencyContainer): DependencyContainer {
  return registerPlugins(container, calendarQueue);
}
