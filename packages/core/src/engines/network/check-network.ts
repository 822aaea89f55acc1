import type { CompiledNetwork } from '../../contracts/compiled-network.js';
import { InvalidParameterError } from '../../errors/errors.js';

/**
 * Check a {@link CompiledNetwork} before an engine allocates its state:
 * sizes, array lengths, population coverage, drives, refractory periods,
 * initial voltages, projection ranges and delays, step currents. Throws
 * {@link InvalidParameterError} naming the field.
 */
export function checkCompiledNetwork(network: CompiledNetwork): void {
  const n = network.size;
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) throw new InvalidParameterError('network.size', n, 'an integer in [1, 2^31 - 1]');
  const m = network.sourceCount;
  if (!Number.isInteger(m) || m < 0 || n + m > 2 ** 31 - 1) throw new InvalidParameterError('network.sourceCount', m, 'an integer ≥ 0 with size + sourceCount < 2^31');
  if (!(network.tau > 0) || !Number.isFinite(network.tau)) throw new InvalidParameterError('network.tau', network.tau, 'a finite number > 0 (seconds)');
  for (const [name, array] of [['drive', network.drive], ['refractory', network.refractory], ['initialVoltage', network.initialVoltage]] as const) {
    if (array.length !== n) throw new InvalidParameterError(`network.${name}.length`, array.length, `equal to network.size (${n})`);
  }
  let next = 0;
  for (const population of network.populations) {
    if (population.start !== next || !(population.end > population.start)) {
      throw new InvalidParameterError(`populations.${population.name}`, `[${population.start}, ${population.end})`, `a non-empty range starting at ${next} (populations cover 0 … size-1 in order)`);
    }
    const dyn = population.dynamics;
    if (!(dyn.vReset < dyn.vThreshold)) throw new InvalidParameterError(`populations.${population.name}.vReset`, dyn.vReset, `below the threshold ${dyn.vThreshold}`);
    for (let i = population.start; i < population.end; i++) {
      if (!Number.isFinite(network.drive[i])) throw new InvalidParameterError(`drive[${i}]`, network.drive[i], 'a finite number');
      const r = network.refractory[i];
      if (!(r >= 0) || !Number.isFinite(r)) throw new InvalidParameterError(`populations.${population.name}.refractory (neuron ${i})`, r, 'a finite number ≥ 0 (seconds)');
      if (!Number.isFinite(network.initialVoltage[i])) throw new InvalidParameterError(`initialVoltage[${i}]`, network.initialVoltage[i], 'a finite number');
    }
    next = population.end;
  }
  if (next !== n) throw new InvalidParameterError('populations', `cover 0 … ${next - 1}`, `ranges covering 0 … ${n - 1}`);
  next = n;
  for (const source of network.sources) {
    if (source.start !== next || !(source.end > source.start)) {
      throw new InvalidParameterError(`sources.${source.name}`, `[${source.start}, ${source.end})`, `a non-empty range starting at ${next}`);
    }
    next = source.end;
  }
  if (next !== n + m) throw new InvalidParameterError('sources', `cover ${n} … ${next - 1}`, `ranges covering ${n} … ${n + m - 1}`);
  for (const projection of network.projections) {
    const { sourceStart: a, sourceEnd: b } = projection;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b <= a || b > n + m) {
      throw new InvalidParameterError(`projections.${projection.name}.source`, `[${a}, ${b})`, `a non-empty range within [0, ${n + m})`);
    }
    if (!Number.isInteger(projection.maxOutDegree) || projection.maxOutDegree < 0) {
      throw new InvalidParameterError(`projections.${projection.name}.maxOutDegree`, projection.maxOutDegree, 'an integer ≥ 0');
    }
    const d = projection.delay;
    if (d !== undefined && (!(d >= 0) || !Number.isFinite(d))) throw new InvalidParameterError(`projections.${projection.name}.delay`, d, 'a finite number ≥ 0 (seconds)');
  }
  let last = -Infinity;
  for (const [s, step] of network.stepCurrents.entries()) {
    if (!(step.timeSeconds >= last) || !Number.isFinite(step.timeSeconds)) {
      throw new InvalidParameterError(`stepCurrents[${s}].time`, step.timeSeconds, `finite and ≥ the previous step's time (${last})`);
    }
    if (!Number.isInteger(step.start) || !Number.isInteger(step.end) || step.start < 0 || step.end > n || step.end < step.start) {
      throw new InvalidParameterError(`stepCurrents[${s}].neurons`, `[${step.start}, ${step.end})`, `a range within [0, ${n})`);
    }
    if (!Number.isFinite(step.iext)) throw new InvalidParameterError(`stepCurrents[${s}].iext`, step.iext, 'a finite number');
    last = step.timeSeconds;
  }
}
