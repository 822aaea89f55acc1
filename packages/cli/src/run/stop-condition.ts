import { InvalidParameterError } from '@sparseprop/core';
import type { RunConfig } from './run-config.js';

/** Spikes a run emits when neither `spikes` nor `duration` is given (the reference benchmark's 1e5). */
export const DEFAULT_SPIKES = 100_000;

/** When a run stops: after a number of spikes, or after a simulated time. */
export type StopCondition = { readonly kind: 'spikes'; readonly spikes: number } | { readonly kind: 'duration'; readonly seconds: number };

/** The validated stop condition of a merged config (default: {@link DEFAULT_SPIKES} spikes). */
export function resolveStopCondition(config: Pick<RunConfig, 'spikes' | 'duration'>): StopCondition {
  if (config.duration !== undefined) {
    const seconds = config.duration;
    if (!Number.isFinite(seconds) || !(seconds > 0)) throw new InvalidParameterError('duration', seconds, 'a finite number of seconds > 0');
    return { kind: 'duration', seconds };
  }
  const spikes = config.spikes ?? DEFAULT_SPIKES;
  if (!Number.isSafeInteger(spikes) || spikes < 0) throw new InvalidParameterError('spikes', spikes, 'an integer ≥ 0');
  return { kind: 'spikes', spikes };
}
