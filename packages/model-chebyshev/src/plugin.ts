import { type DependencyContainer, InvalidParameterError, type ModelPlugin, type ParameterSpec, registeredModels, registerPlugins } from '@sparseprop/core';
import { ChebyshevPtcModel } from './chebyshev-ptc-model.js';
import { DEFAULT_FIT_OPTIONS, MAX_DEGREE_RANGE, TOLERANCE_RANGE } from './fit/fit-options.js';

/** Prefix of every plugin made by {@link chebyshev}. */
export const CHEBYSHEV_PREFIX = 'chebyshev:';

/** The fit's own plugin parameters, added to the base model's. */
export const FIT_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'tolerance',
    description: 'largest absolute error of the fitted PTC',
    unit: '1 (phase)',
    default: DEFAULT_FIT_OPTIONS.tolerance,
    range: `[${TOLERANCE_RANGE[0]}, ${TOLERANCE_RANGE[1]}]`,
  },
  {
    name: 'maxDegree',
    description: 'largest polynomial degree of one fitted piece (more needed: the piece is split)',
    unit: '1',
    default: DEFAULT_FIT_OPTIONS.maxDegree,
    range: `[${MAX_DEGREE_RANGE[0]}, ${MAX_DEGREE_RANGE[1]}] (integer)`,
  },
];

/**
 * The Chebyshev variant of a model plugin: `chebyshev:<base.name>`, taking
 * the base's parameters plus `tolerance` and `maxDegree`, building the base
 * model for the network and fitting its PTC for the network's weights
 * (`NetworkContext.weights`: per distinct weight, or 2-D over the range).
 * @throws InvalidParameterError when the base already has a parameter named `tolerance` or `maxDegree`.
 */
export function chebyshev(base: ModelPlugin): ModelPlugin {
  for (const p of base.parameters) {
    if (FIT_PARAMETERS.some((f) => f.name === p.name)) {
      throw new InvalidParameterError(`parameters of model ${base.name}`, p.name, `names other than ${FIT_PARAMETERS.map((f) => f.name).join(', ')} (the chebyshev variant adds them)`);
    }
  }
  const initialPhase = base.initialPhase;
  return {
    kind: 'model',
    name: CHEBYSHEV_PREFIX + base.name,
    description: `${base.name} with its PTC as fitted Chebyshev series (Clenshaw): ${base.description}`,
    parameters: [...base.parameters, ...FIT_PARAMETERS],
    create(network, params) {
      const baseParams: Record<string, number> = {};
      for (const p of base.parameters) baseParams[p.name] = params[p.name];
      return new ChebyshevPtcModel(base.create(network, baseParams), {
        weights: network.weights,
        tolerance: params.tolerance,
        maxDegree: params.maxDegree,
      });
    },
    // the base's initial state, in the same phase convention
    initialPhase: initialPhase === undefined ? undefined : (u, model) => initialPhase(u, model instanceof ChebyshevPtcModel ? model.base : model),
  };
}

/**
 * Register `chebyshev:<name>` for every model plugin registered in
 * `container` that is not itself a Chebyshev variant and has none yet.
 * Register the base plugins first. Returns the container.
 */
export function registerChebyshevVariants(container: DependencyContainer): DependencyContainer {
  const models = registeredModels(container);
  const names = new Set(models.map((m) => m.name));
  const variants = models.filter((m) => !m.name.startsWith(CHEBYSHEV_PREFIX) && !names.has(CHEBYSHEV_PREFIX + m.name)).map(chebyshev);
  // a base registered twice (an override) yields one variant, of the last registration
  const unique = new Map(variants.map((v) => [v.name, v]));
  return registerPlugins(container, ...unique.values());
}
