import { describe, expect, it } from 'vitest';
import { FigureRecorder } from './figure-recorder.js';
import { poissonTrains } from './random.test-support.js';

describe('FigureRecorder', () => {
  it('rate bins hold exact counts after many merges, as counting the train directly gives', () => {
    const { times, neurons } = poissonTrains(300, 2, 120, 7); // 120 s: fine bins merge from 0.1 ms to ~33 ms
    const populations = [{ name: 'E', first: 0, count: 240 }, { name: 'I', first: 240, count: 60 }];
    const recorder = new FigureRecorder({ neuronCount: 300, populations });
    for (let i = 0; i < times.length; i++) recorder.add(times[i], neurons[i]);
    expect(recorder.binSeconds).toBeGreaterThan(0.02);
    const { rows, binSeconds } = recorder.rates(120, 200);
    for (const [p, pop] of populations.entries()) {
      const own = rows.filter((r) => r.population === pop.name);
      own.forEach((row, b) => {
        // counts by the same bin edges, b * binSeconds, computed independently from the train
        let count = 0;
        for (let i = 0; i < times.length; i++) if (neurons[i] >= pop.first && neurons[i] < pop.first + pop.count && Math.floor(times[i] / recorder.binSeconds) >= (b * binSeconds) / recorder.binSeconds - 1e-9 && Math.floor(times[i] / recorder.binSeconds) < ((b + 1) * binSeconds) / recorder.binSeconds - 1e-9) count++;
        expect(row.rateHz * pop.count * binSeconds).toBeCloseTo(count, 9);
      });
      expect(own.reduce((sum, r) => sum + r.rateHz * pop.count * binSeconds, 0)).toBeCloseTo(Array.from(neurons).filter((j) => j >= pop.first && j < pop.first + pop.count).length, 6);
      expect(p).toBeGreaterThanOrEqual(0);
    }
    expect(rows.length / 2).toBeLessThanOrEqual(200);
  });

  it('keeps the first dots of a uniform neuron sample, up to the limit', () => {
    const { times, neurons } = poissonTrains(1000, 5, 10, 3);
    const recorder = new FigureRecorder({ neuronCount: 1000, maxRasterNeurons: 100, maxRasterDots: 500 });
    for (let i = 0; i < times.length; i++) recorder.add(times[i], neurons[i]);
    const expected = Array.from(times.keys()).filter((i) => neurons[i] % 10 === 0).slice(0, 500);
    expect(recorder.dots).toBe(500);
    expect(recorder.truncated).toBe(true);
    expect(Array.from(recorder.dotNeurons)).toEqual(expected.map((i) => neurons[i]));
    expect(Array.from(recorder.dotTimes)).toEqual(expected.map((i) => times[i]));
  });
});
