import type * as tf from '@tensorflow/tfjs';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.DenseNet121/169 at reduced width and depth: the stem, dense blocks of
 * BN → ReLU → 1×1 conv → BN → ReLU → 3×3 conv → Concatenate, transition blocks with 1×1 conv and
 * average pooling (`blocks` per dense block: DenseNet169 differs from 121 only in how many), BN
 * ε = 1.001e-5, final BN → ReLU → pooling → Dense, here with a sigmoid head (multi-label, as
 * chest X-ray classifiers use it).
 */
export function denseNet(blocks: readonly number[], size = 32, classes = 4, growth = 4): tf.LayersModel {
  const b = new KerasBuilder(40 + blocks.length);
  const bn = (x: T, name: string) => b.bn(x, name, { epsilon: 1.001e-5 });
  const inputs = input(size);
  let x = b.pad(inputs, 3, 'zero_padding2d');
  x = b.conv(x, 2 * growth, 7, { strides: 2, useBias: false, name: 'conv1/conv' });
  x = b.act(bn(x, 'conv1/bn'), 'relu', 'conv1/relu');
  x = b.pad(x, 1, 'zero_padding2d_1');
  x = b.maxPool(x, 3, 2, 'pool1');
  let channels = 2 * growth;
  blocks.forEach((count, i) => {
    const stage = i + 2;
    for (let j = 1; j <= count; j++) {
      const name = `conv${stage}_block${j}`;
      let y = b.act(bn(x, `${name}_0_bn`), 'relu', `${name}_0_relu`);
      y = b.conv(y, 4 * growth, 1, { useBias: false, name: `${name}_1_conv` });
      y = b.act(bn(y, `${name}_1_bn`), 'relu', `${name}_1_relu`);
      y = b.conv(y, growth, 3, { padding: 'same', useBias: false, name: `${name}_2_conv` });
      x = b.concat([x, y], `${name}_concat`);
      channels += growth;
    }
    if (i < blocks.length - 1) {
      const name = `pool${stage}`;
      x = b.act(bn(x, `${name}_bn`), 'relu', `${name}_relu`);
      channels = Math.floor(channels * 0.5);
      x = b.conv(x, channels, 1, { useBias: false, name: `${name}_conv` });
      x = b.avgPool(x, 2, 2, `${name}_pool`);
    }
  });
  x = b.act(bn(x, 'bn'), 'relu', 'relu');
  return functional(inputs, b.head(x, classes, 'sigmoid'), 'densenet');
}
