import { describe, expect, it } from 'vitest';
import { SpikeTrain } from './spike-train.js';

describe('SpikeTrain', () => {
  it('grows past its capacity and keeps every spike in order', () => {
    const train = new SpikeTrain(16);
    for (let s = 0; s < 1000; s++) train.push(s * 0.5, s % 7);
    expect(train.length).toBe(1000);
    expect(train.times[999]).toBe(499.5);
    expect(train.neurons[999]).toBe(999 % 7);
    train.clear();
    expect(train.length).toBe(0);
  });
});
