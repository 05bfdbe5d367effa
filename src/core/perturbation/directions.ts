import type { SeededRng } from './seededRng';

/**
 * Unit directions for the perturbation study (METHOD: "The paper's evidence"). `modes` holds the
 * image-space eigenvectors v_1 … v_R as R rows of N values (orthonormal, from fisherEigenAnalysis).
 */
export interface ModeBasis {
  /** count × inputSize, row-major. */
  readonly vectors: ArrayLike<number>;
  readonly count: number;
  readonly inputSize: number;
}

export interface LeadingDirection {
  /** Σ u_i v_i, unit norm. */
  readonly direction: Float64Array;
  /** u (k values, unit norm): the weights of the combination. */
  readonly weights: Float64Array;
}

/**
 * Family (a): a random unit combination u of v_1 … v_k (u uniform on the sphere S^{k−1}, i.e. a
 * normalised Gaussian). Since the v_i are orthonormal, |Σ u_i v_i| = |u| = 1.
 */
export function leadingDirection(modes: ModeBasis, k: number, rng: SeededRng): LeadingDirection {
  if (!Number.isInteger(k) || k < 1 || k > modes.count) throw new RangeError(`k = ${k} outside 1…${modes.count}`);
  const weights = normalised(Float64Array.from({ length: k }, () => rng.normal()));
  const direction = new Float64Array(modes.inputSize);
  for (let i = 0; i < k; i++) addScaled(direction, modes.vectors, i * modes.inputSize, weights[i]);
  // Renormalise against the ~1e-9 non-orthonormality the float32 Jacobian leaves in the v_i.
  return { direction: normalised(direction), weights };
}

/**
 * ½ Σ u_i² λ_i: the second-order prediction of KL(p(x) ‖ p(x + ε Σ u_i v_i)) divided by ε².
 * Because F v_i = λ_i v_i and the v_i are orthonormal, δᵀFδ = ε² Σ_i u_i² λ_i: the cross terms
 * vanish, and the prediction is not ½ ε² λ_1 unless u = ±e_1.
 */
export function secondOrderKlCoefficient(weights: ArrayLike<number>, eigenvalues: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] * weights[i] * eigenvalues[i];
  return 0.5 * sum;
}

/**
 * Family (b): a unit direction orthogonal to every mode in `modes` (pass all R numerically nonzero
 * modes: then δᵀFδ = 0 and the KL starts at third order). A Gaussian vector minus its projections,
 * done twice (classical Gram–Schmidt loses orthogonality once; twice is enough, Giraud et al. 2005).
 */
export function complementDirection(modes: ModeBasis, rng: SeededRng): Float64Array {
  const g = gaussianVector(modes.inputSize, rng);
  for (let pass = 0; pass < 2; pass++) removeProjections(g, modes.vectors, modes.count, modes.inputSize);
  return normalised(g);
}

/** Family (c): a unit direction uniform on the sphere of R^N. */
export function isotropicDirection(inputSize: number, rng: SeededRng): Float64Array {
  return normalised(gaussianVector(inputSize, rng));
}

/**
 * The component of x in a random k-dimensional subspace (an orthonormalised Gaussian basis): the
 * control for removing x_high(k). Family (d) rescales it to |x_high(k)| so both removals have equal
 * norm.
 */
export function randomSubspaceComponent(x: ArrayLike<number>, k: number, rng: SeededRng): Float64Array {
  const n = x.length;
  const basis = new Float64Array(k * n);
  for (let i = 0; i < k; i++) {
    const b = gaussianVector(n, rng);
    for (let pass = 0; pass < 2; pass++) removeProjections(b, basis, i, n);
    basis.set(normalised(b), i * n);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < k; i++) {
    let dot = 0;
    for (let t = 0; t < n; t++) dot += basis[i * n + t] * x[t];
    addScaled(out, basis, i * n, dot);
  }
  return out;
}

export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function normalised(v: Float64Array): Float64Array {
  const n = norm2(v);
  if (!(n > 0)) throw new RangeError('cannot normalise a zero vector');
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

function gaussianVector(n: number, rng: SeededRng): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return v;
}

function removeProjections(target: Float64Array, vectors: ArrayLike<number>, count: number, n: number): void {
  for (let i = 0; i < count; i++) {
    let dot = 0;
    for (let t = 0; t < n; t++) dot += vectors[i * n + t] * target[t];
    addScaled(target, vectors, i * n, -dot);
  }
}

function addScaled(target: Float64Array, source: ArrayLike<number>, offset: number, scale: number): void {
  for (let t = 0; t < target.length; t++) target[t] += scale * source[offset + t];
}
