import { describe, expect, it } from 'vitest';
import { locateAnchorSources } from './anchor-build.js';
import { parseAnchorLine } from './anchor-run.js';

describe('parseAnchorLine', () => {
  it('reads the C anchor report', () => {
    const line =
      'impl=heap arity=2 model=lif N=100000 K=100 nstep=200000 rate_Hz=3.425969 init_s=0.0051 loop_s=1.1774 ns_per_spike=5887.1 cpu_ns_per_spike=5568.0 sumidx=9994197855 hash=1081738999 last_t=0.58377646203626243';
    expect(parseAnchorLine(line)).toEqual({
      spikes: 200000,
      wallNsPerSpike: 5887.1,
      cpuNsPerSpike: 5568,
      hash: 1081738999,
      sumidx: 9994197855,
      rateHz: 3.425969,
      lastTime: 0.58377646203626243,
    });
  });

  it('names the missing field', () => {
    expect(() => parseAnchorLine('impl=heap nstep=10')).toThrow(/ns_per_spike/);
  });
});

describe('locateAnchorSources', () => {
  it('explains where it looked and what it needs when the anchor is missing', () => {
    expect(() => locateAnchorSources('/nonexistent/repo')).toThrow(/\/nonexistent\/shared\/anchors\/c.*Makefile and sp\.c.*--anchor-source DIR or SPARSEPROP_ANCHOR_DIR.*gcc and make/);
    expect(() => locateAnchorSources('/nonexistent/repo', '/elsewhere/c')).toThrow(/Makefile and sp\.c not found in \/elsewhere\/c/);
  });
});
