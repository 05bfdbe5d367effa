import type * as tf from '@tensorflow/tfjs';
import { KerasCustomScaleLayer } from '../../kerasCompat/kerasLayers';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.InceptionResNetV2 at its smallest input (75 px), reduced width, one block of
 * each kind: conv2d_bn with BatchNormalization(scale=False); mixed_5b; block35, block17 and block8
 * residuals whose 1×1 "up" convolution has a bias and no BN, joined by CustomScaleLayer
 * (x + r·scale, Keras ≥ 2.9) and a ReLU (none after the last block8); the mixed_6a and mixed_7a
 * reductions; conv_7b and the pooled head.
 */
export function inceptionResNetV2(size = 75, classes = 3, width = 0.0625): tf.LayersModel {
  const b = new KerasBuilder(80);
  let count = 0;
  const f = (n: number) => Math.max(2, Math.round(n * width));
  const cbn = (x: T, filters: number, kh: number, kw: number, o: { padding?: 'same' | 'valid'; strides?: number; name?: string } = {}): T => {
    const suffix = count === 0 ? '' : `_${count}`;
    count++;
    x = b.conv(x, f(filters), [kh, kw], { strides: o.strides ?? 1, padding: o.padding ?? 'same', useBias: false, name: o.name ?? `conv2d${suffix}` });
    x = b.bn(x, o.name ? `${o.name}_bn` : `batch_normalization${suffix}`, { scale: false });
    return b.act(x, 'relu', o.name ? `${o.name}_ac` : `activation${suffix}`);
  };
  const channels = (x: T) => x.shape[3] as number;
  const residual = (x: T, branches: T[], scale: number, type: string, relu: boolean): T => {
    const mixed = b.concat(branches, `${type}_mixed`);
    const up = b.conv(mixed, channels(x), 1, { padding: 'same', name: `${type}_conv` });
    let y = new KerasCustomScaleLayer({ scale, name: type }).apply([x, up]) as T;
    if (relu) y = b.act(y, 'relu', `${type}_ac`);
    return y;
  };
  const inputs = input(size);
  let x = cbn(inputs, 32, 3, 3, { strides: 2, padding: 'valid' });
  x = cbn(x, 32, 3, 3, { padding: 'valid' });
  x = cbn(x, 64, 3, 3);
  x = b.maxPool(x, 3, 2, 'max_pooling2d');
  x = cbn(x, 80, 1, 1, { padding: 'valid' });
  x = cbn(x, 192, 3, 3, { padding: 'valid' });
  x = b.maxPool(x, 3, 2, 'max_pooling2d_1');
  // mixed_5b
  x = b.concat(
    [cbn(x, 96, 1, 1), cbn(cbn(x, 48, 1, 1), 64, 5, 5), cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3), cbn(b.avgPool(x, 3, 1, 'average_pooling2d', 'same'), 64, 1, 1)],
    'mixed_5b',
  );
  x = residual(x, [cbn(x, 32, 1, 1), cbn(cbn(x, 32, 1, 1), 32, 3, 3), cbn(cbn(cbn(x, 32, 1, 1), 48, 3, 3), 64, 3, 3)], 0.17, 'block35_1', true);
  // mixed_6a
  x = b.concat([cbn(x, 384, 3, 3, { strides: 2, padding: 'valid' }), cbn(cbn(cbn(x, 256, 1, 1), 256, 3, 3), 384, 3, 3, { strides: 2, padding: 'valid' }), b.maxPool(x, 3, 2, 'max_pooling2d_2')], 'mixed_6a');
  x = residual(x, [cbn(x, 192, 1, 1), cbn(cbn(cbn(x, 128, 1, 1), 160, 1, 7), 192, 7, 1)], 0.1, 'block17_1', true);
  // mixed_7a
  x = b.concat(
    [
      cbn(cbn(x, 256, 1, 1), 384, 3, 3, { strides: 2, padding: 'valid' }),
      cbn(cbn(x, 256, 1, 1), 288, 3, 3, { strides: 2, padding: 'valid' }),
      cbn(cbn(cbn(x, 256, 1, 1), 288, 3, 3), 320, 3, 3, { strides: 2, padding: 'valid' }),
      b.maxPool(x, 3, 2, 'max_pooling2d_3'),
    ],
    'mixed_7a',
  );
  x = residual(x, [cbn(x, 192, 1, 1), cbn(cbn(cbn(x, 192, 1, 1), 224, 1, 3), 256, 3, 1)], 0.2, 'block8_1', true);
  x = residual(x, [cbn(x, 192, 1, 1), cbn(cbn(cbn(x, 192, 1, 1), 224, 1, 3), 256, 3, 1)], 1.0, 'block8_10', false);
  x = cbn(x, 1536, 1, 1, { name: 'conv_7b' });
  return functional(inputs, b.head(x, classes), 'inception_resnet_v2');
}
