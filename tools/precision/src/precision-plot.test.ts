import { describe, expect, it } from 'vitest';
import { renderPrecisionSvg } from './precision-plot.js';

describe('renderPrecisionSvg', () => {
  it('draws one line per variant on log axes, zero errors drawn at the floor', async () => {
    const svg = await renderPrecisionSvg(
      [
        { label: 'phase keys, rebase every N', divergedAt: undefined, checkpoints: [{ spikes: 1000, maxAbsoluteError: 0, maxRelativeError: 0, simulatedSeconds: 1 }, { spikes: 3000, maxAbsoluteError: 1e-15, maxRelativeError: 1e-15, simulatedSeconds: 3 }] },
        { label: 'exponential keys', divergedAt: undefined, checkpoints: [{ spikes: 1000, maxAbsoluteError: 4e-16, maxRelativeError: 5e-14, simulatedSeconds: 1 }] },
      ],
      300,
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('phase keys, rebase every N');
    expect(svg).toContain('exponential keys');
    expect(svg).toContain('LIF N=300');
  });
});
