import * as tf from '@tensorflow/tfjs';
import { KerasLayerScale, KerasNormalization } from '../../kerasCompat/kerasLayers';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.ConvNeXtTiny (Keras 2.10+) at reduced width and depth: Normalization with
 * ImageNet mean/variance (×255) in its config; the stem and each downsampling layer as nested
 * Sequential models (Conv2D 4×4/4 → LayerNormalization(ε 1e-6); LayerNormalization → Conv2D 2×2/2);
 * ConvNeXt blocks: depthwise 7×7 → LayerNormalization → Dense(4C) → gelu → Dense(C) → LayerScale
 * → Activation("linear") (StochasticDepth at rate 0) → Add; pooling → LayerNormalization → Dense.
 */
export function convNeXtTiny(size = 32, classes = 3, dims: readonly number[] = [8, 16], depths: readonly number[] = [2, 1]): tf.LayersModel {
  const b = new KerasBuilder(100);
  const name = 'convnext_tiny';
  const inputs = input(size);
  let x = new KerasNormalization({
    axis: -1,
    mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
    variance: [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
    name: `${name}_prestem_normalization`,
  }).apply(inputs) as T;
  const sequential = (layers: tf.layers.Layer[], seqName: string, inputShape: number[]) => {
    const model = tf.sequential({ name: seqName });
    layers.forEach((layer, i) => {
      if (i === 0) model.add(tf.layers.inputLayer({ inputShape }));
      model.add(layer);
    });
    return model;
  };
  const conv = (filters: number, kernel: number, strides: number, layerName: string) =>
    tf.layers.conv2d({ filters, kernelSize: kernel, strides, kernelInitializer: b.kernel(), biasInitializer: b.bias(), name: layerName });
  const ln = (layerName: string) =>
    tf.layers.layerNormalization({
      epsilon: 1e-6,
      gammaInitializer: tf.initializers.randomUniform({ minval: 0.6, maxval: 1.4, seed: 101 + layerName.length }),
      betaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.2, seed: 202 + layerName.length }),
      name: layerName,
    });
  let spatial = size;
  dims.forEach((dim, stage) => {
    if (stage === 0) {
      x = sequential([conv(dim, 4, 4, `${name}_stem_conv`), ln(`${name}_stem_layernorm`)], `${name}_stem`, [spatial, spatial, 3]).apply(x) as T;
      spatial /= 4;
    } else {
      x = sequential([ln(`${name}_downsampling_layernorm_${stage - 1}`), conv(dim, 2, 2, `${name}_downsampling_conv_${stage - 1}`)], `${name}_downsampling_block_${stage - 1}`, [spatial, spatial, dims[stage - 1]]).apply(x) as T;
      spatial /= 2;
    }
    for (let j = 0; j < depths[stage]; j++) {
      const prefix = `${name}_stage_${stage}_block_${j}`;
      const input = x;
      let y = b.depthwise(x, 7, { padding: 'same', name: `${prefix}_depthwise_conv` });
      y = b.layerNorm(y, `${prefix}_layernorm`);
      y = b.dense(y, 4 * dim, `${prefix}_pointwise_conv_1`);
      y = b.act(y, 'gelu', `${prefix}_gelu`);
      y = b.dense(y, dim, `${prefix}_pointwise_conv_2`);
      // Keras initialises γ to 1e-6; trained models have γ of order 0.1–1, so the test draws it so.
      y = new KerasLayerScale({ init_values: 0.5, projection_dim: dim, name: `${prefix}_layer_scale` }).apply(y) as T;
      y = b.act(y, 'linear', `${prefix}_identity`);
      x = b.add([input, y], `${prefix}_add`);
    }
  });
  x = b.gap(x, `${name}_head_gap`);
  x = b.layerNorm(x, `${name}_head_layernorm`);
  return functional(inputs, b.dense(x, classes, `${name}_head_dense`, 'softmax'), name);
}
