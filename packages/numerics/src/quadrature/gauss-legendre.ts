/** Nodes and weights of an n-point Gauss–Legendre rule on [-1, 1]. */
export interface GaussRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The n-point Gauss–Legendre rule, nodes found by Newton's method on the
 * Legendre polynomial P_n (three-term recurrence) from the classical
 * asymptotic guesses; accurate to a few ulps for n ≤ 100. Exact for
 * polynomials of degree ≤ 2n - 1.
 */
export function gaussLegendre(n: number): GaussRule {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1, p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1, pnMinus1 = n === 1 ? 1 : p0;
      derivative = (n * (x * pn - pnMinus1)) / (x * x - 1);
      const step = pn / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-17) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

/** ∫_a^b f with a Gauss rule mapped onto [a, b]. */
export function integrateWithRule(f: (x: number) => number, a: number, b: number, rule: GaussRule): number {
  const half = (b - a) / 2, mid = (a + b) / 2;
  let sum = 0;
  for (let i = 0; i < rule.nodes.length; i++) sum += rule.weights[i] * f(mid + half * rule.nodes[i]);
  return sum * half;
}
