import { constantBaseline, occludedImage, occlusionMap, occlusionPatches } from '../../core/attribution';
import { forwardLogits } from '../analyzeImage';
import type { Classifier } from '../classifier';
import { resolveTarget } from './resolveTarget';
import type { AttributionContext, AttributionMap, AttributionSpec } from './types';

/**
 * Occlusion (Zeiler & Fergus 2014): each patch replaced by the model-space 0 (the training mean
 * intensity: a neutral grey, not black, which in many modalities is itself a finding); the map is
 * the mean drop z_t(x) − z_t(x with the patch occluded) over the patches covering a pixel.
 */
export async function occlusion(classifier: Classifier, x: Float32Array, spec: AttributionSpec, context: AttributionContext = {}): Promise<AttributionMap> {
  const { target, logits } = await resolveTarget(classifier, x, context.target);
  const [h, w, c] = classifier.info.inputShape;
  const n = h * w * c;
  const size = spec.patchSize ?? Math.max(1, Math.round(Math.min(h, w) / 8));
  const stride = spec.stride ?? Math.max(1, Math.round(size / 2));
  const patches = occlusionPatches(h, w, size, stride);
  const baseline = constantBaseline(h * w, new Array<number>(c).fill(0));
  const classes = logits.length;
  const drops = new Float64Array(patches.length);
  const batchSize = context.batchSize ?? 32;
  for (let start = 0; start < patches.length; start += batchSize) {
    const b = Math.min(batchSize, patches.length - start);
    const batch = new Float32Array(b * n);
    for (let j = 0; j < b; j++) occludedImage(x, baseline, w, c, patches[start + j], size, batch.subarray(j * n, (j + 1) * n));
    const z = await forwardLogits(classifier, batch, b);
    for (let j = 0; j < b; j++) drops[start + j] = logits[target] - z[j * classes + target];
  }
  return {
    method: 'occlusion',
    label: 'occlusion',
    height: h,
    width: w,
    values: occlusionMap(drops, patches, h, w, size),
    signed: true,
    target,
    details: { patchSize: size, stride, patches: patches.length, baseline: 'model-space 0 (training mean)' },
  };
}
