import { complementDirection } from '../core/perturbation/directions';
import { seededRng } from '../core/perturbation/seededRng';

/**
 * Walking along a direction: x(ε) = x + ε d in model-input space, with |d| = 1, so ε is the
 * L2 length of the step in the model's own (normalised) units. To second order
 * KL(p(x) ‖ p(x + ε d)) = ½ ε² dᵀF d, which is ½ ε² λ_i along v_i (METHOD: "The iFIM").
 */

export interface WalkRange {
  /** The slider's end: |ε| ≤ epsilonMax. */
  readonly epsilonMax: number;
  /** |x − mean(x)|₂: the image's own contrast, = std(x)·√N. */
  readonly imageContrastNorm: number;
  /** The step along v_1 whose second-order KL is SATURATING_KL (√(2·SATURATING_KL/λ₁)), or null when λ₁ = 0. */
  readonly saturatingStep: number | null;
  readonly limitedBy: 'image' | 'sensitivity';
}

/** KL (nats) at which any prediction is as good as flipped: past it the walk shows nothing new. */
export const SATURATING_KL = 8;

/**
 * The range of ε: the smaller of (a) the image's own contrast |x − x̄| = std·√N — a step that long
 * is as large as everything in the image, so the result is no longer "this image, slightly
 * changed" — and (b) the step at which the second-order KL along the most sensitive mode reaches
 * 8 nats, beyond which every prediction is saturated. One range for every direction, so the walks
 * along v_i and along the random complement direction compare steps of equal length.
 */
export function walkRange(xModelSpace: ArrayLike<number>, lambda1: number): WalkRange {
  const n = xModelSpace.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xModelSpace[i];
  mean /= Math.max(1, n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (xModelSpace[i] - mean) ** 2;
  const contrast = Math.sqrt(sum);
  const imageContrastNorm = contrast > 0 && Number.isFinite(contrast) ? contrast : Math.sqrt(Math.max(1, n));
  const saturatingStep = lambda1 > 0 && Number.isFinite(lambda1) ? Math.sqrt((2 * SATURATING_KL) / lambda1) : null;
  if (saturatingStep !== null && saturatingStep < imageContrastNorm) return { epsilonMax: saturatingStep, imageContrastNorm, saturatingStep, limitedBy: 'sensitivity' };
  return { epsilonMax: imageContrastNorm, imageContrastNorm, saturatingStep, limitedBy: 'image' };
}

/** Slider position s ∈ [−1, 1] → ε = sign(s)·s²·ε_max: quadratic, so small steps get most of the slider. */
export function epsilonFromPosition(position: number, epsilonMax: number): number {
  const s = Math.max(-1, Math.min(1, Number.isFinite(position) ? position : 0));
  return Math.sign(s) * s * s * epsilonMax;
}

export function positionFromEpsilon(epsilon: number, epsilonMax: number): number {
  if (!(epsilonMax > 0)) return 0;
  const t = Math.max(-1, Math.min(1, epsilon / epsilonMax));
  return Math.sign(t) * Math.sqrt(Math.abs(t));
}

/** x + ε d, in float32 as the model takes it. */
export function walkedInput(x: ArrayLike<number>, direction: ArrayLike<number>, epsilon: number): Float32Array {
  if (x.length !== direction.length) throw new RangeError(`image has ${x.length} values, the direction ${direction.length}`);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + epsilon * direction[i];
  return out;
}

/**
 * A seeded random unit direction orthogonal to v_1 … v_k (the leading k modes): the contrast to
 * walking along v_i. With k at the numerical rank it is orthogonal to every sensitive direction,
 * and the KL grows at third order only.
 */
export function complementWalkDirection(vectors: ArrayLike<number>, inputSize: number, k: number, seed: number): Float64Array {
  return complementDirection({ vectors, count: Math.max(0, k), inputSize }, seededRng(seed));
}

/** dᵀ F d = Σ_i λ_i (v_iᵀ d)² over the kept modes (F has no other nonzero eigenvalues). */
export function fisherQuadraticForm(direction: ArrayLike<number>, vectors: ArrayLike<number>, eigenvalues: ArrayLike<number>, modeCount: number, inputSize: number): number {
  let total = 0;
  for (let i = 0; i < modeCount; i++) {
    let dot = 0;
    const offset = i * inputSize;
    for (let t = 0; t < inputSize; t++) dot += vectors[offset + t] * direction[t];
    total += eigenvalues[i] * dot * dot;
  }
  return total;
}

/** ½ ε² dᵀFd: the second-order prediction of the KL. */
export function secondOrderKl(epsilon: number, quadraticForm: number): number {
  return 0.5 * epsilon * epsilon * quadraticForm;
}
