// Full-size benchmark architectures in tf.layers, after Keras Applications (MobileNetV2,
// DenseNet121, ResNet50) plus a 512² grayscale CNN of the kind clinical groups train themselves.
import * as tf from '@tensorflow/tfjs';
import type { T } from './layerHelpers';
import { add, bn, conv, depthwise, head, pad, relu, relu6, resetSeeds } from './layerHelpers';

export interface BenchArchitecture {
  readonly id: string;
  readonly title: string;
  readonly inputShape: [number, number, number];
  readonly classes: number;
  readonly head: 'softmax' | 'sigmoid';
  build(): tf.LayersModel;
}

export function mobileNetV2(classes: number): tf.LayersModel {
  resetSeeds(100);
  const input = tf.input({ shape: [224, 224, 3] });
  let x = relu6(bn(conv(input, 32, 3, { strides: 2 })));
  let channels = 32;
  const block = (t: number, out: number, stride: number): void => {
    const shortcut = x;
    let y = x;
    if (t !== 1) y = relu6(bn(conv(y, channels * t, 1)));
    y = stride === 2 ? depthwise(pad(y, [[0, 1], [0, 1]]), 2, 'valid') : depthwise(y, 1, 'same');
    y = bn(conv(relu6(bn(y)), out, 1));
    x = stride === 1 && channels === out ? add(shortcut, y) : y;
    channels = out;
  };
  block(1, 16, 1);
  for (const [t, c, n, s] of [[6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]]) {
    for (let i = 0; i < n; i++) block(t, c, i === 0 ? s : 1);
  }
  x = relu6(bn(conv(x, 1280, 1)));
  return tf.model({ inputs: input, outputs: head(x, classes, 'softmax') });
}

function denseNet121(classes: number): tf.LayersModel {
  resetSeeds(200);
  const eps = 1.001e-5;
  const input = tf.input({ shape: [224, 224, 3] });
  let x = relu(bn(conv(pad(input, [[3, 3], [3, 3]]), 64, 7, { strides: 2, padding: 'valid' }), eps));
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(pad(x, [[1, 1], [1, 1]])) as T;
  let channels = 64;
  [6, 12, 24, 16].forEach((blocks, b) => {
    for (let i = 0; i < blocks; i++) {
      const y = conv(relu(bn(conv(relu(bn(x, eps)), 128, 1), eps)), 32, 3);
      x = tf.layers.concatenate().apply([x, y]) as T;
      channels += 32;
    }
    if (b < 3) {
      channels = Math.floor(channels / 2);
      x = tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }).apply(conv(relu(bn(x, eps)), channels, 1)) as T;
    }
  });
  x = relu(bn(x, eps));
  return tf.model({ inputs: input, outputs: head(x, classes, 'sigmoid') });
}

function resNet50(classes: number): tf.LayersModel {
  resetSeeds(300);
  const eps = 1.001e-5;
  const input = tf.input({ shape: [224, 224, 3] });
  let x = relu(bn(conv(pad(input, [[3, 3], [3, 3]]), 64, 7, { strides: 2, padding: 'valid', useBias: true }), eps));
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(pad(x, [[1, 1], [1, 1]])) as T;
  const block = (filters: number, stride: number, convShortcut: boolean): void => {
    const shortcut = convShortcut ? bn(conv(x, 4 * filters, 1, { strides: stride, useBias: true }), eps) : x;
    let y = relu(bn(conv(x, filters, 1, { strides: stride, useBias: true }), eps));
    y = relu(bn(conv(y, filters, 3, { useBias: true }), eps));
    y = bn(conv(y, 4 * filters, 1, { useBias: true }), eps);
    x = relu(add(shortcut, y));
  };
  for (const [filters, blocks, stride] of [[64, 3, 1], [128, 4, 2], [256, 6, 2], [512, 3, 2]]) {
    for (let i = 0; i < blocks; i++) block(filters, i === 0 ? stride : 1, i === 0);
  }
  return tf.model({ inputs: input, outputs: head(x, classes, 'softmax') });
}

function grayscaleCnn512(classes: number): tf.LayersModel {
  resetSeeds(400);
  const input = tf.input({ shape: [512, 512, 1] });
  let x = relu(bn(conv(input, 16, 3, { strides: 2 })));
  for (const [filters, convs] of [[32, 1], [64, 2], [128, 2], [256, 2]]) {
    for (let i = 0; i < convs; i++) x = relu(bn(conv(x, filters, 3)));
    if (filters < 256) x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as T;
  }
  return tf.model({ inputs: input, outputs: head(x, classes, 'softmax') });
}

export const BENCH_ARCHITECTURES: readonly BenchArchitecture[] = [
  { id: 'mobilenetv2', title: 'MobileNetV2 224² C=5', inputShape: [224, 224, 3], classes: 5, head: 'softmax', build: () => mobileNetV2(5) },
  { id: 'densenet121', title: 'DenseNet121 224² C=14 sigmoid', inputShape: [224, 224, 3], classes: 14, head: 'sigmoid', build: () => denseNet121(14) },
  { id: 'resnet50', title: 'ResNet50 224² C=5', inputShape: [224, 224, 3], classes: 5, head: 'softmax', build: () => resNet50(5) },
  { id: 'gray512', title: 'Grayscale CNN 512² C=4', inputShape: [512, 512, 1], classes: 4, head: 'softmax', build: () => grayscaleCnn512(4) },
];
