import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './classifier';

/**
 * The logit Jacobian J (C × N) by one backward pass over C tiled copies of x, copy c
 * back-propagating only logit c through Σ z ⊙ onehot (METHOD: "Computing J"). The copies do not
 * interact in inference mode, so the gradient's row c is ∇x z_c. Classes are processed in chunks
 * of `classesPerChunk` copies when the whole batch would not fit.
 */
export function logitJacobianBatched(classifier: Classifier, x: tf.Tensor4D, classesPerChunk: number): tf.Tensor2D {
  const classCount = classifier.info.classes.length;
  const n = x.size;
  return tf.tidy(() => {
    const chunks: tf.Tensor2D[] = [];
    for (let start = 0; start < classCount; start += classesPerChunk) {
      const m = Math.min(classesPerChunk, classCount - start);
      const selector = tf.oneHot(tf.range(start, start + m, 1, 'int32'), classCount);
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
 * Bytes one tiled copy needs during the backward pass: every layer's activation, kept for the
 * gradient, plus its gradient, in float32. An estimate, used to size chunks and to tell users.
 */
export function bytesPerJacobianCopy(classifier: Classifier): number {
  let values = 0;
  for (const layer of classifier.model.layers) {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as Array<Array<number | null>>;
    for (const shape of shapes) values += shape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
  }
  const [h, w, c] = classifier.info.inputShape;
  return 4 * (2 * values + 2 * h * w * c);
}

/** How many class copies fit in `budgetBytes` at once (at least one). */
export function classesPerChunkForBudget(classifier: Classifier, budgetBytes: number): number {
  const perCopy = bytesPerJacobianCopy(classifier);
  return Math.max(1, Math.min(classifier.info.classes.length, Math.floor(budgetBytes / perCopy)));
}
