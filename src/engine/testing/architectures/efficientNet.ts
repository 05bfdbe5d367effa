import * as tf from '@tensorflow/tfjs';
import { KerasNormalization } from '../../kerasCompat/kerasLayers';
import { correctPad, functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.EfficientNetB0–B3 (Keras 2.9+) at reduced size: the preprocessing
 * Rescaling(1/255) → Normalization(axis=3, adapted mean/variance weights) → Rescaling(1/√std per
 * channel, a list) inside the model; the stride-2 stem with correct_pad; MBConv blocks with
 * expansion, 'valid' strided depthwise after ZeroPadding2D, squeeze-excite (GlobalAveragePooling2D
 * → Reshape → swish Conv → sigmoid Conv → Multiply), Dropout(noise_shape=(None,1,1,1)) and Add;
 * the 1×1 head. `width`/`depth` play the role of B0…B3's coefficients.
 */
export function efficientNet(variant: 'b0' | 'b3', size = 32, classes = 3): tf.LayersModel {
  const b = new KerasBuilder(variant === 'b0' ? 90 : 93);
  const width = variant === 'b0' ? 1 : 1.2;
  const repeats = variant === 'b0' ? 1 : 2;
  const f = (n: number) => Math.max(4, Math.round((n * width) / 4) * 4);
  const bn = (x: T, name: string) => b.bn(x, name, { epsilon: 1e-3 });
  const inputs = input(size);
  let x = tf.layers.rescaling({ scale: 1 / 255, name: 'rescaling' }).apply(inputs) as T;
  x = new KerasNormalization({ axis: 3, name: 'normalization' }).apply(x) as T;
  x = tf.layers.rescaling({ scale: [1 / Math.sqrt(0.229), 1 / Math.sqrt(0.224), 1 / Math.sqrt(0.225)] as unknown as number, name: 'rescaling_1' }).apply(x) as T;
  x = b.pad(x, correctPad(size, 3), 'stem_conv_pad');
  x = b.act(bn(b.conv(x, f(8), 3, { strides: 2, useBias: false, name: 'stem_conv' }), 'stem_bn'), 'swish', 'stem_activation');
  let spatial = size / 2;
  const block = (y: T, inC: number, outC: number, expand: number, kernel: number, strides: number, name: string) => {
    const input = y;
    const filters = inC * expand;
    if (expand !== 1) y = b.act(bn(b.conv(y, filters, 1, { padding: 'same', useBias: false, name: `${name}expand_conv` }), `${name}expand_bn`), 'swish', `${name}expand_activation`);
    if (strides === 2) y = b.pad(y, correctPad(spatial, kernel), `${name}dwconv_pad`);
    y = b.depthwise(y, kernel, { strides, padding: strides === 2 ? 'valid' : 'same', useBias: false, name: `${name}dwconv` });
    y = b.act(bn(y, `${name}bn`), 'swish', `${name}activation`);
    let se = b.gap(y, `${name}se_squeeze`);
    se = tf.layers.reshape({ targetShape: [1, 1, filters], name: `${name}se_reshape` }).apply(se) as T;
    se = b.conv(se, Math.max(1, Math.floor(inC * 0.25)), 1, { padding: 'same', activation: 'swish', name: `${name}se_reduce` });
    se = b.conv(se, filters, 1, { padding: 'same', activation: 'sigmoid', name: `${name}se_expand` });
    y = b.multiply([y, se], `${name}se_excite`);
    y = bn(b.conv(y, outC, 1, { padding: 'same', useBias: false, name: `${name}project_conv` }), `${name}project_bn`);
    if (strides === 2) spatial /= 2;
    if (strides === 1 && inC === outC) {
      y = b.dropout(y, 0.2, `${name}drop`, [null as unknown as number, 1, 1, 1]);
      y = b.add([y, input], `${name}add`);
    }
    return y;
  };
  x = block(x, f(8), f(4), 1, 3, 1, 'block1a_');
  x = block(x, f(4), f(8), 6, 3, 2, 'block2a_');
  for (let i = 0; i < repeats; i++) x = block(x, f(8), f(8), 6, 5, 1, `block2${'bcd'[i]}_`);
  x = b.act(bn(b.conv(x, f(32), 1, { padding: 'same', useBias: false, name: 'top_conv' }), 'top_bn'), 'swish', 'top_activation');
  x = b.gap(x, 'avg_pool');
  x = b.dropout(x, 0.2, 'top_dropout');
  const model = functional(inputs, b.dense(x, classes, 'predictions', 'softmax'), `efficientnet${variant}`);
  setNormalizationStatistics(model);
  return model;
}

/**
 * The adapted statistics of EfficientNet's Normalization layer (Keras ships ImageNet's): set on
 * the built model, as loading the ImageNet weights would.
 */
function setNormalizationStatistics(model: tf.LayersModel): void {
  const values = [tf.tensor1d([0.485, 0.456, 0.406]), tf.tensor1d([0.229, 0.224, 0.225])];
  model.getLayer('normalization').setWeights(values);
  tf.dispose(values);
}
