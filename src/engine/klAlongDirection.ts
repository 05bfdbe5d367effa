import type { FisherEigen } from '../core/fisherAnalysis';
import { klFromLogits } from '../core/divergence';
import type { ValidityRadius, ValidityRadiusOptions } from '../core/validityRadius';
import { validityRadius } from '../core/validityRadius';
import { forwardLogits } from './analyzeImage';
import type { Classifier } from './classifier';

/**
 * KL(p(x) ‖ p(x + ε d)) and KL(p(x) ‖ p(x − ε d)) from one forward pass over the batch of the two
 * moved images: forward passes only, no gradients.
 */
export async function klAlongDirection(
  classifier: Classifier,
  xModelSpace: Float32Array,
  logitsAtX: ArrayLike<number>,
  direction: ArrayLike<number>,
  epsilon: number,
): Promise<[number, number]> {
  const n = xModelSpace.length;
  if (direction.length !== n) throw new RangeError(`direction has ${direction.length} values; the image has ${n}`);
  const batch = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    batch[k] = xModelSpace[k] + epsilon * direction[k];
    batch[n + k] = xModelSpace[k] - epsilon * direction[k];
  }
  const logits = await forwardLogits(classifier, batch, 2);
  const c = logitsAtX.length;
  const head = classifier.info.head;
  return [klFromLogits(head, logitsAtX, logits.subarray(0, c)), klFromLogits(head, logitsAtX, logits.subarray(c, 2 * c))];
}

/**
 * The validity radius (core/validityRadius) of each of the first `count` modes: where the measured
 * KL along ±v_i leaves 20 % of ½ε²λ_i. About 15–30 batched forward passes of two images per mode.
 */
export async function modeValidityRadii(
  classifier: Classifier,
  xModelSpace: Float32Array,
  logitsAtX: ArrayLike<number>,
  eigen: FisherEigen,
  count: number,
  options: ValidityRadiusOptions & { checkCancelled?: () => void } = {},
): Promise<ValidityRadius[]> {
  const n = xModelSpace.length;
  const out: ValidityRadius[] = [];
  for (let i = 0; i < Math.min(count, eigen.modeCount); i++) {
    options.checkCancelled?.();
    const v = eigen.imageEigenvectors.subarray(i * n, (i + 1) * n);
    out.push(await validityRadius((epsilon) => klAlongDirection(classifier, xModelSpace, logitsAtX, v, epsilon), eigen.eigenvalues[i], options));
  }
  return out;
}
