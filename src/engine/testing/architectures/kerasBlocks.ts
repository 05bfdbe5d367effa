import * as tf from '@tensorflow/tfjs';
import { GlobalPooling2DKeepDims, HardSwish } from '../../kerasCompat/kerasLayers';

/**
 * The layer calls Keras Applications make, with Keras's names and options, seeded so that each
 * architecture test builds the same weights every run. Batch-norm statistics and affine terms are
 * random (not Keras's identity initialisers), so that an error in how a loader treats them shows.
 */
type T = tf.SymbolicTensor;
type Padding = 'same' | 'valid';
type Activation = 'relu' | 'relu6' | 'swish' | 'sigmoid' | 'tanh' | 'gelu' | 'linear' | 'softmax';

export class KerasBuilder {
  private seed: number;

  constructor(seed: number) {
    this.seed = seed * 1000;
  }

  /** He-normal (fan-in) kernels, scaled by `gain`, each layer its own seed. */
  kernel(gain = 1): ReturnType<typeof tf.initializers.zeros> {
    return tf.initializers.varianceScaling({ scale: 2 * gain * gain, mode: 'fanIn', distribution: 'normal', seed: ++this.seed });
  }

  bias(): ReturnType<typeof tf.initializers.zeros> {
    return tf.initializers.randomNormal({ mean: 0, stddev: 0.1, seed: ++this.seed });
  }

  conv(x: T, filters: number, kernel: number | [number, number], o: { strides?: number; padding?: Padding; useBias?: boolean; activation?: Activation; name: string; dilation?: number }): T {
    return tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'valid',
        useBias: o.useBias ?? true,
        activation: o.activation,
        dilationRate: o.dilation,
        kernelInitializer: this.kernel(),
        biasInitializer: this.bias(),
        name: o.name,
      })
      .apply(x) as T;
  }

  depthwise(x: T, kernel: number, o: { strides?: number; padding?: Padding; useBias?: boolean; name: string }): T {
    return tf.layers
      .depthwiseConv2d({ kernelSize: kernel, strides: o.strides ?? 1, padding: o.padding ?? 'valid', useBias: o.useBias ?? true, depthwiseInitializer: this.kernel(), biasInitializer: this.bias(), name: o.name })
      .apply(x) as T;
  }

  separable(x: T, filters: number, kernel: number, o: { strides?: number; padding?: Padding; useBias?: boolean; name: string }): T {
    return tf.layers
      .separableConv2d({
        filters,
        kernelSize: kernel,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'same',
        useBias: o.useBias ?? true,
        depthwiseInitializer: this.kernel(),
        pointwiseInitializer: this.kernel(),
        biasInitializer: this.bias(),
        name: o.name,
      })
      .apply(x) as T;
  }

  /** BatchNormalization with random statistics; Keras's per-family epsilon, momentum and scale. */
  bn(x: T, name: string, o: { epsilon?: number; momentum?: number; scale?: boolean; center?: boolean } = {}): T {
    return tf.layers
      .batchNormalization({
        axis: 3,
        epsilon: o.epsilon ?? 1e-3,
        momentum: o.momentum ?? 0.99,
        scale: o.scale ?? true,
        center: o.center ?? true,
        gammaInitializer: tf.initializers.randomUniform({ minval: 0.6, maxval: 1.4, seed: ++this.seed }),
        betaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.2, seed: ++this.seed }),
        movingMeanInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.2, seed: ++this.seed }),
        movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: ++this.seed }),
        name,
      })
      .apply(x) as T;
  }

  layerNorm(x: T, name: string, epsilon = 1e-6): T {
    return tf.layers
      .layerNormalization({
        epsilon,
        gammaInitializer: tf.initializers.randomUniform({ minval: 0.6, maxval: 1.4, seed: ++this.seed }),
        betaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.2, seed: ++this.seed }),
        name,
      })
      .apply(x) as T;
  }

  act(x: T, activation: Activation, name: string): T {
    return tf.layers.activation({ activation, name }).apply(x) as T;
  }

  /** keras.layers.ReLU(max_value): MobileNet's ReLU6 is ReLU(6.0). */
  relu(x: T, name: string, maxValue?: number): T {
    return tf.layers.reLU({ maxValue, name }).apply(x) as T;
  }

  pad(x: T, padding: number | [[number, number], [number, number]], name: string): T {
    return tf.layers.zeroPadding2d({ padding: typeof padding === 'number' ? [[padding, padding], [padding, padding]] : padding, name }).apply(x) as T;
  }

  maxPool(x: T, pool: number, strides: number, name: string, padding: Padding = 'valid'): T {
    return tf.layers.maxPooling2d({ poolSize: pool, strides, padding, name }).apply(x) as T;
  }

  avgPool(x: T, pool: number, strides: number, name: string, padding: Padding = 'valid'): T {
    return tf.layers.averagePooling2d({ poolSize: pool, strides, padding, name }).apply(x) as T;
  }

  gap(x: T, name: string): T {
    return tf.layers.globalAveragePooling2d({ name }).apply(x) as T;
  }

  /** GlobalAveragePooling2D(keepdims=True), which tfjs-layers lacks: a stand-in saved as Keras writes it (asKerasWrites). */
  gapKeepDims(x: T, name: string): T {
    return new GlobalPooling2DKeepDims({ name, mode: 'avg' }).apply(x) as T;
  }

  /** Keras 3's Activation("hard_swish"), by its stand-in (asKerasWrites saves it as Keras 3 does). */
  hardSwish(x: T, name: string): T {
    return new HardSwish({ name }).apply(x) as T;
  }

  add(xs: T[], name: string): T {
    return tf.layers.add({ name }).apply(xs) as T;
  }

  multiply(xs: T[], name: string): T {
    return tf.layers.multiply({ name }).apply(xs) as T;
  }

  concat(xs: T[], name: string): T {
    return tf.layers.concatenate({ axis: 3, name }).apply(xs) as T;
  }

  dense(x: T, units: number, name: string, activation?: Activation): T {
    return tf.layers.dense({ units, activation, kernelInitializer: this.kernel(0.7), biasInitializer: this.bias(), name }).apply(x) as T;
  }

  dropout(x: T, rate: number, name: string, noiseShape?: number[]): T {
    return tf.layers.dropout({ rate, name, noiseShape }).apply(x) as T;
  }

  /** The classifier head Keras puts on most families: global average pooling, then Dense with the classifier activation. */
  head(x: T, classes: number, activation: 'softmax' | 'sigmoid' = 'softmax'): T {
    return this.dense(this.gap(x, 'avg_pool'), classes, 'predictions', activation);
  }
}

