import { InvalidParameterError, type ModelPlugin, type ParameterSpec, RecentCache } from '@sparseprop/core/plugin';
import { QuadratureModel } from '@sparseprop/numerics';
import { ChebyshevPtcModel } from './chebyshev-ptc-model.js';
import { FIT_PARAMETERS } from './plugin.js';


/** Quadrature tables kept per plugin. */
const TABLES_KEPT = 8;

/** A one-dimensional integrate-and-fire model given only by its right-hand side. */
export interface RightHandSideSpec {
  /** Plugin name used in configs and on the CLI, e.g. `"quartic-if"`. */
  readonly name: string;
  /** One line for `sparseprop models`. */
  readonly description: string;
  /**
   * `F(V)` of `dV/dt = F(V)` (dimensionless), given the network's drive
   * `iext` and the model's parameters. Must be > 0 from far below the reset
   * up to the cut-off (tonic firing); may return +Infinity, never NaN.
   */
  readonly rhs: (v: number, iext: number, params: Readonly<Record<string, number>>) => number;
  /** Reset voltage: a number, or a function of the parameters. */
  readonly vReset: number | ((params: Readonly<Record<string, number>>) => number);
  /** Spike cut-off voltage (> vReset): a number, or a function of the parameters. */
  readonly vPeak: number | ((params: Readonly<Record<string, number>>) => number);
  /** The model's own parameters (not `tolerance`/`maxDegree`, which are added). Default none. */
  readonly parameters?: readonly ParameterSpec[];
}

/**
 * A model plugin from nothing but `F(V)`: the phase maps come from
 * quadrature (`QuadratureModel` of @sparseprop/numerics: `T(V) = ∫_V^vPeak
 * dV'/F`, `phi = 1 - T(V)/T(vReset)`), and the PTC from Chebyshev fits of
 * it (`ChebyshevPtcModel`) for the network's weights. The plugin takes
 * `spec.parameters` plus `tolerance` and `maxDegree`.
 *
 * The tables (the costly part, ~0.1–1 s) are cached per drive and
 * parameters, the last 8 per plugin. Homogeneous drive only: a per-neuron
 * drive gives an {@link InvalidParameterError} naming `drive`.
 */
export function fromRightHandSide(spec: RightHandSideSpec): ModelPlugin {
  const own = spec.parameters ?? [];
  for (const p of own) {
    if (FIT_PARAMETERS.some((f) => f.name === p.name)) throw new InvalidParameterError(`parameters of model ${spec.name}`, p.name, `names other than ${FIT_PARAMETERS.map((f) => f.name).join(', ')}`);
  }
  // building the quadrature tables takes ~0.1–1 s: keep the last few per drive and parameters
  // (a homogeneous base serves any N; engine and reference runs of one network share it)
  const tables = new RecentCache<QuadratureModel>(TABLES_KEPT);
  return {
    kind: 'model',
    name: spec.name,
    description: spec.description,
    parameters: [...own, ...FIT_PARAMETERS],
    create(network, params) {
      if (network.drive !== undefined) {
        throw new InvalidParameterError('drive', 'per-neuron (heterogeneous)', `one drive for all neurons: ${spec.name} builds one phase table and one PTC fit shared by every neuron`);
      }
      const iext = network.iext;
      const own = Object.fromEntries(Object.keys(params).filter((k) => !FIT_PARAMETERS.some((f) => f.name === k)).map((k) => [k, params[k]]));
      const base = tables.get(`${iext}|${JSON.stringify(own)}`, () =>
        new QuadratureModel(
          {
            rhs: (v) => spec.rhs(v, iext, params),
            vReset: typeof spec.vReset === 'number' ? spec.vReset : spec.vReset(params),
            vPeak: typeof spec.vPeak === 'number' ? spec.vPeak : spec.vPeak(params),
            name: spec.name,
          },
          1,
        ),
      );
      return new ChebyshevPtcModel(base, { size: network.n, weights: network.weights, tolerance: params.tolerance, maxDegree: params.maxDegree });
    },
  };
}
