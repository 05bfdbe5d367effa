import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './classifier';
import { analysisModeGradients, analysisProgramOf } from './analysisMode/analysisJacobian';
import { assertJacobianFits, jacobianMemoryEstimate } from './jacobianMemory';

/**
 * 'analysis': the model compiled for input gradients (analysisMode/), where the model allows it,
 * else plain; 'plain': tf.grad over tiled copies, the reference the analysis mode is tested against.
 */
export type JacobianMode = 'analysis' | 'plain';

/**
 * The logit Jacobian J (C × N) by one backward pass over C tiled copies of x, copy c
 * back-propagating only logit c through Σ z ⊙ onehot (METHOD: "Computing J"). The copies do not
 * interact in inference mode, so the gradient's row c is ∇x z_c. Classes are processed in chunks
 * of `classesPerChunk` copies when the whole batch would not fit.
 */
export function logitJacobianBatched(classifier: Classifier, x: tf.Tensor4D, classesPerChunk: number, mode: JacobianMode = 'analysis'): tf.Tensor2D {
  const classCount = classifier.info.classes.length;
  return tf.tidy(() => weightedLogitGradients(classifier, x, tf.eye(classCount) as tf.Tensor2D, classesPerChunk, mode));
}

/**
 * Gradients of weighted sums of logits, ∇x (w_r · z), one row per row w_r of `weights` (R × C),
 * by the same tiled backward pass: copy r back-propagates w_r. One-hot rows give Jacobian rows; a
 * row of probabilities (held constant) gives the mean gradient Jᵀp (docs/many-classes.md).
 */
export function weightedLogitGradients(classifier: Classifier, x: tf.Tensor4D, weights: tf.Tensor2D, rowsPerChunk: number, mode: JacobianMode = 'analysis'): tf.Tensor2D {
  const [rowCount, classCount] = weights.shape;
  if (classCount !== classifier.info.classes.length) throw new RangeError(`weights have ${classCount} columns; the model has ${classifier.info.classes.length} classes`);
  const program = mode === 'analysis' && x.shape[0] === 1 ? analysisProgramOf(classifier) : 'plain mode requested';
  if (typeof program !== 'string') return analysisModeGradients(program, x, weights, rowsPerChunk);
  const n = x.size;
  return tf.tidy(() => {
    const chunks: tf.Tensor2D[] = [];
    for (let start = 0; start < rowCount; start += rowsPerChunk) {
      const m = Math.min(rowsPerChunk, rowCount - start);
      const selector = tf.slice(weights, [start, 0], [m, classCount]);
      const tiled = tf.tile(x, [m, 1, 1, 1]) as tf.Tensor4D;
      const gradient = tf.grad((batch: tf.Tensor) => tf.sum(tf.mul(classifier.logits(batch as tf.Tensor4D), selector)))(tiled);
      chunks.push(tf.reshape(gradient, [m, n]));
    }
    return chunks.length === 1 ? chunks[0] : tf.concat(chunks, 0);
  });
}

/** The slow reference: one gradient call per class. For tests and benchmarks only. */
export function logitJacobianPerClass(classifier: Classifier, x: tf.Tensor4D): tf.Tensor2D {
  const classCount = classifier.info.classes.length;
  return tf.tidy(() => {
    const rows: tf.Tensor2D[] = [];
    for (let c = 0; c < classCount; c++) {
      const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.slice(classifier.logits(xi as tf.Tensor4D), [0, c], [1, 1])))(x);
      rows.push(tf.reshape(g, [1, x.size]));
    }
    return tf.concat(rows, 0);
  });
}

/**
 * Bytes one tiled copy needs during the backward pass (activations kept for the gradient, their
 * gradients, the copy itself), measured when the model was loaded. Used to size chunks and to tell
 * users before an analysis (jacobianMemory.ts).
 */
export function bytesPerJacobianCopy(classifier: Classifier): number {
  return classifier.info.memory.bytesPerCopy;
}

/**
 * How many class copies fit at once (at least one): within `budgetBytes`, and with no single
 * tensor beyond the backend's largest buffer (webgpu maxStorageBufferBindingSize and maxBufferSize,
 * webgl texture). Throws JacobianMemoryError, before anything runs, when no chunking can fit.
 */
export function classesPerChunkForBudget(classifier: Classifier, budgetBytes: number, rows = classifier.info.classes.length, mode: JacobianMode = 'analysis'): number {
  const estimate = jacobianMemoryEstimate(classifier, rows, budgetBytes, mode);
  assertJacobianFits(estimate);
  return estimate.classesPerChunk;
}
