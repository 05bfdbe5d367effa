import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../../core/testing/seededRandom';

/**
 * Small functional models with every kind of analysis-mode step: conv → BN → ReLU6 (folded),
 * depthwise with strides, a 1×1 conv → BN with no activation (folded, linear), a residual Add, a
 * Concatenate followed by a BN that cannot be folded, max pooling (generic step), average
 * pooling, max pooling over negative values, zero padding, tanh and elu activations, GAP, Flatten and Dense. Weights are seeded and
 * BN statistics are far from the identity, so that folding mistakes show.
 */
export type AnalysisTestArchitecture = 'mobile-like' | 'dense-like' | 'flatten-head' | 'scale-free-bn';

const conv = (filters: number, kernelSize: number, strides = 1, activation: 'linear' | 'relu' | 'tanh' = 'linear', padding: 'same' | 'valid' = 'same', useBias = activation !== 'linear') =>
  tf.layers.conv2d({ filters, kernelSize, strides, padding, activation, useBias });

function mobileLike(input: tf.SymbolicTensor): tf.SymbolicTensor {
  let x = tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }).apply(input) as tf.SymbolicTensor;
  x = conv(8, 3, 2, 'linear', 'valid').apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  const shortcut = x;
  let y = conv(16, 1).apply(x) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  y = tf.layers.activation({ activation: 'relu6' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  y = tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor;
  y = conv(8, 1).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  x = tf.layers.add().apply([shortcut, y]) as tf.SymbolicTensor;
  // ResNet's downsampling block: conv with bias → BN on both branches, 1×1 stride 2 on the shortcut.
  const projected = tf.layers.batchNormalization().apply(conv(8, 1, 2, 'linear', 'same', true).apply(x)) as tf.SymbolicTensor;
  let z = tf.layers.batchNormalization().apply(conv(8, 3, 2, 'linear', 'same', true).apply(x)) as tf.SymbolicTensor;
  z = tf.layers.activation({ activation: 'relu' }).apply(z) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(tf.layers.add().apply([projected, z])) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', useBias: true, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = conv(12, 3, 1, 'tanh').apply(x) as tf.SymbolicTensor;
  return tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
}

function denseLike(input: tf.SymbolicTensor): tf.SymbolicTensor {
  let x = tf.layers.zeroPadding2d({ padding: 2 }).apply(input) as tf.SymbolicTensor;
  x = conv(6, 5, 2, 'linear', 'valid').apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  for (let i = 0; i < 2; i++) {
    let y = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    y = tf.layers.activation({ activation: 'relu' }).apply(y) as tf.SymbolicTensor;
    y = conv(8, 1).apply(y) as tf.SymbolicTensor;
    y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
    y = tf.layers.activation({ activation: 'relu' }).apply(y) as tf.SymbolicTensor;
    y = conv(4, 3).apply(y) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([x, y]) as tf.SymbolicTensor;
  }
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'elu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
  return tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
}

function flattenHead(input: tf.SymbolicTensor): tf.SymbolicTensor {
  let x = conv(4, 3, 1, 'linear').apply(input) as tf.SymbolicTensor;
  // Pooling before the activation: windows of negative values only.
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.5 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 10, activation: 'elu' }).apply(x) as tf.SymbolicTensor;
  return tf.layers.dense({ units: 7, activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
}

/** Keras InceptionV3 exports BN with scale: false; plain tf.grad through it fails in TF.js 4.22. */
function scaleFreeBn(input: tf.SymbolicTensor): tf.SymbolicTensor {
  let x = conv(6, 3, 1, 'linear').apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ scale: false }).apply(x) as tf.SymbolicTensor;
  // Smooth, so that finite differences meet no kink.
  x = tf.layers.activation({ activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ scale: false, center: false }).apply(x) as tf.SymbolicTensor;
  return tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
}

const bodies: Record<AnalysisTestArchitecture, (input: tf.SymbolicTensor) => tf.SymbolicTensor> = {
  'mobile-like': mobileLike,
  'dense-like': denseLike,
  'flatten-head': flattenHead,
  'scale-free-bn': scaleFreeBn,
};

/** Every weight seeded: kernels ∼ N(0, 1/fan-in), biases and BN shifts ∼ 0.3·N, BN scales and variances in [0.5, 1.5]. */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rng = seededRandom(seed);
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    const values = weights.map((w) => {
      const shape = w.shape.map((d) => d ?? 1);
      const size = shape.reduce((a, d) => a * d, 1);
      const name = w.originalName;
      const positive = /gamma|moving_variance/.test(name);
      const fanIn = shape.length > 1 ? size / shape[shape.length - 1] : 1;
      const scale = shape.length > 1 ? 1.4 / Math.sqrt(fanIn) : 0.3;
      const data = Float32Array.from({ length: size }, () => (positive ? 0.5 + rng.uniform() : scale * rng.normal()));
      return tf.tensor(data, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

export function buildAnalysisTestModel(arch: AnalysisTestArchitecture, inputShape: [number, number, number], classes: number, head: 'softmax' | 'sigmoid' | 'linear', seed = 1): tf.LayersModel {
  const input = tf.input({ shape: inputShape });
  const features = bodies[arch](input);
  const output = tf.layers.dense({ units: classes, activation: head }).apply(features) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  randomizeWeights(model, seed);
  return model;
}
