import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { poissonTrains } from './random.test-support.js';
import { figureSpec, renderSpikeFigure } from './spike-figure.js';

describe('spike figure', () => {
  it('draws every neuron of a small network and thins a large one to a uniform sample and a dot limit', () => {
    const small = poissonTrains(50, 10, 2, 1);
    expect(figureSpec({ ...small, neuronCount: 50 }).summary).toMatchObject({ rasterNeurons: 50, rasterStride: 1, rasterDots: small.times.length, rasterTruncated: false });
    const big = poissonTrains(4000, 5, 5, 2);
    const { summary } = figureSpec({ ...big, neuronCount: 4000, populations: [{ name: 'E', first: 0, count: 3200 }, { name: 'I', first: 3200, count: 800 }] }, { maxRasterNeurons: 400, maxRasterDots: 5000 });
    expect(summary.rasterNeurons).toBe(400);
    expect(summary.rasterStride).toBe(10);
    expect(summary.rasterDots).toBe(5000);
    expect(summary.rasterTruncated).toBe(true);
    // the dots of every 10th neuron in time order: the 5001st such spike ends the window
    const dots = Array.from(big.times).filter((_, i) => big.neurons[i] % 10 === 0);
    expect(summary.rasterUntilSeconds).toBe(dots[4999]);
  });

  it('renders an E/I figure to SVG and PNG', async () => {
    const { times, neurons } = poissonTrains(1000, 8, 3, 5);
    const input = { times, neurons, neuronCount: 1000, populations: [{ name: 'E', first: 0, count: 800 }, { name: 'I', first: 800, count: 200 }], model: 'lif', k: 100, endSeconds: 3 };
    const svg = await renderSpikeFigure(input, 'svg');
    const text = new TextDecoder().decode(svg.bytes);
    for (const label of ['time (s)', 'neuron index', 'rate per neuron (Hz)', 'firing rate (Hz)', 'ISI coefficient of variation', 'N = 1,000', 'K = 100']) expect(text).toContain(label);
    const png = await renderSpikeFigure(input, 'png');
    expect(Array.from(png.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    if (process.env.SPARSEPROP_FIGURE_OUT) writeFileSync(process.env.SPARSEPROP_FIGURE_OUT, png.bytes); // to look at it
  });
});
