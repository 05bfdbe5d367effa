import type { AnalysisWarning } from './domainCheckWarnings';
import { formatNumber } from './domainCheckWarnings';
import type { HeadType } from './types';

/**
 * The insensitive-model note. To first order a perturbation δ (model input space) changes class
 * probability c by p_c sᵀδ with δᵀFδ ≥ p_c (s_c·δ)² (softmax, s_c = ∇log p_c) or by
 * q_c(1 − q_c) ∇z_c·δ with δᵀFδ ≥ q_c(1 − q_c)(∇z_c·δ)² (sigmoid), hence
 *   |Δp_c| ≤ √p_c·√(δᵀFδ) ≤ √λ₁ ‖δ‖   (softmax),   |Δq_c| ≤ ½ √λ₁ ‖δ‖   (sigmoid).
 * Changing every pixel by up to one grey level g = 1/255 of the [0, 1] intensities is a δ with
 * ‖δ‖ ≤ √N g / min_c std_c in model space, which bounds every probability change. When that bound
 * is below 0.1 percentage points the model barely reacts to the image, and the sensitivity maps
 * show the direction of a negligible effect stretched to fill the colour scale.
 */

/** One grey level of an 8-bit display, in the [0, 1] intensities the decoder delivers. */
export const GREY_LEVEL = 1 / 255;
/** Below this first-order probability change for one grey level everywhere, the note is shown. */
export const INSENSITIVE_PROBABILITY_CHANGE = 1e-3;

/** The largest first-order change of any class probability when every pixel moves by up to one grey level. */
export function probabilityChangePerGreyLevel(lambda1: number, head: HeadType, inputSize: number, std: readonly number[]): number {
  const minStd = Math.min(...std);
  if (!(minStd > 0)) throw new RangeError('preprocessing std must be positive');
  const norm = (Math.sqrt(inputSize) * GREY_LEVEL) / minStd;
  return (head === 'sigmoid' ? 0.5 : 1) * Math.sqrt(Math.max(0, lambda1)) * norm;
}

export interface SensitivityNoteInput {
  /** λ₁, the largest eigenvalue of F(x). */
  readonly lambda1: number;
  readonly head: HeadType;
  /** N = H·W·Ch. */
  readonly inputSize: number;
  /** preprocessing.std: model-space units per unit intensity. */
  readonly std: readonly number[];
  /** λ₁ on the training images at two percentiles, e.g. the 5th and 95th, for the message. */
  readonly typicalLambda1?: { readonly low: number; readonly high: number; readonly lowPercentile: number; readonly highPercentile: number };
}

export function insensitivityWarning(input: SensitivityNoteInput): AnalysisWarning | null {
  const change = probabilityChangePerGreyLevel(input.lambda1, input.head, input.inputSize, input.std);
  if (!(change < INSENSITIVE_PROBABILITY_CHANGE)) return null;
  const t = input.typicalLambda1;
  const typical = t ? `; on its training images λ₁ lies between ${formatNumber(t.low)} and ${formatNumber(t.high)} (${t.lowPercentile}th to ${t.highPercentile}th percentile)` : '';
  return {
    code: 'insensitive-model',
    message:
      `The model barely reacts to small changes of this image: changing every pixel by up to one grey level (1/255) moves no class probability by more than ${formatNumber(change * 100)} percentage points ` +
      `(λ₁ = ${formatNumber(input.lambda1)}${typical}). The sensitivity maps show the direction of a negligible effect, stretched to fill the colour scale.`,
  };
}
