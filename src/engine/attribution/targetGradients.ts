import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../classifier';

/**
 * ∇x z_t for every image of a batch (B × N), in one backward pass: the images do not interact in
 * inference mode, so the gradient of Σ_b z_t(x_b) has row b equal to ∇z_t(x_b).
 */
export async function targetLogitGradients(classifier: Classifier, batch: Float32Array, count: number, target: number): Promise<Float32Array> {
  const [h, w, c] = classifier.info.inputShape;
  const gradient = tf.tidy(() => {
    const x = tf.tensor4d(batch, [count, h, w, c]);
    return tf.grad((input: tf.Tensor) => tf.sum(tf.slice(classifier.logits(input as tf.Tensor4D), [0, target], [count, 1])))(x);
  });
  try {
    return (await gradient.data()) as Float32Array;
  } finally {
    gradient.dispose();
  }
}

/** Gradients of many images, `batchSize` at a time; `images(i, out)` writes image i into out. */
export async function targetLogitGradientsChunked(
  classifier: Classifier,
  count: number,
  images: (index: number, out: Float32Array) => void,
  target: number,
  batchSize: number,
  onBatch: (start: number, gradients: Float32Array, size: number) => void,
): Promise<void> {
  const n = classifier.info.inputShape.reduce((a, d) => a * d, 1);
  for (let start = 0; start < count; start += batchSize) {
    const b = Math.min(batchSize, count - start);
    const batch = new Float32Array(b * n);
    for (let j = 0; j < b; j++) images(start + j, batch.subarray(j * n, (j + 1) * n));
    onBatch(start, await targetLogitGradients(classifier, batch, b, target), b);
  }
}

export function inputSize(classifier: Classifier): number {
  const [h, w, c] = classifier.info.inputShape;
  return h * w * c;
}

/** argmax of the logits: the default class to explain. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
