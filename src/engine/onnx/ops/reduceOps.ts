import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts } from '../onnxGraph';
import { normaliseAxis, ONNX_AXIS_OF_STORED, plain, plainValue, storedAxis } from '../layout';
import type { OpFunction, OpTable } from './opContext';
import { hostInts } from './opContext';

/**
 * Reductions (axes from the attribute, or from input 1 since ReduceSum-13 / ReduceMean-18) and
 * Softmax / LogSoftmax. On an NHWC-held value the axes are mapped; with keepdims the result stays
 * NHWC.
 */
function reduce(f: (t: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor): OpFunction {
  return (ctx) => {
    const v = ctx.value(0);
    const keep = attrInt(ctx.node, 'keepdims', 1) === 1;
    const axesOnnx = attrInts(ctx.node, 'axes') ?? hostInts(ctx.host(1)) ?? [];
    const rank = v.tensor.rank;
    if (axesOnnx.length === 0 && attrInt(ctx.node, 'noop_with_empty_axes', 0) === 1) return [v];
    const onnxAxes = axesOnnx.length === 0 ? Array.from({ length: rank }, (_, i) => i) : axesOnnx.map((a) => normaliseAxis(a, rank));
    const axes = onnxAxes.map((a) => storedAxis(v, a));
    const out = f(v.tensor, axes, keep);
    if (keep || v.layout === 'plain') return [{ tensor: out, layout: keep ? v.layout : 'plain' }];
    // The remaining stored axes, in ONNX order, are kept as they are when already sorted.
    const remaining = [0, 1, 2, 3].filter((s) => !axes.includes(s)).map((s) => ONNX_AXIS_OF_STORED[s]);
    const sorted = [...remaining].sort((a, b) => a - b);
    if (remaining.join() === sorted.join()) return [plainValue(out)];
    return [plainValue(tf.transpose(out, sorted.map((a) => remaining.indexOf(a))))];
  };
}

function softmaxLike(f: (t: tf.Tensor) => tf.Tensor): OpFunction {
  return (ctx) => {
    const x = plain(ctx.value(0)).tensor;
    const rank = x.rank;
    const axis = normaliseAxis(attrInt(ctx.node, 'axis', ctx.opset >= 13 ? -1 : 1), rank);
    if (ctx.opset < 13) {
      // Before opset 13: the input is seen as 2-D, [prod(dims before axis), prod(dims from axis)].
      const rows = x.shape.slice(0, axis).reduce((a, d) => a * d, 1);
      return [plainValue(tf.reshape(f(tf.reshape(x, [rows, -1])), x.shape))];
    }
    if (axis === rank - 1) return [plainValue(f(x))];
    const perm = Array.from({ length: rank }, (_, i) => i);
    [perm[axis], perm[rank - 1]] = [perm[rank - 1], perm[axis]];
    return [plainValue(tf.transpose(f(tf.transpose(x, perm)), perm))];
  };
}

export const REDUCE_OPS: OpTable = {
  ReduceMean: reduce((t, a, k) => tf.mean(t, a, k)),
  ReduceSum: reduce((t, a, k) => tf.sum(t, a, k)),
  ReduceMax: reduce((t, a, k) => tf.max(t, a, k)),
  ReduceMin: reduce((t, a, k) => tf.min(t, a, k)),
  Softmax: softmaxLike((t) => tf.softmax(t)),
  LogSoftmax: softmaxLike((t) => tf.logSoftmax(t)),
};

