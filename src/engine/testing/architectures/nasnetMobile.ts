import * as tf from '@tensorflow/tfjs';
import { correctPad, functional, input, KerasBuilder } from './kerasBlocks';

type T = tf.SymbolicTensor;

/**
 * keras.applications.NASNetMobile at reduced size and width: the 'valid' stride-2 stem, both
 * stem reduction cells and one normal cell, with Keras's _adjust_block (the factorised reduction
 * of the previous cell's output: AveragePooling2D 1×1/2, ZeroPadding2D + Cropping2D shift,
 * Concatenate, BN) and _separable_conv_block (ReLU → [correct_pad] SeparableConv2D → BN → ReLU →
 * SeparableConv2D → BN), BN momentum 0.9997.
 */
export function nasNetMobile(size = 32, classes = 3, filters = 8): tf.LayersModel {
  const b = new KerasBuilder(110);
  const bn = (x: T, name: string) => b.bn(x, name, { momentum: 0.9997, epsilon: 1e-3 });
  const relu = (x: T, name: string) => b.act(x, 'relu', name);
  const spatial = (x: T) => x.shape[1] as number;
  const channels = (x: T) => x.shape[3] as number;
  const sep = (x: T, f: number, kernel: number, strides: number, id: string) => {
    let y = relu(x, `separable_conv_1_act_${id}`);
    if (strides === 2) y = b.pad(y, correctPad(spatial(y), kernel), `separable_conv_1_pad_${id}`);
    y = bn(b.separable(y, f, kernel, { strides, padding: strides === 2 ? 'valid' : 'same', useBias: false, name: `separable_conv_1_${id}` }), `separable_conv_1_bn_${id}`);
    y = relu(y, `separable_conv_2_act_${id}`);
    return bn(b.separable(y, f, kernel, { padding: 'same', useBias: false, name: `separable_conv_2_${id}` }), `separable_conv_2_bn_${id}`);
  };
  const adjust = (p: T | null, ip: T, f: number, id: string): T => {
    if (p === null) p = ip;
    if (spatial(p) !== spatial(ip)) {
      p = relu(p, `adjust_relu_1_${id}`);
      let p1 = b.avgPool(p, 1, 2, `adjust_avg_pool_1_${id}`);
      p1 = b.conv(p1, f >> 1, 1, { padding: 'same', useBias: false, name: `adjust_conv_1_${id}` });
      let p2 = b.pad(p, [[0, 1], [0, 1]], `adjust_zero_pad_${id}`);
      p2 = tf.layers.cropping2D({ cropping: [[1, 0], [1, 0]], name: `adjust_cropping_${id}` }).apply(p2) as T;
      p2 = b.avgPool(p2, 1, 2, `adjust_avg_pool_2_${id}`);
      p2 = b.conv(p2, f >> 1, 1, { padding: 'same', useBias: false, name: `adjust_conv_2_${id}` });
      return bn(b.concat([p1, p2], `adjust_concat_${id}`), `adjust_bn_${id}`);
    }
    if (channels(p) !== f) {
      p = relu(p, `adjust_relu_projection_${id}`);
      return bn(b.conv(p, f, 1, { padding: 'same', useBias: false, name: `adjust_conv_projection_${id}` }), `adjust_bn_${id}`);
    }
    return p;
  };
  const squeeze = (ip: T, f: number, id: string) => bn(b.conv(relu(ip, `${id}_relu`), f, 1, { padding: 'same', useBias: false, name: `${id}_conv` }), `${id}_bn`);
  const reduction = (ip: T, p: T | null, f: number, id: string): [T, T] => {
    const pa = adjust(p, ip, f, id);
    const h = squeeze(ip, f, `reduction_${id}`);
    const h3 = b.pad(h, correctPad(spatial(h), 3), `reduction_pad_1_${id}`);
    const x1 = b.add([sep(h, f, 5, 2, `reduction_left1_${id}`), sep(pa, f, 7, 2, `reduction_right1_${id}`)], `reduction_add_1_${id}`);
    const x2 = b.add([b.maxPool(h3, 3, 2, `reduction_left2_${id}`), sep(pa, f, 7, 2, `reduction_right2_${id}`)], `reduction_add_2_${id}`);
    const x3 = b.add([b.avgPool(h3, 3, 2, `reduction_left3_${id}`), sep(pa, f, 5, 2, `reduction_right3_${id}`)], `reduction_add3_${id}`);
    const x4 = b.add([b.avgPool(x1, 3, 1, `reduction_left4_${id}`, 'same'), x2], `reduction_add4_${id}`);
    const x5 = b.add([sep(x1, f, 3, 1, `reduction_left4b_${id}`), b.maxPool(h3, 3, 2, `reduction_right5_${id}`)], `reduction_add5_${id}`);
    return [b.concat([x2, x3, x4, x5], `reduction_concat_${id}`), ip];
  };
  const normal = (ip: T, p: T, f: number, id: string): [T, T] => {
    const pa = adjust(p, ip, f, id);
    const h = squeeze(ip, f, `normal_${id}`);
    const x1 = b.add([sep(h, f, 5, 1, `normal_left1_${id}`), sep(pa, f, 3, 1, `normal_right1_${id}`)], `normal_add_1_${id}`);
    const x2 = b.add([sep(pa, f, 5, 1, `normal_left2_${id}`), sep(pa, f, 3, 1, `normal_right2_${id}`)], `normal_add_2_${id}`);
    const x3 = b.add([b.avgPool(h, 3, 1, `normal_left3_${id}`, 'same'), pa], `normal_add_3_${id}`);
    const x4 = b.add([b.avgPool(pa, 3, 1, `normal_left4_${id}`, 'same'), b.avgPool(pa, 3, 1, `normal_right4_${id}`, 'same')], `normal_add_4_${id}`);
    const x5 = b.add([sep(h, f, 3, 1, `normal_left5_${id}`), h], `normal_add_5_${id}`);
    return [b.concat([pa, x1, x2, x3, x4, x5], `normal_concat_${id}`), ip];
  };
  const inputs = input(size);
  let x = bn(b.conv(inputs, filters, 3, { strides: 2, useBias: false, name: 'stem_conv1' }), 'stem_bn1');
  let p: T | null = null;
  [x, p] = reduction(x, p, filters >> 1, 'stem_1');
  [x, p] = reduction(x, p, filters, 'stem_2');
  [x, p] = normal(x, p, filters, '0');
  x = relu(x, 'activation');
  return functional(inputs, b.head(x, classes), 'NASNet');
}
