import * as tf from '@tensorflow/tfjs';
import type { FisherEigen } from '../core';
import { fisherEigenAnalysis, projectionCoefficients } from '../core';
import type { Classifier } from './classifier';
import { classesPerChunkForBudget, logitJacobianBatched } from './logitJacobian';

export type AnalysisPhase = 'forward' | 'jacobian' | 'eigen' | 'projection';

export interface AnalysisOptions {
  /** Keep at most this many image-space modes. */
  readonly maxModes?: number;
  /** Memory the batched Jacobian may use at once; chunks classes beyond it. */
  readonly jacobianBudgetBytes?: number;
  readonly onPhase?: (phase: AnalysisPhase) => void;
  /** Checked between phases; throwing from it cancels the analysis. */
  readonly checkCancelled?: () => void;
}

export interface ImageAnalysis {
  readonly logits: Float32Array;
  /** C × N, row c = ∇x z_c. */
  readonly jacobian: Float32Array;
  readonly eigen: FisherEigen;
  /** v_iᵀ x for the kept modes. */
  readonly coefficients: Float64Array;
  readonly classesPerChunk: number;
  readonly timingsMs: { forward: number; jacobian: number; eigen: number; projection: number };
}

const DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024;

/**
 * The whole pipeline for one image already in model input space: forward pass, batched logit
 * Jacobian, Gram eigenproblem (float64, core) and projection coefficients. Leaves
 * tf.memory().numTensors where it found it.
 */
export async function analyzeImage(classifier: Classifier, xModelSpace: Float32Array, options: AnalysisOptions = {}): Promise<ImageAnalysis> {
  const [h, w, c] = classifier.info.inputShape;
  if (xModelSpace.length !== h * w * c) {
    throw new Error(`the model input has ${xModelSpace.length} values; the model takes ${h}×${w}×${c} = ${h * w * c}`);
  }
  const check = options.checkCancelled ?? (() => {});
  const x = tf.tensor4d(xModelSpace, [1, h, w, c]);
  try {
    options.onPhase?.('forward');
    let t0 = now();
    const logitsTensor = classifier.logits(x);
    const logits = (await logitsTensor.data()) as Float32Array;
    logitsTensor.dispose();
    const forward = now() - t0;
    check();

    options.onPhase?.('jacobian');
    t0 = now();
    const classesPerChunk = classesPerChunkForBudget(classifier, options.jacobianBudgetBytes ?? DEFAULT_BUDGET_BYTES);
    const jacobianTensor = logitJacobianBatched(classifier, x, classesPerChunk);
    const jacobian = (await jacobianTensor.data()) as Float32Array;
    jacobianTensor.dispose();
    const jacobianMs = now() - t0;
    check();

    options.onPhase?.('eigen');
    t0 = now();
    const eigen = fisherEigenAnalysis({
      jacobian: { classes: logits.length, inputSize: xModelSpace.length, rows: jacobian },
      logits,
      head: classifier.info.head,
      maxModes: options.maxModes,
    });
    const eigenMs = now() - t0;
    check();

    options.onPhase?.('projection');
    t0 = now();
    const coefficients = projectionCoefficients(eigen.imageEigenvectors, xModelSpace, xModelSpace.length);
    const projection = now() - t0;
    return { logits, jacobian, eigen, coefficients, classesPerChunk, timingsMs: { forward, jacobian: jacobianMs, eigen: eigenMs, projection } };
  } finally {
    x.dispose();
  }
}

/** Logits for a batch of images in model input space (B × H × W × Ch values). */
export async function forwardLogits(classifier: Classifier, batchModelSpace: Float32Array, batch: number): Promise<Float32Array> {
  const [h, w, c] = classifier.info.inputShape;
  if (batchModelSpace.length !== batch * h * w * c) {
    throw new Error(`the batch has ${batchModelSpace.length} values; ${batch} images of ${h}×${w}×${c} need ${batch * h * w * c}`);
  }
  const x = tf.tensor4d(batchModelSpace, [batch, h, w, c]);
  try {
    const z = classifier.logits(x);
    try {
      return (await z.data()) as Float32Array;
    } finally {
      z.dispose();
    }
  } finally {
    x.dispose();
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
