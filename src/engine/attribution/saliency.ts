import { reduceChannels } from '../../core/attribution';
import type { Classifier } from '../classifier';
import { resolveTarget } from './resolveTarget';
import { targetLogitGradients } from './targetGradients';
import type { AttributionContext, AttributionMap } from './types';

/**
 * Gradient saliency (Simonyan, Vedaldi & Zisserman 2014, §3.1): |∂z_t/∂x|, the largest over
 * channels. The gradient of the logit, not of the probability, which saturates.
 */
export async function gradientSaliency(classifier: Classifier, x: Float32Array, context: AttributionContext = {}): Promise<AttributionMap> {
  const { target } = await resolveTarget(classifier, x, context.target);
  const [h, w, c] = classifier.info.inputShape;
  const gradient = await targetLogitGradients(classifier, x, 1, target);
  return { method: 'saliency', label: 'saliency', height: h, width: w, values: reduceChannels(gradient, c, 'max-abs'), signed: false, target, details: {} };
}
