import type { HashCheck } from './bench-results.js';
import type { RunSample } from './worker-protocol.js';

/**
 * Compare the checksums of two series' repetitions (all of one series must
 * agree with all of the other): identical spike trains have equal `hash`
 * (order-sensitive) and `sumidx`. Trains of different lengths are not compared.
 */
export function compareSpikeHashes(label: string, ours: readonly RunSample[] | undefined, theirs: readonly RunSample[] | undefined): HashCheck {
  if (ours === undefined || ours.length === 0 || theirs === undefined || theirs.length === 0) {
    return { status: 'not compared', detail: `${label}: not both measured` };
  }
  const a = ours[0], b = theirs[0];
  if (a.spikes !== b.spikes) return { status: 'not compared', detail: `${label}: different spike counts (${a.spikes} vs ${b.spikes})` };
  const inconsistent = [...ours, ...theirs].find((s) => s.hash !== a.hash || s.sumidx !== a.sumidx || s.spikes !== a.spikes);
  if (inconsistent === undefined) {
    return { status: 'identical', detail: `${label}: hash ${a.hash}, sumidx ${a.sumidx} over ${a.spikes} spikes` };
  }
  const theirsAgree = theirs.every((s) => s.hash === b.hash && s.sumidx === b.sumidx);
  const oursAgree = ours.every((s) => s.hash === a.hash && s.sumidx === a.sumidx);
  if (!oursAgree || !theirsAgree) {
    return { status: 'mismatch', detail: `${label}: repetitions disagree among themselves (${[...new Set(ours.map((s) => s.hash))].join('/')} vs ${[...new Set(theirs.map((s) => s.hash))].join('/')})` };
  }
  return { status: 'mismatch', detail: `${label}: hash ${a.hash} vs ${b.hash}, sumidx ${a.sumidx} vs ${b.sumidx} over ${a.spikes} spikes` };
}
