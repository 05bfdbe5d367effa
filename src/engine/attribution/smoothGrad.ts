import { reduceChannels } from '../../core/attribution';
import { mixSeed, seededRng } from '../../core/perturbation';
import type { Classifier } from '../classifier';
import { resolveTarget } from './resolveTarget';
import { inputSize, targetLogitGradientsChunked } from './targetGradients';
import type { AttributionContext, AttributionMap, AttributionSpec } from './types';

/**
 * SmoothGrad (Smilkov et al. 2017, arXiv 1706.03825): the gradient averaged over copies of x with
 * Gaussian noise of σ = noiseLevel · (max x − min x) (the paper finds 10–20 % best), then |·| and
 * the largest over channels, as for saliency. Noise is seeded.
 */
export async function smoothGrad(classifier: Classifier, x: Float32Array, spec: AttributionSpec, context: AttributionContext = {}): Promise<AttributionMap> {
  const { target } = await resolveTarget(classifier, x, context.target);
  const [h, w, c] = classifier.info.inputShape;
  const n = inputSize(classifier);
  const samples = spec.samples ?? 50;
  const noiseLevel = spec.noiseLevel ?? 0.15;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const sigma = noiseLevel * (hi - lo);
  const seed = context.seed ?? 0;
  const sum = new Float64Array(n);
  await targetLogitGradientsChunked(
    classifier,
    samples,
    (i, out) => {
      const rng = seededRng(mixSeed(seed, 0x5300, i));
      for (let t = 0; t < n; t++) out[t] = x[t] + sigma * rng.normal();
    },
    target,
    context.batchSize ?? 16,
    (_start, gradients, size) => {
      for (let j = 0; j < size; j++) for (let t = 0; t < n; t++) sum[t] += gradients[j * n + t];
    },
  );
  for (let t = 0; t < n; t++) sum[t] /= samples;
  return { method: 'smoothgrad', label: 'smoothgrad', height: h, width: w, values: reduceChannels(sum, c, 'max-abs'), signed: false, target, details: { samples, noiseLevel, sigma } };
}
