import { inputSourceConformance } from '@sparseprop/testkit';
import { EventListSource, PoissonDriveSource, PoissonPopulationSource } from './inputs.js';

// Poisson drive to two neuron ranges ([0, 30) and [50, 80) of 100): 8 Hz × 4 inputs per target, weight 0.01
const ranges = { starts: Int32Array.of(0, 50), ends: Int32Array.of(30, 80) };
inputSourceConformance((seed) => new PoissonDriveSource('drive', ranges, 8, 4, 0.01, seed, 1), { targetLimit: () => 80 });

// a source population of 20 neurons (indices 100 … 119) with a rate modulated between 2 and 18 Hz, by thinning
const modulated = (t: number) => 10 + 8 * Math.sin(2 * Math.PI * t);
inputSourceConformance((seed) => new PoissonPopulationSource('channel', 100, 20, modulated, 18, seed, 2, 10), { targetLimit: () => 120 });

// an event list (e.g. read from a file): sorted times, finite, replayed by fork()
inputSourceConformance(
  (seed) => {
    const count = 50 + (seed % 50);
    const times = Float64Array.from({ length: count }, (_, i) => i * 0.001 + (seed % 7) * 1e-4);
    const targets = Int32Array.from({ length: count }, (_, i) => (i * 31 + seed) % 40);
    return new EventListSource('events', 'kick', times, targets, new Float64Array(count).fill(0.02));
  },
  { targetLimit: () => 40 },
);
