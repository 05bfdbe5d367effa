import type * as tf from '@tensorflow/tfjs';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.Xception at its smallest input (71 px) and reduced width: the entry flow's
 * stem and strided SeparableConv2D blocks with 1×1 stride-2 convolutional shortcuts, one middle
 * flow block (ReLU → SeparableConv2D → BN, three times, identity Add) and the exit flow.
 */
export function xception(size = 71, classes = 3): tf.LayersModel {
  const b = new KerasBuilder(70);
  const inputs = input(size);
  let x = b.act(b.bn(b.conv(inputs, 8, 3, { strides: 2, useBias: false, name: 'block1_conv1' }), 'block1_conv1_bn'), 'relu', 'block1_conv1_act');
  x = b.act(b.bn(b.conv(x, 12, 3, { useBias: false, name: 'block1_conv2' }), 'block1_conv2_bn'), 'relu', 'block1_conv2_act');
  const entry = (y: T, filters: number, block: number, leadingRelu: boolean) => {
    const residual = b.bn(b.conv(y, filters, 1, { strides: 2, padding: 'same', useBias: false, name: `conv2d${block === 2 ? '' : `_${block - 2}`}` }), `batch_normalization${block === 2 ? '' : `_${block - 2}`}`);
    if (leadingRelu) y = b.act(y, 'relu', `block${block}_sepconv1_act`);
    y = b.bn(b.separable(y, filters, 3, { useBias: false, name: `block${block}_sepconv1` }), `block${block}_sepconv1_bn`);
    y = b.act(y, 'relu', `block${block}_sepconv2_act`);
    y = b.bn(b.separable(y, filters, 3, { useBias: false, name: `block${block}_sepconv2` }), `block${block}_sepconv2_bn`);
    y = b.maxPool(y, 3, 2, `block${block}_pool`, 'same');
    return b.add([y, residual], `add${block === 2 ? '' : `_${block - 2}`}`);
  };
  x = entry(x, 16, 2, false);
  x = entry(x, 24, 3, true);
  // middle flow, block5
  {
    const residual = x;
    for (let i = 1; i <= 3; i++) {
      x = b.act(x, 'relu', `block5_sepconv${i}_act`);
      x = b.bn(b.separable(x, 24, 3, { useBias: false, name: `block5_sepconv${i}` }), `block5_sepconv${i}_bn`);
    }
    x = b.add([x, residual], 'add_2');
  }
  // exit flow, block13-14
  {
    const residual = b.bn(b.conv(x, 32, 1, { strides: 2, padding: 'same', useBias: false, name: 'conv2d_3' }), 'batch_normalization_3');
    x = b.act(x, 'relu', 'block13_sepconv1_act');
    x = b.bn(b.separable(x, 24, 3, { useBias: false, name: 'block13_sepconv1' }), 'block13_sepconv1_bn');
    x = b.act(x, 'relu', 'block13_sepconv2_act');
    x = b.bn(b.separable(x, 32, 3, { useBias: false, name: 'block13_sepconv2' }), 'block13_sepconv2_bn');
    x = b.maxPool(x, 3, 2, 'block13_pool', 'same');
    x = b.add([x, residual], 'add_3');
    x = b.act(b.bn(b.separable(x, 40, 3, { useBias: false, name: 'block14_sepconv1' }), 'block14_sepconv1_bn'), 'relu', 'block14_sepconv1_act');
    x = b.act(b.bn(b.separable(x, 48, 3, { useBias: false, name: 'block14_sepconv2' }), 'block14_sepconv2_bn'), 'relu', 'block14_sepconv2_act');
  }
  return functional(inputs, b.head(x, classes), 'xception');
}
