import { createContainer, type DependencyContainer, type QueuePlugin, registerPlugins, registeredModels } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSpikeTrains } from '../compare-spike-trains.js';
import { networkCase } from '../network-case.js';
import { queueConformanceProperty, type QueueScenarioRanges } from '../queue-conformance.js';
import { runCase } from '../run-case.js';
import { linearScanQueue } from './linear-scan-queue.js';

/** What {@link queueConformance} runs. */
export interface QueueConformanceOptions {
  /** Ranges of the random operation sequences. */
  scenarios?: QueueScenarioRanges;
  /** fast-check runs of the operation sequences (default 300). */
  numRuns?: number;
  /**
   * A container with at least one model: the queue then also runs whole
   * networks (phase and time frame) and must give the spike train of the
   * obviously correct linear-scan queue, bit for bit.
   */
  container?: DependencyContainer;
}

/**
 * The conformance suite of a queue plugin: random operation sequences
 * (builds full of ties, updates both ways, shifts and scalings that round
 * keys together) against an oracle after every step, including the tie rule
 * and the optional `increase` and `touch`; and, given a model, identical
 * spike trains to a linear-scan queue on random networks. Call it at the top
 * level of a test file.
 *
 * @example
 * ```ts
 * import { queueConformance } from '@sparseprop/testkit';
 * queueConformance(myQueuePlugin, { container: registerPlugins(createContainer(), lif) });
 * ```
 */
export function queueConformance(plugin: QueuePlugin, options: QueueConformanceOptions = {}): void {
  describe(`queue "${plugin.name}" conforms`, () => {
    it('is a well-formed queue plugin', () => {
      expect(plugin.kind).toBe('queue');
      expect(plugin.name).toMatch(/^[a-z0-9][a-z0-9:-]*$/);
      expect(plugin.description.length).toBeGreaterThan(0);
      const queue = plugin.create(5);
      expect(queue.size).toBe(5);
    });

    it('agrees with an oracle after every operation of random sequences', () => {
      fc.assert(queueConformanceProperty((n) => plugin.create(n), options.scenarios), { numRuns: options.numRuns ?? 300 });
    });

    const container = options.container;
    if (container !== undefined) {
      const models = registeredModels(container).map((m) => m.name);
      it(`gives the linear-scan queue's spike trains on random networks (${models.join(', ')})`, () => {
        const both = registerPlugins(createContainer(), ...registeredModels(container), plugin, linearScanQueue);
        fc.assert(
          fc.property(networkCase({ maxN: 150, heterogeneous: true }), fc.constantFrom(...models), fc.constantFrom('phase' as const, 'time' as const), (c, model, frame) => {
            const framing = c.eta !== 0 ? 'time' : frame;
            const mine = runCase(both, model, c, 400, { queue: plugin.name, frame: framing, engine: 'js' });
            const oracle = runCase(both, model, c, 400, { queue: linearScanQueue.name, frame: framing, engine: 'js' });
            // same engine, same arithmetic, only the queue differs: the trains must be bit-identical
            const cmp = compareSpikeTrains(mine, oracle, 0);
            expect(cmp.identicalPrefix, JSON.stringify({ case: c, model, frame: framing })).toBe(400);
            expect(cmp.maxTimeError).toBe(0);
          }),
          { numRuns: 25 },
        );
      });
    }
  });
}
