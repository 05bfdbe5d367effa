import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts } from '../onnxGraph';
import type { Value } from '../layout';
import { nhwcTensor, nhwcValue } from '../layout';
import { explicitPadding, window2d } from './convolution';
import type { OpContext, OpTable } from './opContext';

function kernelOf(ctx: OpContext): [number, number] {
  const k = attrInts(ctx.node, 'kernel_shape');
  if (!k || k.length !== 2) throw new Error(`${ctx.node.name}: only 2-D pooling is supported`);
  return [k[0], k[1]];
}

function maxPool(ctx: OpContext): Value[] {
  const x = nhwcTensor(ctx.value(0));
  const w = window2d(ctx.node, kernelOf(ctx), [x.shape[1], x.shape[2]], { ceil: true });
  if (w.dilations[0] !== 1 || w.dilations[1] !== 1) throw new Error(`${ctx.node.name}: dilated MaxPool is not supported`);
  if (ctx.node.outputs.length > 1 && ctx.node.outputs[1]) throw new Error(`${ctx.node.name}: MaxPool's Indices output is not supported`);
  // Padded positions never win: TF.js pooling skips them, as ONNX's -inf padding does.
  return [nhwcValue(tf.maxPool(x, w.kernel, w.strides, explicitPadding(w)))];
}

/**
 * AveragePool. count_include_pad = 0 divides by the pixels inside the image, as TF.js's padded
 * avgPool does. count_include_pad = 1 counts ONNX's pads but, as in PyTorch, not ceil_mode's extra
 * end padding: the sums are divided by the pooled mask of counted pixels.
 */
function averagePool(ctx: OpContext): Value[] {
  const x = nhwcTensor(ctx.value(0));
  const [, height, width] = x.shape;
  const declared = window2d(ctx.node, kernelOf(ctx), [height, width]);
  const w = window2d(ctx.node, kernelOf(ctx), [height, width], { ceil: true });
  const includePad = attrInt(ctx.node, 'count_include_pad', 0) === 1;
  if (!includePad || !w.pads.flat().some((p) => p > 0)) return [nhwcValue(tf.avgPool(x, w.kernel, w.strides, explicitPadding(w)))];
  const paddings: Array<[number, number]> = [[0, 0], w.pads[0], w.pads[1], [0, 0]];
  const means = tf.avgPool(tf.pad(x, paddings) as tf.Tensor4D, w.kernel, w.strides, 'valid');
  const counted = ctx.derived(`counted-${height}x${width}`, [], () => {
    // Counted: the image and ONNX's pads; not counted: ceil_mode's extra end padding.
    const inside = tf.ones([1, height + declared.pads[0][0] + declared.pads[0][1], width + declared.pads[1][0] + declared.pads[1][1], 1]);
    const extra = [w.pads[0][1] - declared.pads[0][1], w.pads[1][1] - declared.pads[1][1]];
    const mask = tf.pad(inside, [[0, 0], [0, extra[0]], [0, extra[1]], [0, 0]]) as tf.Tensor4D;
    return tf.avgPool(mask, w.kernel, w.strides, 'valid');
  });
  // means = sum / k²; counted = (counted pixels) / k²: their ratio is sum / counted pixels.
  return [nhwcValue(tf.div(means, counted))];
}

export const POOL_OPS: OpTable = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: (ctx) => [nhwcValue(tf.mean(nhwcTensor(ctx.value(0)), [1, 2], true))],
  GlobalMaxPool: (ctx) => [nhwcValue(tf.max(nhwcTensor(ctx.value(0)), [1, 2], true))],
};
