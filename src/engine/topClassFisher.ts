import * as tf from '@tensorflow/tfjs';
import type { TopClassFisher, TopClassPlan } from '../core';
import { gradientSelectorRows, planTopClassAnalysis, projectionCoefficients, seededUniform, topClassFisherAnalysis } from '../core';
import type { Classifier } from './classifier';
import { assertJacobianFits, jacobianMemoryEstimate } from './jacobianMemory';
import { weightedLogitGradients } from './logitJacobian';

/**
 * The top-m analysis for classifiers with many classes (docs/many-classes.md): one forward pass,
 * then one batched backward pass over m kept classes, the mean gradient Jᵀp (softmax) and the
 * distinct sampled left-out classes; the exact eigenpairs of the kept part F_T and an unbiased
 * estimate of tr F with the share captured.
 */
export interface TopClassOptions {
  /** m, the classes analysed exactly (default 32). */
  readonly keptClasses?: number;
  /** S, left-out classes sampled to estimate tr F (default 32). */
  readonly samples?: number;
  readonly seed?: number;
  readonly maxModes?: number;
  readonly jacobianBudgetBytes?: number;
}

export interface TopClassImageAnalysis {
  readonly logits: Float32Array;
  readonly plan: TopClassPlan;
  readonly fisher: TopClassFisher;
  /** v_iᵀ x for the kept modes. */
  readonly coefficients: Float64Array;
  /** Backward copies run: m + (1 for softmax) + distinct sampled classes. */
  readonly gradientRows: number;
  readonly rowsPerChunk: number;
  readonly timingsMs: { forward: number; gradients: number; eigen: number };
}

export const DEFAULT_KEPT_CLASSES = 32;
export const DEFAULT_TRACE_SAMPLES = 32;

/** Whether the top-m analysis saves anything over the full one (m + 1 + S < C). */
export function topClassAnalysisWorthwhile(classCount: number, keptClasses = DEFAULT_KEPT_CLASSES, samples = DEFAULT_TRACE_SAMPLES): boolean {
  return classCount > 32 && keptClasses + 1 + samples < classCount;
}

export async function analyzeImageTopClasses(classifier: Classifier, xModelSpace: Float32Array, options: TopClassOptions = {}): Promise<TopClassImageAnalysis> {
  const [h, w, c] = classifier.info.inputShape;
  const n = h * w * c;
  if (xModelSpace.length !== n) throw new Error(`the model input has ${xModelSpace.length} values; the model takes ${h}×${w}×${c} = ${n}`);
  const x = tf.tensor4d(xModelSpace, [1, h, w, c]);
  try {
    let t0 = performance.now();
    const z = classifier.logits(x);
    const logits = (await z.data()) as Float32Array;
    z.dispose();
    const forward = performance.now() - t0;

    t0 = performance.now();
    const plan = planTopClassAnalysis(classifier.info.head, logits, options.keptClasses ?? DEFAULT_KEPT_CLASSES, options.samples ?? DEFAULT_TRACE_SAMPLES, seededUniform(options.seed ?? 1));
    const selectors = gradientSelectorRows(plan);
    // Analysis mode where the model allows it: one forward pass at the image, then R backward rows,
    // so the cost grows with R = m + 1 + S, not with the number of classes.
    const estimate = jacobianMemoryEstimate(classifier, selectors.count, options.jacobianBudgetBytes);
    assertJacobianFits(estimate);
    const rowsPerChunk = estimate.classesPerChunk;
    const weights = tf.tensor2d(selectors.rows, [selectors.count, plan.classCount]);
    const gradientTensor = weightedLogitGradients(classifier, x, weights, rowsPerChunk);
    weights.dispose();
    const gradients = (await gradientTensor.data()) as Float32Array;
    gradientTensor.dispose();
    const gradientMs = performance.now() - t0;

    t0 = performance.now();
    const fisher = topClassFisherAnalysis({ plan, gradients, inputSize: n, maxModes: options.maxModes });
    const coefficients = projectionCoefficients(fisher.imageEigenvectors, xModelSpace, n);
    return { logits, plan, fisher, coefficients, gradientRows: selectors.count, rowsPerChunk, timingsMs: { forward, gradients: gradientMs, eigen: performance.now() - t0 } };
  } finally {
    x.dispose();
  }
}
