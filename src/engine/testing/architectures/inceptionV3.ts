import type * as tf from '@tensorflow/tfjs';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.InceptionV3 at its smallest input (75 px) and reduced width: conv2d_bn is
 * Conv2D(use_bias=False) → BatchNormalization(axis=3, scale=False) → ReLU, the BN without scale
 * that made TF.js's gradient fail; the stem, one block of each kind — mixed0 (5×5 and double 3×3
 * branches, average-pool branch), mixed3 (stride-2 reduction), mixed4 (1×7/7×1 factorised),
 * mixed8 (reduction), mixed9 (1×3/3×1 split branches concatenated) — and the pooled softmax head.
 */
export function inceptionV3(size = 75, classes = 3, width = 0.125): tf.LayersModel {
  const b = new KerasBuilder(60);
  let count = 0;
  const f = (n: number) => Math.max(2, Math.round(n * width));
  const cbn = (x: T, filters: number, kh: number, kw: number, padding: 'same' | 'valid' = 'same', strides = 1): T => {
    const suffix = count === 0 ? '' : `_${count}`;
    count++;
    x = b.conv(x, f(filters), [kh, kw], { strides, padding, useBias: false, name: `conv2d${suffix}` });
    x = b.bn(x, `batch_normalization${suffix}`, { scale: false });
    return b.act(x, 'relu', `activation${suffix}`);
  };
  const inputs = input(size);
  let x = cbn(inputs, 32, 3, 3, 'valid', 2);
  x = cbn(x, 32, 3, 3, 'valid');
  x = cbn(x, 64, 3, 3);
  x = b.maxPool(x, 3, 2, 'max_pooling2d');
  x = cbn(x, 80, 1, 1, 'valid');
  x = cbn(x, 192, 3, 3, 'valid');
  x = b.maxPool(x, 3, 2, 'max_pooling2d_1');
  // mixed0
  {
    const b1 = cbn(x, 64, 1, 1);
    const b5 = cbn(cbn(x, 48, 1, 1), 64, 5, 5);
    const b3 = cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3);
    const bp = cbn(b.avgPool(x, 3, 1, 'average_pooling2d', 'same'), 32, 1, 1);
    x = b.concat([b1, b5, b3, bp], 'mixed0');
  }
  // mixed3
  {
    const b3 = cbn(x, 384, 3, 3, 'valid', 2);
    const bd = cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 'valid', 2);
    const bp = b.maxPool(x, 3, 2, 'max_pooling2d_2');
    x = b.concat([b3, bd, bp], 'mixed3');
  }
  // mixed4
  {
    const b1 = cbn(x, 192, 1, 1);
    const b7 = cbn(cbn(cbn(x, 128, 1, 1), 128, 1, 7), 192, 7, 1);
    const bd = cbn(cbn(cbn(cbn(cbn(x, 128, 1, 1), 128, 7, 1), 128, 1, 7), 128, 7, 1), 192, 1, 7);
    const bp = cbn(b.avgPool(x, 3, 1, 'average_pooling2d_1', 'same'), 192, 1, 1);
    x = b.concat([b1, b7, bd, bp], 'mixed4');
  }
  // mixed8
  {
    const b3 = cbn(cbn(x, 192, 1, 1), 320, 3, 3, 'valid', 2);
    const b7 = cbn(cbn(cbn(cbn(x, 192, 1, 1), 192, 1, 7), 192, 7, 1), 192, 3, 3, 'valid', 2);
    const bp = b.maxPool(x, 3, 2, 'max_pooling2d_3');
    x = b.concat([b3, b7, bp], 'mixed8');
  }
  // mixed9
  {
    const b1 = cbn(x, 320, 1, 1);
    let b3 = cbn(x, 384, 1, 1);
    b3 = b.concat([cbn(b3, 384, 1, 3), cbn(b3, 384, 3, 1)], 'mixed9_0');
    let bd = cbn(cbn(x, 448, 1, 1), 384, 3, 3);
    bd = b.concat([cbn(bd, 384, 1, 3), cbn(bd, 384, 3, 1)], 'concatenate');
    const bp = cbn(b.avgPool(x, 3, 1, 'average_pooling2d_2', 'same'), 192, 1, 1);
    x = b.concat([b1, b3, bd, bp], 'mixed9');
  }
  return functional(inputs, b.head(x, classes), 'inception_v3');
}
