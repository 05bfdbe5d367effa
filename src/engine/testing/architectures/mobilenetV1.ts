import * as tf from '@tensorflow/tfjs';
import { functional, input, KerasBuilder } from './kerasBlocks';

/**
 * keras.applications.MobileNet (V1) at reduced size: the stem, one stride-1 and one stride-2
 * depthwise-separable block (ZeroPadding2D ((0,1),(0,1)) before a 'valid' stride-2 depthwise),
 * ReLU(6.0) layers, and Keras's convolutional head: GlobalAveragePooling2D(keepdims=True) →
 * Dropout → Conv2D 1×1 → Reshape → Activation("softmax"). (tfjs-layers has no keepdims: in
 * memory a stand-in layer keeps the axes, and asKerasWrites() saves it as Keras does.)
 */
export function mobileNetV1(size = 32, classes = 3, alpha = 0.25): tf.LayersModel {
  const b = new KerasBuilder(11);
  const f = (n: number) => Math.round(n * alpha);
  const inputs = input(size);
  let x = b.pad(inputs, [[0, 1], [0, 1]], 'conv1_pad');
  x = b.conv(x, f(32), 3, { strides: 2, useBias: false, name: 'conv1' });
  x = b.relu(b.bn(x, 'conv1_bn'), 'conv1_relu', 6);
  const block = (y: tf.SymbolicTensor, filters: number, strides: number, id: number) => {
    if (strides !== 1) y = b.pad(y, [[0, 1], [0, 1]], `conv_pad_${id}`);
    y = b.depthwise(y, 3, { strides, padding: strides === 1 ? 'same' : 'valid', useBias: false, name: `conv_dw_${id}` });
    y = b.relu(b.bn(y, `conv_dw_${id}_bn`), `conv_dw_${id}_relu`, 6);
    y = b.conv(y, f(filters), 1, { padding: 'same', useBias: false, name: `conv_pw_${id}` });
    return b.relu(b.bn(y, `conv_pw_${id}_bn`), `conv_pw_${id}_relu`, 6);
  };
  x = block(x, 64, 1, 1);
  x = block(x, 128, 2, 2);
  x = b.gapKeepDims(x, 'global_average_pooling2d');
  x = b.dropout(x, 1e-3, 'dropout');
  x = b.conv(x, classes, 1, { padding: 'same', name: 'conv_preds' });
  x = tf.layers.reshape({ targetShape: [classes], name: 'reshape_2' }).apply(x) as tf.SymbolicTensor;
  x = b.act(x, 'softmax', 'predictions');
  return functional(inputs, x, 'mobilenet_0.25_32');
}
