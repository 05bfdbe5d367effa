import { forwardLogits } from '../analyzeImage';
import type { Classifier } from '../classifier';
import { argmax } from './targetGradients';

/** The class to explain and the logits at x (one forward pass). */
export async function resolveTarget(classifier: Classifier, x: Float32Array, target: number | undefined): Promise<{ target: number; logits: Float32Array }> {
  const logits = await forwardLogits(classifier, x, 1);
  const chosen = target ?? argmax(logits);
  if (!Number.isInteger(chosen) || chosen < 0 || chosen >= logits.length) throw new RangeError(`target class ${chosen} outside 0…${logits.length - 1}`);
  return { target: chosen, logits };
}
