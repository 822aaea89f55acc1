import { nanKeyConformance } from '@sparseprop/testkit';
import { LazyCalendarQueue } from './lazy-calendar-queue.js';
import { calendarQueue } from './plugins.js';

// a NaN key never hides below the top (testkit's nanKeyConformance: update and increase, build, shiftAll, scaleAll, engines)
nanKeyConformance(
  [
    ['calendar', (n) => new LazyCalendarQueue(n)],
    ['calendar, 2 per bucket', (n) => new LazyCalendarQueue(n, { perBucket: 2 })],
  ],
  [calendarQueue],
  { increase: true },
);