export function input(size: number, channels = 3): tf.SymbolicTensor {
  return tf.input({ shape: [size, size, channels], name: 'input_1' });
}

/** keras.applications.imagenet_utils.correct_pad for a stride-2 'valid' convolution on an even input. */
export function correctPad(size: number, kernel: number): [[number, number], [number, number]] {
  const adjust = 1 - (size % 2);
  const c = Math.floor(kernel / 2);
  return [
    [c - adjust, c],
    [c - adjust, c],
  ];
}

export function functional(inputs: tf.SymbolicTensor, outputs: tf.SymbolicTensor, name: string): tf.LayersModel {
  return tf.model({ inputs, outputs, name });
}

/**
 * A saved topology (mutated) rewritten from the in-memory stand-ins to what Keras writes:
 * GlobalAveragePooling2D with keepdims, TFOpLambda's function name, Activation("hard_swish") with
 * keras_version 3.
 */
export function asKerasWrites(topology: unknown): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const layer = value as { class_name?: string; config?: Record<string, unknown> };
    if (layer.class_name === GlobalPooling2DKeepDims.className && layer.config) {
      layer.class_name = layer.config.mode === 'max' ? 'GlobalMaxPooling2D' : 'GlobalAveragePooling2D';
      layer.config = { name: layer.config.name, trainable: true, dtype: 'float32', data_format: 'channels_last', keepdims: true };
    } else if (layer.class_name === 'TFOpLambda' && layer.config && typeof layer.config.function === 'string') {
      // tfjs-layers' serialiser writes "private__operators__.add"; Keras writes "__operators__.add".
      layer.config.function = layer.config.function.replace(/^private/, '');
      layer.config.dtype = 'float32';
    } else if (layer.class_name === HardSwish.className && layer.config) {
      layer.class_name = 'Activation';
      layer.config = { name: layer.config.name, trainable: true, dtype: 'float32', activation: 'hard_swish' };
      (topology as { keras_version?: string }).keras_version = '3.3.3';
    }
    Object.values(value).forEach(visit);
  };
  visit(topology);
}
