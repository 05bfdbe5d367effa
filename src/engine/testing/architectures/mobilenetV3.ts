import * as tf from '@tensorflow/tfjs';
import { KerasTFOpLambda } from '../../kerasCompat/kerasLayers';
import { correctPad, functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.MobileNetV3Small at reduced size, as Keras 2 writes it: Rescaling(1/127.5,
 * offset −1), hard-swish as `x * hard_sigmoid(x)` with hard_sigmoid(x) = ReLU(6)(x + 3.0) · (1/6)
 * — two TFOpLambda layers (tf.__operators__.add, tf.math.multiply) with constant operands — and
 * squeeze-excite with GlobalAveragePooling2D(keepdims=True); the convolutional head with Flatten and
 * Activation("softmax"). With `keras3`, hard-swish is Activation("hard_swish") as Keras 3 writes it
 * (saved so by asKerasWrites).
 */
export function mobileNetV3Small(size = 32, classes = 3, keras3 = false): tf.LayersModel {
  const b = new KerasBuilder(13);
  const bn = (x: T, name: string) => b.bn(x, name, { epsilon: 1e-3, momentum: 0.999 });
  const lambda = (x: T, fn: string, y: number, name: string) => new KerasTFOpLambda({ name, function: fn }).apply(x, { y, name: null }) as T;
  let lambdas = 0;
  const hardSigmoid = (x: T, name: string) => {
    const suffix = lambdas++ === 0 ? '' : `_${lambdas - 1}`;
    const shifted = lambda(x, '__operators__.add', 3.0, `tf.__operators__.add${suffix}`);
    return lambda(b.relu(shifted, `${name}_relu6`, 6), 'math.multiply', 1 / 6, `tf.math.multiply${suffix}`);
  };
  const hardSwish = (x: T, name: string) => (keras3 ? b.hardSwish(x, name) : b.multiply([x, hardSigmoid(x, name)], `${name}_multiply`));
  const inputs = input(size);
  let x = tf.layers.rescaling({ scale: 1 / 127.5, offset: -1, name: 'rescaling' }).apply(inputs) as T;
  x = b.conv(x, 8, 3, { strides: 2, padding: 'same', useBias: false, name: 'Conv' });
  x = hardSwish(bn(x, 'Conv/BatchNorm'), 'Conv_hs');
  // expanded_conv with squeeze-excite (kernel 3, stride 2, ReLU), then one with hard-swish (kernel 5).
  const block = (y: T, inC: number, expanded: number, filters: number, kernel: number, strides: number, se: boolean, activation: 'relu' | 'hs', id: number) => {
    const prefix = `expanded_conv_${id}/`;
    const input = y;
    const act = (z: T, name: string) => (activation === 'relu' ? b.relu(z, name) : hardSwish(z, name));
    if (expanded !== inC) y = act(bn(b.conv(y, expanded, 1, { padding: 'same', useBias: false, name: `${prefix}expand` }), `${prefix}expand/BatchNorm`), `${prefix}expand/act`);
    if (strides === 2) y = b.pad(y, correctPad(size / 2, kernel), `${prefix}depthwise/pad`);
    y = b.depthwise(y, kernel, { strides, padding: strides === 2 ? 'valid' : 'same', useBias: false, name: `${prefix}depthwise` });
    y = act(bn(y, `${prefix}depthwise/BatchNorm`), `${prefix}depthwise/act`);
    if (se) {
      let s = b.gapKeepDims(y, `${prefix}squeeze_excite/AvgPool`);
      s = b.conv(s, Math.max(4, expanded >> 2), 1, { padding: 'same', name: `${prefix}squeeze_excite/Conv` });
      s = b.relu(s, `${prefix}squeeze_excite/Relu`);
      s = b.conv(s, expanded, 1, { padding: 'same', name: `${prefix}squeeze_excite/Conv_1` });
      s = hardSigmoid(s, `${prefix}squeeze_excite/hs`);
      y = b.multiply([y, s], `${prefix}squeeze_excite/Mul`);
    }
    y = bn(b.conv(y, filters, 1, { padding: 'same', useBias: false, name: `${prefix}project` }), `${prefix}project/BatchNorm`);
    return inC === filters && strides === 1 ? b.add([input, y], `${prefix}Add`) : y;
  };
  x = block(x, 8, 8, 8, 3, 2, true, 'relu', 0);
  x = block(x, 8, 24, 8, 5, 1, true, 'hs', 1);
  x = hardSwish(bn(b.conv(x, 24, 1, { padding: 'same', useBias: false, name: 'Conv_1' }), 'Conv_1/BatchNorm'), 'Conv_1_hs');
  x = b.gapKeepDims(x, 'global_average_pooling2d');
  x = hardSwish(b.conv(x, 32, 1, { padding: 'same', name: 'Conv_2' }), 'Conv_2_hs');
  x = b.dropout(x, 0.2, 'dropout');
  x = b.conv(x, classes, 1, { padding: 'same', name: 'Logits' });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as T;
  x = b.act(x, 'softmax', 'Predictions');
  return functional(inputs, x, 'MobilenetV3small');
}
