/**
 * The lazy calendar queue: the `calendar` EventQueue plugin of SparseProp.
 * @packageDocumentation
 */
export { LazyCalendarQueue, type LazyCalendarOptions } from './lazy-calendar-queue.js';
export { calendarQueue, registerCalendarQueue } from './plugins.js';
