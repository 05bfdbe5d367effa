import * as tf from '@tensorflow/tfjs';

/**
 * The two demo architectures: a plain CNN and a small ResNet (batch normalisation and residual
 * additions, He et al. 2016). Both keep spatial layout to the end (flatten, not global pooling),
 * because the localisation and nodule tasks depend on where the signal is.
 */
export type ArchitectureId = 'cnn' | 'resnet';

export interface ArchitectureSpec {
  readonly inputShape: [number, number, number];
  readonly classes: number;
  readonly head: 'softmax' | 'sigmoid';
  readonly seed: number;
}

export function buildArchitecture(arch: ArchitectureId, spec: ArchitectureSpec): tf.LayersModel {
  return arch === 'cnn' ? plainCnn(spec) : smallResNet(spec);
}

function seeded(spec: ArchitectureSpec) {
  let next = spec.seed * 1000;
  return {
    he: () => tf.initializers.heNormal({ seed: next++ }),
    glorot: () => tf.initializers.glorotUniform({ seed: next++ }),
    seed: () => next++,
  };
}

/** 128×128 inputs get a stride-2 first layer so that every task costs about the same to train. */
function stemStride(spec: ArchitectureSpec): number {
  return spec.inputShape[0] >= 128 ? 2 : 1;
}

function plainCnn(spec: ArchitectureSpec): tf.LayersModel {
  const init = seeded(spec);
  const stride = stemStride(spec);
  return tf.sequential({
    name: 'plain_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: spec.inputShape, filters: 16, kernelSize: stride === 2 ? 5 : 3, strides: stride, padding: 'same', activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.dropout({ rate: 0.3, seed: init.seed() }),
      tf.layers.dense({ units: spec.classes, activation: spec.head, kernelInitializer: init.glorot() }),
    ],
  });
}

function smallResNet(spec: ArchitectureSpec): tf.LayersModel {
  const init = seeded(spec);
  const input = tf.input({ shape: spec.inputShape });
  const stride = stemStride(spec);
  let x = tf.layers.conv2d({ filters: 16, kernelSize: stride === 2 ? 5 : 3, strides: stride, padding: 'same', useBias: false, kernelInitializer: init.he() }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = residualBlock(x, 16, 2, init);
  x = residualBlock(x, 32, 2, init);
  x = residualBlock(x, 32, 2, init);
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.3, seed: init.seed() }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: spec.classes, activation: spec.head, kernelInitializer: init.glorot() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ name: 'small_resnet', inputs: input, outputs: output });
}

/** conv–BN–ReLU–conv–BN plus a projection shortcut, then ReLU. */
function residualBlock(input: tf.SymbolicTensor, filters: number, stride: number, init: ReturnType<typeof seeded>): tf.SymbolicTensor {
  let y = tf.layers.conv2d({ filters, kernelSize: 3, strides: stride, padding: 'same', useBias: false, kernelInitializer: init.he() }).apply(input) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  y = tf.layers.activation({ activation: 'relu' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init.he() }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  let shortcut = tf.layers.conv2d({ filters, kernelSize: 1, strides: stride, padding: 'same', useBias: false, kernelInitializer: init.he() }).apply(input) as tf.SymbolicTensor;
  shortcut = tf.layers.batchNormalization().apply(shortcut) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor;
  return tf.layers.activation({ activation: 'relu' }).apply(sum) as tf.SymbolicTensor;
}
