import type * as tf from '@tensorflow/tfjs';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.ResNet50/101 (v1) and ResNet50V2/101V2 at reduced width and depth: the
 * 7×7 stride-2 stem with ZeroPadding2D and max pooling, bottleneck blocks with a convolutional
 * shortcut and identity shortcuts (`blocks` per stage: ResNet101 differs from ResNet50 only in
 * how many), BN ε = 1.001e-5. v2: pre-activation blocks, max-pool shortcuts on strided identity
 * blocks, ZeroPadding2D + 'valid' 3×3 convolutions, post_bn before the head.
 */
export function resNet(version: 1 | 2, blocks: readonly number[], size = 32, classes = 3): tf.LayersModel {
  const b = new KerasBuilder(version === 1 ? 20 + blocks.length : 30 + blocks.length);
  const bn = (x: T, name: string) => b.bn(x, name, { epsilon: 1.001e-5 });
  const inputs = input(size);
  let x = b.pad(inputs, 3, 'conv1_pad');
  x = b.conv(x, 8, 7, { strides: 2, name: 'conv1_conv' });
  if (version === 1) x = b.act(bn(x, 'conv1_bn'), 'relu', 'conv1_relu');
  x = b.pad(x, 1, 'pool1_pad');
  x = b.maxPool(x, 3, 2, 'pool1_pool');

  const blockV1 = (y: T, filters: number, strides: number, shortcutConv: boolean, name: string) => {
    const shortcut = shortcutConv ? bn(b.conv(y, 4 * filters, 1, { strides, name: `${name}_0_conv` }), `${name}_0_bn`) : y;
    y = b.act(bn(b.conv(y, filters, 1, { strides, name: `${name}_1_conv` }), `${name}_1_bn`), 'relu', `${name}_1_relu`);
    y = b.act(bn(b.conv(y, filters, 3, { padding: 'same', name: `${name}_2_conv` }), `${name}_2_bn`), 'relu', `${name}_2_relu`);
    y = bn(b.conv(y, 4 * filters, 1, { name: `${name}_3_conv` }), `${name}_3_bn`);
    return b.act(b.add([shortcut, y], `${name}_add`), 'relu', `${name}_out`);
  };
  const blockV2 = (y: T, filters: number, strides: number, shortcutConv: boolean, name: string) => {
    const preact = b.act(bn(y, `${name}_preact_bn`), 'relu', `${name}_preact_relu`);
    const shortcut = shortcutConv ? b.conv(preact, 4 * filters, 1, { strides, name: `${name}_0_conv` }) : strides > 1 ? b.maxPool(y, 1, strides, `${name}_0_max_pooling2d`) : y;
    y = b.act(bn(b.conv(preact, filters, 1, { useBias: false, name: `${name}_1_conv` }), `${name}_1_bn`), 'relu', `${name}_1_relu`);
    y = b.pad(y, 1, `${name}_2_pad`);
    y = b.act(bn(b.conv(y, filters, 3, { strides, useBias: false, name: `${name}_2_conv` }), `${name}_2_bn`), 'relu', `${name}_2_relu`);
    y = b.conv(y, 4 * filters, 1, { name: `${name}_3_conv` });
    return b.add([shortcut, y], `${name}_out`);
  };
  blocks.forEach((count, stage) => {
    const filters = 4 * 2 ** stage;
    const name = `conv${stage + 2}`;
    if (version === 1) {
      x = blockV1(x, filters, stage === 0 ? 1 : 2, true, `${name}_block1`);
      for (let i = 2; i <= count; i++) x = blockV1(x, filters, 1, false, `${name}_block${i}`);
    } else {
      // Keras's stack2: the stride sits on the last block of a stage.
      x = blockV2(x, filters, 1, true, `${name}_block1`);
      for (let i = 2; i < count; i++) x = blockV2(x, filters, 1, false, `${name}_block${i}`);
      x = blockV2(x, filters, stage === blocks.length - 1 ? 1 : 2, false, `${name}_block${count}`);
    }
  });
  if (version === 2) x = b.act(bn(x, 'post_bn'), 'relu', 'post_relu');
  return functional(inputs, b.head(x, classes), version === 1 ? 'resnet' : 'resnetv2');
}
