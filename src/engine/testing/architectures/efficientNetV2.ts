import * as tf from '@tensorflow/tfjs';
import { KerasNormalization } from '../../kerasCompat/kerasLayers';
import { functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.EfficientNetV2 at reduced size: preprocessing inside the model —
 * Rescaling(1/128, offset −1) for the B variants, Rescaling(1/255) → Normalization with mean and
 * variance in its config (no weights) for S/M/L; the 'same' stride-2 stem; Fused-MBConv blocks
 * (a 3×3 expansion convolution, then 1×1 projection) and MBConv blocks with squeeze-excite;
 * BN momentum 0.9; the 1×1 head.
 */
export function efficientNetV2(preprocessing: 'b' | 's', size = 32, classes = 3): tf.LayersModel {
  const b = new KerasBuilder(preprocessing === 'b' ? 95 : 96);
  const bn = (x: T, name: string) => b.bn(x, name, { epsilon: 1e-3, momentum: 0.9 });
  const inputs = input(size);
  let x: T;
  if (preprocessing === 'b') x = tf.layers.rescaling({ scale: 1 / 128, offset: -1, name: 'rescaling' }).apply(inputs) as T;
  else {
    x = tf.layers.rescaling({ scale: 1 / 255, name: 'rescaling' }).apply(inputs) as T;
    x = new KerasNormalization({ axis: 3, mean: [0.485, 0.456, 0.406], variance: [0.229 ** 2, 0.224 ** 2, 0.225 ** 2], name: 'normalization' }).apply(x) as T;
  }
  x = b.act(bn(b.conv(x, 8, 3, { strides: 2, padding: 'same', useBias: false, name: 'stem_conv' }), 'stem_bn'), 'swish', 'stem_activation');
  const fused = (y: T, inC: number, outC: number, expand: number, strides: number, name: string) => {
    const input = y;
    if (expand !== 1) {
      y = b.act(bn(b.conv(y, inC * expand, 3, { strides, padding: 'same', useBias: false, name: `${name}expand_conv` }), `${name}expand_bn`), 'swish', `${name}expand_activation`);
      y = bn(b.conv(y, outC, 1, { padding: 'same', useBias: false, name: `${name}project_conv` }), `${name}project_bn`);
    } else {
      y = b.act(bn(b.conv(y, outC, 3, { strides, padding: 'same', useBias: false, name: `${name}project_conv` }), `${name}project_bn`), 'swish', `${name}project_activation`);
    }
    if (strides === 1 && inC === outC) y = b.add([b.dropout(y, 0.2, `${name}drop`, [null as unknown as number, 1, 1, 1]), input], `${name}add`);
    return y;
  };
  const mb = (y: T, inC: number, outC: number, expand: number, strides: number, name: string) => {
    const input = y;
    const filters = inC * expand;
    y = b.act(bn(b.conv(y, filters, 1, { padding: 'same', useBias: false, name: `${name}expand_conv` }), `${name}expand_bn`), 'swish', `${name}expand_activation`);
    y = b.act(bn(b.depthwise(y, 3, { strides, padding: 'same', useBias: false, name: `${name}dwconv2` }), `${name}bn`), 'swish', `${name}activation`);
    let se = b.gap(y, `${name}se_squeeze`);
    se = tf.layers.reshape({ targetShape: [1, 1, filters], name: `${name}se_reshape` }).apply(se) as T;
    se = b.conv(se, Math.max(1, Math.floor(inC * 0.25)), 1, { padding: 'same', activation: 'swish', name: `${name}se_reduce` });
    se = b.conv(se, filters, 1, { padding: 'same', activation: 'sigmoid', name: `${name}se_expand` });
    y = b.multiply([y, se], `${name}se_excite`);
    y = bn(b.conv(y, outC, 1, { padding: 'same', useBias: false, name: `${name}project_conv` }), `${name}project_bn`);
    if (strides === 1 && inC === outC) y = b.add([b.dropout(y, 0.2, `${name}drop`, [null as unknown as number, 1, 1, 1]), input], `${name}add`);
    return y;
  };
  x = fused(x, 8, 8, 1, 1, 'block1a_');
  x = fused(x, 8, 12, 4, 2, 'block2a_');
  x = fused(x, 12, 12, 4, 1, 'block2b_');
  x = mb(x, 12, 16, 4, 2, 'block3a_');
  x = mb(x, 16, 16, 4, 1, 'block3b_');
  x = b.act(bn(b.conv(x, 32, 1, { padding: 'same', useBias: false, name: 'top_conv' }), 'top_bn'), 'swish', 'top_activation');
  x = b.dropout(b.gap(x, 'avg_pool'), 0.2, 'top_dropout');
  return functional(inputs, b.dense(x, classes, 'predictions', 'softmax'), `efficientnetv2-${preprocessing}`);
}
