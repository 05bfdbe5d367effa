import { blackBaseline, blurredBaseline, completenessGap, constantBaseline, defaultBlurSigma, integratedGradientsAttributions, newAlphas, reduceChannels } from '../../core/attribution';
import { forwardLogits } from '../analyzeImage';
import type { Classifier } from '../classifier';
import { resolveTarget } from './resolveTarget';
import { inputSize, targetLogitGradientsChunked } from './targetGradients';
import type { AttributionContext, AttributionMap, AttributionSpec } from './types';

export interface IntegratedGradientsOptions {
  /** Stop refining once |Σ attributions − Δf| ≤ tolerance · |Δf| (default 0.01). */
  readonly tolerance?: number;
  readonly initialSteps?: number;
  readonly maxSteps?: number;
}

export interface IntegratedGradientsResult extends AttributionMap {
  /** H×W×Ch attributions before the channel sum. */
  readonly attributions: Float64Array;
  readonly baselineImage: Float32Array;
}

/**
 * Integrated Gradients (Sundararajan et al. 2017) of the target logit from a black or blurred
 * baseline, trapezoid rule on m steps, m doubled (reusing every gradient) until the completeness
 * gap |Σ attributions − (z_t(x) − z_t(x'))| is within the tolerance of |Δz_t| or m reaches maxSteps.
 * ReLU networks make the integrand piecewise constant, so the error falls only as 1/m: the gap
 * actually reached is reported in `details.completenessGap`.
 */
export async function integratedGradients(
  classifier: Classifier,
  x: Float32Array,
  spec: AttributionSpec,
  context: AttributionContext = {},
  options: IntegratedGradientsOptions = {},
): Promise<IntegratedGradientsResult> {
  const { target } = await resolveTarget(classifier, x, context.target);
  const [h, w, c] = classifier.info.inputShape;
  const n = inputSize(classifier);
  const kind = spec.baseline ?? 'black';
  const baselineImage =
    kind === 'blur'
      ? blurredBaseline(x, h, w, c)
      : context.normalization
        ? blackBaseline(h * w, context.normalization.mean, context.normalization.std)
        : constantBaseline(h * w, new Array<number>(c).fill(0));
  const ends = await forwardLogits(classifier, concat(x, baselineImage), 2);
  const classes = ends.length / 2;
  const fx = ends[target];
  const fBaseline = ends[classes + target];
  const tolerance = options.tolerance ?? 0.01;
  const maxSteps = options.maxSteps ?? 2048;
  let m = options.initialSteps ?? 32;
  const endsSum = new Float64Array(n);
  const interiorSum = new Float64Array(n);
  let first = true;
  for (;;) {
    const alphas = newAlphas(m, first);
    await targetLogitGradientsChunked(
      classifier,
      alphas.length,
      (i, out) => {
        const a = alphas[i];
        for (let t = 0; t < n; t++) out[t] = baselineImage[t] + a * (x[t] - baselineImage[t]);
      },
      target,
      context.batchSize ?? 16,
      (start, gradients, size) => {
        for (let j = 0; j < size; j++) {
          const a = alphas[start + j];
          const sum = a === 0 || a === 1 ? endsSum : interiorSum;
          for (let t = 0; t < n; t++) sum[t] += gradients[j * n + t];
        }
      },
    );
    first = false;
    const attributions = integratedGradientsAttributions(x, baselineImage, endsSum, interiorSum, m);
    const gap = completenessGap(attributions, fx, fBaseline);
    if (gap.relativeGap <= tolerance || m * 2 > maxSteps) {
      return {
        method: 'integrated-gradients',
        label: `integrated-gradients (${kind})`,
        height: h,
        width: w,
        values: reduceChannels(attributions, c, 'sum'),
        signed: true,
        target,
        attributions,
        baselineImage,
        details: {
          baseline: kind === 'black' && !context.normalization ? 'black (model-space 0: no normalisation given)' : kind,
          blurSigma: kind === 'blur' ? defaultBlurSigma(h, w) : null,
          steps: m,
          attributionSum: gap.sum,
          logitDifference: gap.difference,
          completenessGap: gap.relativeGap,
          converged: gap.relativeGap <= tolerance,
        },
      };
    }
    m *= 2;
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
