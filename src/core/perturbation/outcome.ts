import { klFromLogits, probabilitiesFromLogits } from '../divergence';
import type { HeadType } from '../types';

/** What a perturbation did to the prediction. */
export interface PerturbationOutcome {
  /** p_ŷ(x′) − p_ŷ(x) for the class ŷ predicted at x (sigmoid: the label with the largest q). */
  readonly deltaP: number;
  /** KL(p(·|x) ‖ p(·|x′)), from the logits (no log of a saturated probability). */
  readonly kl: number;
  /** softmax: the argmax changed. sigmoid: any label's decision at q = ½ changed. */
  readonly flipped: boolean;
}

/** The class the clean prediction is about: argmax p (softmax) or argmax q (sigmoid). */
export function predictedClass(logits: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < logits.length; c++) if (logits[c] > logits[best]) best = c;
  return best;
}

export function perturbationOutcome(head: HeadType, cleanLogits: ArrayLike<number>, perturbedLogits: ArrayLike<number>): PerturbationOutcome {
  const target = predictedClass(cleanLogits);
  const p = probabilitiesFromLogits(head, cleanLogits);
  const q = probabilitiesFromLogits(head, perturbedLogits);
  let flipped: boolean;
  if (head === 'softmax') {
    flipped = predictedClass(perturbedLogits) !== target;
  } else {
    // Decisions read off the logits' sign: q ≥ ½ ⇔ z ≥ 0, exact even when q rounds to 1.
    flipped = false;
    for (let c = 0; c < cleanLogits.length; c++) if (cleanLogits[c] >= 0 !== perturbedLogits[c] >= 0) flipped = true;
  }
  return { deltaP: q[target] - p[target], kl: klFromLogits(head, cleanLogits, perturbedLogits), flipped };
}

/**
 * The KL divergence that float32 rounding of the logits alone can produce: with logit errors of
 * δ = ulps · 2⁻²⁴ · max(1, max|z|), KL ≈ ½ Σ p_c (δ_c − δ̄)² ≤ 2δ². `ulps` allows for rounding
 * accumulated through the network (4 ulps by default: a lower bound; the engine also measures
 * the floor at tiny complement perturbations and takes the larger).
 */
export function theoreticalKlNoiseFloor(logits: ArrayLike<number>, ulps = 4): number {
  let largest = 1;
  for (let c = 0; c < logits.length; c++) largest = Math.max(largest, Math.abs(logits[c]));
  const delta = ulps * 2 ** -24 * largest;
  return 2 * delta * delta;
}
