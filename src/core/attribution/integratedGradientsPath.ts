/**
 * The quadrature of Integrated Gradients (Sundararajan, Taly & Yan 2017, ICML, eq. 1):
 * IG_i = (x_i − x'_i) ∫₀¹ ∂f/∂x_i (x' + α (x − x')) dα, here by the trapezoid rule on m equal
 * steps (α_j = j/m). Doubling m adds only the midpoints, so refinement reuses every gradient.
 */

/** The α values first evaluated at refinement level `m` (all of 0…m for the first level, else the odd j/m). */
export function newAlphas(m: number, first: boolean): number[] {
  const out: number[] = [];
  for (let j = 0; j <= m; j++) if (first || j % 2 === 1) out.push(j / m);
  return out;
}

/** Trapezoid weight of α_j = j/m on the grid of m steps. */
export function trapezoidWeight(j: number, m: number): number {
  return j === 0 || j === m ? 0.5 / m : 1 / m;
}

/**
 * Attributions (x − x') ⊙ ∫∇f from the gradient sums at the ends and the interior points:
 * ∫ ≈ (½ g(0) + Σ_{0<j<m} g(j/m) + ½ g(1)) / m.
 */
export function integratedGradientsAttributions(
  x: ArrayLike<number>,
  baseline: ArrayLike<number>,
  endsSum: Float64Array,
  interiorSum: Float64Array,
  m: number,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = ((x[i] - baseline[i]) * (0.5 * endsSum[i] + interiorSum[i])) / m;
  return out;
}

/** |Σ attributions − (f(x) − f(x'))| / |f(x) − f(x')|: the completeness gap (Sundararajan et al., Prop. 1). */
export function completenessGap(attributions: ArrayLike<number>, fx: number, fBaseline: number): { sum: number; difference: number; relativeGap: number } {
  let sum = 0;
  for (let i = 0; i < attributions.length; i++) sum += attributions[i];
  const difference = fx - fBaseline;
  return { sum, difference, relativeGap: Math.abs(sum - difference) / Math.max(Math.abs(difference), 1e-12) };
}
