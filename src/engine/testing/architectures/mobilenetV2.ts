import type * as tf from '@tensorflow/tfjs';
import { correctPad, functional, input, KerasBuilder } from './kerasBlocks';

/**
 * keras.applications.MobileNetV2 at reduced size: the stem, an expansion-free first block, a
 * stride-2 inverted residual (correct_pad ZeroPadding2D + 'valid' depthwise) and a stride-1 one with
 * its Add, ReLU(6.0) everywhere, the 1×1 head convolution, pooling and Dense softmax.
 */
export function mobileNetV2(size = 32, classes = 3): tf.LayersModel {
  const b = new KerasBuilder(12);
  const bn = (x: tf.SymbolicTensor, name: string) => b.bn(x, name, { epsilon: 1e-3, momentum: 0.999 });
  const inputs = input(size);
  let x = b.conv(inputs, 8, 3, { strides: 2, padding: 'same', useBias: false, name: 'Conv1' });
  x = b.relu(bn(x, 'bn_Conv1'), 'Conv1_relu', 6);
  let spatial = size / 2;
  const block = (y: tf.SymbolicTensor, inC: number, expansion: number, filters: number, strides: number, id: number) => {
    const prefix = id === 0 ? 'expanded_conv_' : `block_${id}_`;
    const input = y;
    if (expansion !== 1) {
      y = b.conv(y, inC * expansion, 1, { padding: 'same', useBias: false, name: `${prefix}expand` });
      y = b.relu(bn(y, `${prefix}expand_BN`), `${prefix}expand_relu`, 6);
    }
    if (strides === 2) y = b.pad(y, correctPad(spatial, 3), `${prefix}pad`);
    y = b.depthwise(y, 3, { strides, padding: strides === 1 ? 'same' : 'valid', useBias: false, name: `${prefix}depthwise` });
    y = b.relu(bn(y, `${prefix}depthwise_BN`), `${prefix}depthwise_relu`, 6);
    y = b.conv(y, filters, 1, { padding: 'same', useBias: false, name: `${prefix}project` });
    y = bn(y, `${prefix}project_BN`);
    if (strides === 2) spatial /= 2;
    return inC === filters && strides === 1 ? b.add([input, y], `${prefix}add`) : y;
  };
  x = block(x, 8, 1, 8, 1, 0);
  x = block(x, 8, 6, 12, 2, 1);
  x = block(x, 12, 6, 12, 1, 2);
  x = b.conv(x, 32, 1, { useBias: false, name: 'Conv_1' });
  x = b.relu(bn(x, 'Conv_1_bn'), 'out_relu', 6);
  return functional(inputs, b.head(x, classes), 'mobilenetv2_0.35_32');
}
