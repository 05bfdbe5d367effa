import { highComponentMap, leadingModeMap } from '../../core/attribution';
import { highSensitivityComponent } from '../../core';
import type { ImageAnalysis } from '../analyzeImage';
import { analyzeImage } from '../analyzeImage';
import type { Classifier } from '../classifier';
import type { AttributionMap, AttributionSpec } from './types';

/**
 * The iFIM's maps in the attribution format, so they enter the same tables: |v_1| and
 * |x_high(k)|. They belong to no class (target null): the iFIM is about the whole predictive
 * distribution. Pass `analysis` when the image has already been analysed.
 */
export async function ifimMap(classifier: Classifier, x: Float32Array, spec: AttributionSpec, analysis?: ImageAnalysis): Promise<AttributionMap> {
  const a = analysis ?? (await analyzeImage(classifier, x));
  const [h, w, c] = classifier.info.inputShape;
  const n = h * w * c;
  const { eigen } = a;
  if (eigen.modeCount === 0) throw new Error('the model has no sensitive direction at this image (iFIM rank 0): there is no iFIM map');
  if (spec.method === 'ifim') {
    return { method: 'ifim', label: 'ifim |v_1|', height: h, width: w, values: leadingModeMap(eigen.imageEigenvectors, n, c), signed: false, target: null, details: { lambda1: eigen.eigenvalues[0], rank: eigen.rank } };
  }
  const k = Math.min(spec.k ?? 1, eigen.modeCount);
  const high = highSensitivityComponent(eigen.imageEigenvectors, a.coefficients, k, n);
  return { method: 'ifim-xhigh', label: `ifim |x_high(${k})|`, height: h, width: w, values: highComponentMap(high, c), signed: false, target: null, details: { k, rank: eigen.rank } };
}
