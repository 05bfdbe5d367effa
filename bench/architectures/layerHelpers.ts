// Shared pieces of the full-size benchmark architectures (Keras Applications structure), with
// seeded initialisers so that every run builds the same weights. BN statistics are drawn near the
// identity, as in a trained network, so that activations neither vanish nor explode with depth.
import * as tf from '@tensorflow/tfjs';

export type T = tf.SymbolicTensor;

let seed = 1;
/** Restart the seed sequence: call once before building a model. */
export function resetSeeds(start = 1): void {
  seed = start;
}
const next = (): number => seed++;

export function conv(x: T, filters: number, kernelSize: number, options: { strides?: number; padding?: 'same' | 'valid'; useBias?: boolean; name?: string } = {}): T {
  return tf.layers
    .conv2d({
      filters,
      kernelSize,
      strides: options.strides ?? 1,
      padding: options.padding ?? 'same',
      useBias: options.useBias ?? false,
      kernelInitializer: tf.initializers.heNormal({ seed: next() }),
      biasInitializer: tf.initializers.randomNormal({ stddev: 0.05, seed: next() }),
    })
    .apply(x) as T;
}

export function depthwise(x: T, strides: number, padding: 'same' | 'valid'): T {
  return tf.layers
    .depthwiseConv2d({ kernelSize: 3, strides, padding, useBias: false, depthwiseInitializer: tf.initializers.heNormal({ seed: next() }) })
    .apply(x) as T;
}

export function bn(x: T, epsilon = 1e-3): T {
  return tf.layers
    .batchNormalization({
      epsilon,
      gammaInitializer: tf.initializers.randomUniform({ minval: 0.8, maxval: 1.2, seed: next() }),
      betaInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: next() }),
      movingMeanInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: next() }),
      movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.8, maxval: 1.2, seed: next() }),
    })
    .apply(x) as T;
}

export const relu = (x: T): T => tf.layers.activation({ activation: 'relu' }).apply(x) as T;
export const relu6 = (x: T): T => tf.layers.reLU({ maxValue: 6 }).apply(x) as T;
export const pad = (x: T, p: [[number, number], [number, number]]): T => tf.layers.zeroPadding2d({ padding: p }).apply(x) as T;
export const add = (a: T, b: T): T => tf.layers.add().apply([a, b]) as T;

export function head(x: T, classes: number, activation: 'softmax' | 'sigmoid'): T {
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as T;
  return tf.layers
    .dense({ units: classes, activation, kernelInitializer: tf.initializers.glorotNormal({ seed: next() }), biasInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: next() }) })
    .apply(pooled) as T;
}
