import type { SweepFile } from './sweep-schema.js';
import { pointSeed } from './sweep-seed.js';

/** A parameter value: a number, or a string such as a model name. */
export type ParameterValue = number | string;

/**
 * One axis of a sweep: a `grid` parameter, or all `zip` parameters together
 * (they change in step). `values[i][j]` is parameter `names[i]`'s j-th value.
 */
export interface SweepAxis {
  readonly names: readonly string[];
  readonly values: readonly (readonly ParameterValue[])[];
  /** Values along the axis. */
  readonly length: number;
}

/** One point of a sweep: its index, its parameter values and its seed. */
export interface SweepPoint {
  /** Position in the sweep's order, 0-based (the first grid parameter varies slowest). */
  readonly index: number;
  /** Value of every swept parameter, in the sweep's parameter order. */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  /** The point's seed, from the sweep seed and `index` ({@link pointSeed}). */
  readonly seed: number;
}

/** The axes of a sweep: one per `grid` parameter in file order, then one for all `zip` parameters. */
export function sweepAxes(sweep: Pick<SweepFile, 'grid' | 'zip'>): SweepAxis[] {
  const axes: SweepAxis[] = Object.entries(sweep.grid ?? {}).map(([name, values]) => ({ names: [name], values: [values], length: values.length }));
  const zip = Object.entries(sweep.zip ?? {});
  if (zip.length > 0) axes.push({ names: zip.map(([name]) => name), values: zip.map(([, values]) => values), length: zip[0][1].length });
  return axes;
}

/** Names of the swept parameters, in table order (grid parameters, then zipped ones). */
export function parameterNames(sweep: Pick<SweepFile, 'grid' | 'zip'>): string[] {
  return sweepAxes(sweep).flatMap((axis) => axis.names);
}

/** Number of points: the product of the axes' lengths. */
export function pointCount(sweep: Pick<SweepFile, 'grid' | 'zip'>): number {
  return sweepAxes(sweep).reduce((count, axis) => count * axis.length, 1);
}

/**
 * Point `index` of a sweep (row-major over the axes: the last axis varies
 * fastest). Computed from the index alone, so shares and workers need no
 * list of every point.
 */
export function sweepPoint(sweep: Pick<SweepFile, 'grid' | 'zip' | 'seed'>, index: number): SweepPoint {
  const axes = sweepAxes(sweep);
  const positions = new Array<number>(axes.length);
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    positions[a] = rest % axes[a].length;
    rest = Math.floor(rest / axes[a].length);
  }
  const parameters: Record<string, ParameterValue> = {};
  axes.forEach((axis, a) => axis.names.forEach((name, i) => (parameters[name] = axis.values[i][positions[a]])));
  return { index, parameters, seed: pointSeed(sweep.seed, index) };
}

/** `g=4, eta=2`: a point's parameters for messages. */
export function describePoint(point: SweepPoint): string {
  return Object.entries(point.parameters)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? JSON.stringify(value) : value}`)
    .join(', ');
}
