import type { AnalysisWarning, ModelMetadata, UnitImage } from '../core';
import { toModelInput } from '../core';
import type { DomainCheckContext } from './domainCheckContext';
import { warningsForAnalysis } from './domainCheckContext';
import type { AnalysisOptions, ImageAnalysis } from './analyzeImage';
import { analyzeImage } from './analyzeImage';
import type { Classifier } from './classifier';
import { tensorMemory } from './modelArtifactsFromUrl';

export interface DecodedImageAnalysis extends ImageAnalysis {
  /** The exact tensor the model saw (H×W×Ch). */
  readonly xModelSpace: Float32Array;
  readonly totalTimingsMs: { preprocess: number; forward: number; jacobian: number; eigen: number; projection: number; total: number };
  readonly tensors: { readonly before: number; readonly after: number };
  /** Out-of-domain and insensitive-model warnings, in plain language (core/domainCheck). */
  readonly warnings: readonly AnalysisWarning[];
}

/** Without metadata, feed [0, 1] intensities unchanged. */
export function defaultPreprocessing(channels: number): ModelMetadata['preprocessing'] {
  return { intensity: 'unit', mean: Array(channels).fill(0), std: Array(channels).fill(1), resize: 'bilinear' };
}

/**
 * Decoded image → model input (the shared typed-array path of core/preprocess) → analysis. The one
 * entry point for the app's worker and the CLI, so both compute from the same numbers.
 */
export async function analyzeDecodedImage(
  classifier: Classifier,
  preprocessing: ModelMetadata['preprocessing'] | null,
  image: UnitImage,
  options: AnalysisOptions & { onPreprocess?: () => void; domain?: DomainCheckContext } = {},
): Promise<DecodedImageAnalysis> {
  const before = tensorMemory().numTensors;
  const start = performance.now();
  options.onPreprocess?.();
  const [height, width, channels] = classifier.info.inputShape;
  const pre = preprocessing ?? defaultPreprocessing(channels);
  const xModelSpace = toModelInput(image, { height, width, channels: channels as 1 | 3, mean: pre.mean, std: pre.std, resize: pre.resize });
  const preprocess = performance.now() - start;
  const result = await analyzeImage(classifier, xModelSpace, options);
  return {
    ...result,
    xModelSpace,
    totalTimingsMs: { preprocess, ...result.timingsMs, total: performance.now() - start },
    tensors: { before, after: tensorMemory().numTensors },
    warnings: warningsForAnalysis(classifier, pre, image, xModelSpace, result, options.domain),
  };
}
