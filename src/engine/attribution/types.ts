import type * as tf from '@tensorflow/tfjs';

/**
 * Attribution baselines computed by the same engine as the iFIM, for comparison. Each method lives
 * in its own file; `computeAttribution` dispatches on the spec.
 */
export const ATTRIBUTION_METHODS = ['saliency', 'smoothgrad', 'integrated-gradients', 'gradcam', 'occlusion', 'ifim', 'ifim-xhigh'] as const;
export type AttributionMethod = (typeof ATTRIBUTION_METHODS)[number];

export type IgBaseline = 'black' | 'blur';

export interface AttributionSpec {
  readonly method: AttributionMethod;
  /** integrated-gradients: the reference image (default black). */
  readonly baseline?: IgBaseline;
  /** gradcam: the layer's name (default: the last convolutional layer the output depends on only through). */
  readonly layer?: string;
  /** occlusion: patch side and stride in pixels (defaults: H/8 and H/16, at least 1). */
  readonly patchSize?: number;
  readonly stride?: number;
  /** smoothgrad: noisy copies (default 50) and noise σ as a fraction of x's range (default 0.15). */
  readonly samples?: number;
  readonly noiseLevel?: number;
  /** ifim-xhigh: k (default 1). */
  readonly k?: number;
}

/** What the model-space values of the input mean: needed for the black baseline. */
export interface InputNormalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface AttributionContext {
  /**
   * The artifacts the classifier was loaded from. Grad-CAM rebuilds the layer graph from them (the
   * Classifier hides its model); the other methods need only the classifier.
   */
  readonly artifacts?: tf.io.ModelArtifacts;
  /** The class explained (default: the predicted class, argmax of the logits). */
  readonly target?: number;
  /** Without it, "black" falls back to the model-space 0 (the training mean) and says so. */
  readonly normalization?: InputNormalization;
  readonly seed?: number;
  /** Gradients per batch (default 16). */
  readonly batchSize?: number;
}

export interface AttributionMap {
  readonly method: AttributionMethod;
  /** e.g. "integrated-gradients (blur)": the row name in tables. */
  readonly label: string;
  readonly height: number;
  readonly width: number;
  /** H×W, row-major. */
  readonly values: Float32Array;
  /** True when negative values carry meaning (Integrated Gradients, occlusion). */
  readonly signed: boolean;
  /** The class explained; null for the iFIM maps, which belong to no class. */
  readonly target: number | null;
  /** Method-specific facts: steps, completeness gap, layer, patch size, … */
  readonly details: Readonly<Record<string, number | string | boolean | null>>;
}

export function attributionLabel(spec: AttributionSpec): string {
  if (spec.method === 'integrated-gradients') return `integrated-gradients (${spec.baseline ?? 'black'})`;
  if (spec.method === 'ifim') return 'ifim |v_1|';
  if (spec.method === 'ifim-xhigh') return `ifim |x_high(${spec.k ?? 1})|`;
  return spec.method;
}

export function isAttributionMethod(name: string): name is AttributionMethod {
  return (ATTRIBUTION_METHODS as readonly string[]).includes(name);
}
