/**
 * The lazy calendar queue: the `calendar` EventQueue plugin of SparseProp.
 * @packageDocumentation
 */
export { LazyCalendarQueue, type LazyCalendarOptions } from './lazy-calendar-queue.js';
export { calendarQueue, registerCalendarQueue, CALENDAR_BYTES_PER_NEURON, CALENDAR_BYTES_PER_NEURON_TRACKING } from './plugins.js';
