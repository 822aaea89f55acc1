import { csvFormat, npzFormat, sonataFormat } from '@sparseprop/io';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSpikeFormatAtomicity, spikeFormatConformanceProperty } from './spike-format-conformance.js';

// The exporter conformance suite run on the three formats @sparseprop/io ships.
describe('spike format conformance', () => {
  it('CSV: any spikes read back bit for bit (times as shortest exact decimals)', async () => {
    // CSV stores neither N, the populations nor the parameters
    await fc.assert(spikeFormatConformanceProperty(csvFormat, { keepsParams: false, keepsPopulations: false }), { numRuns: 60 });
  });

  it('NPZ: any spikes, N, populations and parameters read back bit for bit', async () => {
    await fc.assert(spikeFormatConformanceProperty(npzFormat), { numRuns: 60 });
  });

  it('SONATA HDF5: spikes per population in order, times within 2 ulps (stored in ms), N, populations and parameters', async () => {
    // timeUlps 2: s -> ms (x1000) and back (/1000) each round to nearest, half an ulp of the result each
    await fc.assert(spikeFormatConformanceProperty(sonataFormat, { timeUlps: 2 }), { numRuns: 40 });
  });

  it('an aborted write keeps the previous file and leaves no temporary file; a missing directory fails at open', async () => {
    for (const format of [csvFormat, npzFormat, sonataFormat]) expect(await checkSpikeFormatAtomicity(format), format.name).toEqual([]);
  });
});
