import type { ImageAnalysis } from '../analyzeImage';
import type { Classifier } from '../classifier';
import { gradCam } from './gradCam';
import { ifimMap } from './ifimMaps';
import { integratedGradients } from './integratedGradients';
import { occlusion } from './occlusion';
import { gradientSaliency } from './saliency';
import { smoothGrad } from './smoothGrad';
import type { AttributionContext, AttributionMap, AttributionSpec } from './types';

/** One map of any method (the UI and the CLI call this). */
export async function computeAttribution(
  classifier: Classifier,
  xModelSpace: Float32Array,
  spec: AttributionSpec,
  context: AttributionContext = {},
  analysis?: ImageAnalysis,
): Promise<AttributionMap> {
  switch (spec.method) {
    case 'saliency':
      return gradientSaliency(classifier, xModelSpace, context);
    case 'smoothgrad':
      return smoothGrad(classifier, xModelSpace, spec, context);
    case 'integrated-gradients': {
      // Strip the H×W×Ch extras: callers of the generic API get a plain map.
      const { attributions: _a, baselineImage: _b, ...map } = await integratedGradients(classifier, xModelSpace, spec, context);
      return map;
    }
    case 'gradcam':
      return gradCam(classifier, xModelSpace, spec, context);
    case 'occlusion':
      return occlusion(classifier, xModelSpace, spec, context);
    case 'ifim':
    case 'ifim-xhigh':
      return ifimMap(classifier, xModelSpace, spec, analysis);
  }
}

/** The maps of the comparison table: every method once, IG with both baselines, both iFIM maps. */
export const DEFAULT_COMPARISON_SPECS: readonly AttributionSpec[] = [
  { method: 'saliency' },
  { method: 'smoothgrad' },
  { method: 'integrated-gradients', baseline: 'black' },
  { method: 'integrated-gradients', baseline: 'blur' },
  { method: 'gradcam' },
  { method: 'occlusion' },
  { method: 'ifim' },
  { method: 'ifim-xhigh', k: 1 },
];
