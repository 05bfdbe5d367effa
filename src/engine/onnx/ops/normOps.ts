import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt } from '../onnxGraph';
import type { Value } from '../layout';
import { nhwcTensor, nhwcValue, normaliseAxis, plain } from '../layout';
import type { OpContext, OpTable } from './opContext';

/**
 * Normalisation in inference form. BatchNormalization folds its statistics into one scale and
 * one shift per channel at load (x·s + t: two cheap elementwise ops, where tf.batchNorm's
 * gradient tiles its parameters at every call).
 */
function batchNormalization(ctx: OpContext): Value[] {
  const x = ctx.value(0);
  const params = [1, 2, 3, 4].map((i) => ctx.value(i));
  const epsilon = attrFloat(ctx.node, 'epsilon', 1e-5);
  const scale = ctx.derived('scale', params, () => tf.mul(params[0].tensor, tf.rsqrt(tf.add(params[3].tensor, epsilon))));
  const shift = ctx.derived('shift', params, () => tf.sub(params[1].tensor, tf.mul(params[2].tensor, scale)));
  if (x.tensor.rank === 4) return [nhwcValue(tf.add(tf.mul(nhwcTensor(x), scale), shift))];
  // (N, C) or (N, C, L): parameters along axis 1.
  const p = plain(x).tensor;
  const trailing = Array(p.rank - 2).fill(1);
  return [{ tensor: tf.add(tf.mul(p, tf.reshape(scale, [-1, ...trailing])), tf.reshape(shift, [-1, ...trailing])), layout: 'plain' }];
}

function instanceNormalization(ctx: OpContext): Value[] {
  const x = nhwcTensor(ctx.value(0));
  const epsilon = attrFloat(ctx.node, 'epsilon', 1e-5);
  const { mean, variance } = tf.moments(x, [1, 2], true);
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  return [nhwcValue(tf.add(tf.mul(normalised, ctx.value(1).tensor), ctx.value(2).tensor))];
}

/** LayerNormalization over the axes from `axis` to the last (ONNX order). */
function layerNormalization(ctx: OpContext): Value[] {
  const input = ctx.value(0);
  const rank = input.tensor.rank;
  const axis = normaliseAxis(attrInt(ctx.node, 'axis', -1), rank);
  const epsilon = attrFloat(ctx.node, 'epsilon', 1e-5);
  // Normalising over the stored last axis needs no transpose when it is ONNX's last axis.
  const x = input.layout === 'nhwc' ? plain(input) : input;
  const axes = Array.from({ length: rank - axis }, (_, i) => axis + i);
  const { mean, variance } = tf.moments(x.tensor, axes, true);
  let y = tf.mul(tf.sub(x.tensor, mean), tf.rsqrt(tf.add(variance, epsilon)));
  y = tf.mul(y, ctx.value(1).tensor);
  const bias = ctx.input(2);
  if (bias) y = tf.add(y, bias.tensor);
  return [{ tensor: y, layout: 'plain' }];
}

export const NORM_OPS: OpTable = {
  BatchNormalization: batchNormalization,
  InstanceNormalization: instanceNormalization,
  LayerNormalization: layerNormalization,
};
