import { composeSimulator, type DependencyContainer, type SimulationConfig, SpikeTrain } from '@sparseprop/core';

/** One SparseProp variant compared with the O(N) reference. */
export interface PrecisionVariant {
  /** Label in tables and plots. */
  label: string;
  /** Engine options of the variant. */
  config: Pick<SimulationConfig, 'frame' | 'expKeys' | 'rebaseEvery' | 'queue'>;
}

/** Largest errors of one variant after a given number of spikes. */
export interface PrecisionCheckpoint {
  spikes: number;
  /** Largest |t - t_reference| so far, seconds. */
  maxAbsoluteError: number;
  /** Largest |t - t_reference| / t_reference so far. */
  maxRelativeError: number;
  /** Simulated time reached, seconds. */
  simulatedSeconds: number;
}

/** How one variant fared over the whole run. */
export interface PrecisionSeries {
  label: string;
  checkpoints: PrecisionCheckpoint[];
  /** Spike index where the neuron sequence first differed from the reference, if it did. */
  divergedAt: number | undefined;
}

/** The default variants: phase frame with and without rebasing, exponential keys, time frame with and without rebasing. */
export const DEFAULT_VARIANTS: readonly PrecisionVariant[] = [
  { label: 'phase keys, rebase every N', config: { frame: 'phase', expKeys: false } },
  { label: 'phase keys, no rebasing', config: { frame: 'phase', expKeys: false, rebaseEvery: Number.MAX_SAFE_INTEGER } },
  { label: 'exponential keys', config: { frame: 'phase', expKeys: true } },
  { label: 'time frame, rebase every N', config: { frame: 'time' } },
  { label: 'time frame, no rebasing', config: { frame: 'time', rebaseEvery: Number.MAX_SAFE_INTEGER } },
];

/** Checkpoints 1e3, 3e3, 1e4, ... up to `total`. */
export function checkpointsUpTo(total: number): number[] {
  const points: number[] = [];
  for (let decade = 1e3; decade <= total; decade *= 10) {
    points.push(decade);
    if (3 * decade <= total) points.push(3 * decade);
  }
  if (points[points.length - 1] !== total) points.push(total);
  return points;
}

/**
 * Run the O(N) reference and every variant in lockstep on the LIF reference
 * network of `n` neurons, chunk by chunk, and record the largest spike-time
 * error of each variant at the checkpoints. A variant stops being compared
 * once its neuron sequence parts from the reference's.
 */
export function runPrecisionStudy(
  container: DependencyContainer,
  network: Pick<SimulationConfig, 'model' | 'n' | 'k' | 'seed'>,
  totalSpikes: number,
  variants: readonly PrecisionVariant[] = DEFAULT_VARIANTS,
  onProgress?: (spikes: number) => void,
  onCheckpoint?: (series: PrecisionSeries[]) => void,
): PrecisionSeries[] {
  const chunk = Math.min(100_000, totalSpikes);
  const reference = composeSimulator({ ...network, reference: true }, container).simulator;
  const engines = variants.map((v) => composeSimulator({ ...network, ...v.config }, container).simulator);
  const referenceTrain = new SpikeTrain(chunk);
  const trains = variants.map(() => new SpikeTrain(chunk));
  const series: PrecisionSeries[] = variants.map((v) => ({ label: v.label, checkpoints: [], divergedAt: undefined }));
  const maxAbs = new Float64Array(variants.length), maxRel = new Float64Array(variants.length);
  const checkpoints = checkpointsUpTo(totalSpikes);
  let done = 0;
  while (done < totalSpikes) {
    const size = Math.min(chunk, checkpoints.find((c) => c > done)! - done);
    referenceTrain.clear();
    reference.run({ maxSpikes: size, record: referenceTrain });
    const rt = referenceTrain.times, rn = referenceTrain.neurons;
    for (let v = 0; v < variants.length; v++) {
      if (series[v].divergedAt !== undefined) continue;
      trains[v].clear();
      engines[v].run({ maxSpikes: size, record: trains[v] });
      const t = trains[v].times, nn = trains[v].neurons;
      for (let s = 0; s < size; s++) {
        if (nn[s] !== rn[s]) {
          series[v].divergedAt = done + s;
          break;
        }
        const err = Math.abs(t[s] - rt[s]);
        if (err > maxAbs[v]) maxAbs[v] = err;
        const rel = err / rt[s];
        if (rel > maxRel[v]) maxRel[v] = rel;
      }
    }
    done += size;
    if (checkpoints.includes(done)) {
      for (let v = 0; v < variants.length; v++) {
        if (series[v].divergedAt === undefined) {
          series[v].checkpoints.push({ spikes: done, maxAbsoluteError: maxAbs[v], maxRelativeError: maxRel[v], simulatedSeconds: reference.timeSeconds });
        }
      }
      onCheckpoint?.(series);
    }
    onProgress?.(done);
  }
  return series;
}
