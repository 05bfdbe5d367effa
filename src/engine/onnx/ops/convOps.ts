import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts } from '../onnxGraph';
import type { Value } from '../layout';
import { nhwcTensor, nhwcValue } from '../layout';
import { dilateFilter, explicitPadding, window2d } from './convolution';
import type { OpContext, OpTable } from './opContext';

/**
 * Conv and ConvTranspose on NHWC tensors. ONNX weights [M, C/group, kh, kw] become TF.js filters
 * [kh, kw, C/group, M] (depthwise: [kh, kw, C, M/C]) once, at load. Plain conv2d / depthwiseConv2d
 * (not the fused ops, whose gradient computes the unused filter gradient), so tf.grad with
 * respect to the image only back-propagates to the input.
 */
function conv(ctx: OpContext): Value[] {
  const xValue = ctx.value(0);
  const x = nhwcTensor(xValue);
  const wValue = ctx.value(1);
  const [m, cPerGroup, kh, kw] = wValue.tensor.shape;
  if (wValue.tensor.rank !== 4) throw new Error(`${ctx.node.name}: only 2-D convolutions are supported (weight of rank ${wValue.tensor.rank})`);
  const group = attrInt(ctx.node, 'group', 1);
  const channels = x.shape[3];
  const w = window2d(ctx.node, [kh, kw], [x.shape[1], x.shape[2]]);
  // TF.js has no gradient for dilated convolutions: dilation is written into the filter instead.
  const dilated = w.dilations[0] > 1 || w.dilations[1] > 1;
  const dilations: [number, number] = [1, 1];
  const pad = explicitPadding(w);
  let y: tf.Tensor4D;
  if (group === 1) {
    const filter = ctx.derived('filter', [wValue], () => dilateIf(tf.transpose(wValue.tensor, [2, 3, 1, 0]) as tf.Tensor4D, dilated, w.dilations));
    y = tf.conv2d(x, filter, w.strides, pad, 'NHWC', dilations);
  } else if (group === channels && cPerGroup === 1) {
    const filter = ctx.derived('filter', [wValue], () =>
      dilateIf(tf.transpose(tf.reshape(wValue.tensor, [channels, m / channels, kh, kw]), [2, 3, 0, 1]) as tf.Tensor4D, dilated, w.dilations),
    );
    y = tf.depthwiseConv2d(x, filter, w.strides, pad, 'NHWC', dilations);
  } else {
    const filters = ctx.derived('group-filters', [wValue], () =>
      tf.stack(tf.split(wValue.tensor, group, 0).map((g) => dilateIf(tf.transpose(g, [2, 3, 1, 0]) as tf.Tensor4D, dilated, w.dilations))),
    );
    const parts = tf.split(x, group, 3);
    const outputs = parts.map((part, g) => tf.conv2d(part as tf.Tensor4D, tf.squeeze(tf.slice(filters, [g], [1]), [0]) as tf.Tensor4D, w.strides, pad, 'NHWC', dilations));
    y = tf.concat(outputs, 3);
  }
  const bias = ctx.input(2);
  if (bias) y = tf.add(y, bias.tensor);
  return [nhwcValue(y)];
}

function dilateIf(filter: tf.Tensor4D, dilate: boolean, dilations: [number, number]): tf.Tensor4D {
  return dilate ? dilateFilter(filter, dilations) : filter;
}

/** ConvTranspose (group 1): the full transposed convolution, then ONNX's pads cut off and output_padding added. */
function convTranspose(ctx: OpContext): Value[] {
  const x = nhwcTensor(ctx.value(0));
  const wValue = ctx.value(1);
  const [cIn, mPerGroup, kh, kw] = wValue.tensor.shape;
  const group = attrInt(ctx.node, 'group', 1);
  if (group !== 1) throw new Error(`${ctx.node.name}: ConvTranspose with group ${group} is not supported`);
  const w = window2d(ctx.node, [kh, kw], [x.shape[1], x.shape[2]]);
  const filter = ctx.derived('filter', [wValue], () => dilateFilter(tf.transpose(wValue.tensor, [2, 3, 1, 0]) as tf.Tensor4D, w.dilations));
  const [fh, fw] = filter.shape;
  const fullH = (x.shape[1] - 1) * w.strides[0] + fh;
  const fullW = (x.shape[2] - 1) * w.strides[1] + fw;
  let y = tf.conv2dTranspose(x, filter, [x.shape[0], fullH, fullW, mPerGroup], w.strides, 'valid');
  const outputPadding = attrInts(ctx.node, 'output_padding') ?? [0, 0];
  const explicitShape = attrInts(ctx.node, 'output_shape');
  let [[t, b], [l, r]] = w.pads;
  if (explicitShape) {
    // output_shape given: pads follow from it (SAME_UPPER-like split).
    const totalH = fullH + (outputPadding[0] ?? 0) - explicitShape[explicitShape.length - 2];
    const totalW = fullW + (outputPadding[1] ?? 0) - explicitShape[explicitShape.length - 1];
    [t, b] = [Math.floor(totalH / 2), totalH - Math.floor(totalH / 2)];
    [l, r] = [Math.floor(totalW / 2), totalW - Math.floor(totalW / 2)];
  }
  if (outputPadding[0] || outputPadding[1]) {
    y = tf.pad(y, [
      [0, 0],
      [0, outputPadding[0] ?? 0],
      [0, outputPadding[1] ?? 0],
      [0, 0],
    ]);
  }
  const h = y.shape[1] - t - b;
  const wd = y.shape[2] - l - r;
  if (t || b || l || r) y = tf.slice(y, [0, t, l, 0], [y.shape[0], h, wd, mPerGroup]);
  void cIn;
  const bias = ctx.input(2);
  if (bias) y = tf.add(y, bias.tensor);
  return [nhwcValue(y)];
}

export const CONV_OPS: OpTable = { Conv: conv, ConvTranspose: convTranspose };
