import * as tf from '@tensorflow/tfjs';
import type { HostTensor } from '../hostTensor';
import { attrFloat, attrInt, attrInts, attrString, attrTensor } from '../onnxGraph';
import type { Value } from '../layout';
import { NHWC_AXIS, nhwcValue, normaliseAxis, onnxShape, plain, plainValue, storedAxis } from '../layout';
import type { OpContext, OpTable } from './opContext';
import { hostInts } from './opContext';

/**
 * Ops that move data without arithmetic. Shape arguments (target shapes, axes, starts, pads) are
 * host values: constants of the file, or folded from Shape at load (onnxProgram.ts).
 */
function tensorOfHost(t: HostTensor): tf.Tensor {
  return tf.tensor(t.data, [...t.shape], t.dtype);
}

function required(ctx: OpContext, i: number, what: string): number[] {
  const v = hostInts(ctx.host(i));
  if (!v) throw new Error(`${ctx.node.name}: ${ctx.node.opType} needs its ${what}`);
  return v;
}

/** Values whose data order is the same in NCHW and NHWC (spatial or channel axes of size 1). */
function orderFree(v: Value): boolean {
  if (v.layout === 'plain') return true;
  const [, h, w, c] = v.tensor.shape;
  return (h === 1 && w === 1) || c === 1;
}

/** The ONNX-order data of a value, for ops that only reshape: a transpose only when the order differs. */
function dataInOnnxOrder(v: Value): tf.Tensor {
  return orderFree(v) ? v.tensor : plain(v).tensor;
}

function reshape(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  const allowZero = attrInt(ctx.node, 'allowzero', 0) === 1;
  const target = required(ctx, 1, 'target shape').map((d, i) => (d === 0 && !allowZero ? shape[i] : d));
  return [plainValue(tf.reshape(dataInOnnxOrder(v), target))];
}

function flatten(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  const axis = normaliseAxis(attrInt(ctx.node, 'axis', 1), shape.length);
  const rows = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  return [plainValue(tf.reshape(dataInOnnxOrder(v), [rows, -1]))];
}

/**
 * Transpose composed with the value's layout: one tf.transpose at most, none when the result is
 * the stored tensor itself (PyTorch's permute to channels-last around a LayerNorm, ConvNeXt).
 */
function transpose(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const rank = v.tensor.rank;
  const perm = attrInts(ctx.node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  // Stored position of each ONNX axis of the input.
  const position = (onnxAxis: number) => storedAxis(v, onnxAxis);
  const asPlain = perm.map((p) => position(p));
  const identity = (p: number[]) => p.every((a, i) => a === i);
  if (identity(asPlain)) return [plainValue(v.tensor)];
  if (rank === 4) {
    // Output held NHWC: stored axis i holds output ONNX axis [0, 2, 3, 1][i].
    const asNhwc = [0, 2, 3, 1].map((o) => position(perm[o]));
    if (identity(asNhwc)) return [nhwcValue(v.tensor)];
  }
  return [plainValue(tf.transpose(v.tensor, asPlain))];
}

function concat(ctx: OpContext): Value[] {
  const values = Array.from({ length: ctx.inputCount }, (_, i) => ctx.value(i)).filter((v) => v.tensor.size > 0 || v.tensor.rank > 1);
  const axis = attrInt(ctx.node, 'axis', 0);
  if (values.some((v) => v.layout === 'nhwc') && values.every((v) => v.tensor.rank === 4)) {
    const tensors = values.map((v, i) => (v.layout === 'nhwc' ? v.tensor : ctx.derived(`nhwc-${i}`, [v], () => tf.transpose(v.tensor, [0, 2, 3, 1]))));
    return [nhwcValue(tf.concat(tensors, NHWC_AXIS[normaliseAxis(axis, 4)]))];
  }
  const tensors = values.map((v) => plain(v).tensor);
  return [plainValue(tf.concat(tensors, normaliseAxis(axis, tensors[0].rank)))];
}

function split(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  const axis = normaliseAxis(attrInt(ctx.node, 'axis', 0), shape.length);
  const count = ctx.node.outputs.length;
  let sizes = attrInts(ctx.node, 'split') ?? hostInts(ctx.host(1));
  if (!sizes) {
    const each = Math.ceil(shape[axis] / count);
    sizes = Array.from({ length: count }, (_, i) => Math.min(each, shape[axis] - i * each));
  }
  const parts = tf.split(v.tensor, sizes, storedAxis(v, axis));
  return parts.map((t) => ({ tensor: t, layout: v.layout }));
}

function slice(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  const rank = shape.length;
  const starts = attrInts(ctx.node, 'starts') ?? required(ctx, 1, 'starts');
  const ends = attrInts(ctx.node, 'ends') ?? required(ctx, 2, 'ends');
  const axes = (attrInts(ctx.node, 'axes') ?? hostInts(ctx.host(3)) ?? starts.map((_, i) => i)).map((a) => normaliseAxis(a, rank));
  const steps = hostInts(ctx.host(4)) ?? axes.map(() => 1);
  const begin = Array(rank).fill(0);
  const size = [...shape];
  const reverse: number[] = [];
  const stride = Array(rank).fill(1);
  axes.forEach((axis, i) => {
    const dim = shape[axis];
    const step = steps[i];
    if (step > 0) {
      const s = Math.min(Math.max(starts[i] < 0 ? starts[i] + dim : starts[i], 0), dim);
      const e = Math.min(Math.max(ends[i] < 0 ? ends[i] + dim : ends[i], 0), dim);
      begin[axis] = s;
      size[axis] = Math.max(0, Math.ceil((e - s) / step));
      stride[axis] = step;
    } else {
      // Negative step: count from the end of the reversed axis.
      const s = Math.min(Math.max(starts[i] < 0 ? starts[i] + dim : starts[i], 0), dim - 1);
      const e = Math.min(Math.max(ends[i] < 0 ? ends[i] + dim : ends[i], -1), dim - 1);
      reverse.push(axis);
      begin[axis] = dim - 1 - s;
      size[axis] = Math.max(0, Math.ceil((s - e) / -step));
      stride[axis] = -step;
    }
  });
  const storedPerm = (values: number[]) => (v.layout === 'nhwc' ? [0, 2, 3, 1].map((a) => values[a]) : values);
  let t = v.tensor;
  if (reverse.length) t = tf.reverse(t, reverse.map((a) => storedAxis(v, a)));
  const b = storedPerm(begin);
  const s = storedPerm(size);
  const st = storedPerm(stride);
  const out = st.every((x) => x === 1) ? tf.slice(t, b, s) : tf.stridedSlice(t, b, b.map((x, i) => x + s[i] * st[i]), st);
  return [{ tensor: out, layout: v.layout }];
}

function gather(ctx: OpContext): Value[] {
  const v = plain(ctx.value(0));
  const axis = normaliseAxis(attrInt(ctx.node, 'axis', 0), v.tensor.rank);
  const dim = v.tensor.shape[axis];
  const hostIndices = ctx.hostIfKnown(1);
  let indices: tf.Tensor;
  if (hostIndices) {
    indices = ctx.derived('indices', [ctx.value(1)], () => tf.tensor(Array.from(hostIndices.data, (i) => (i < 0 ? i + dim : i)), [...hostIndices.shape], 'int32'));
  } else {
    const raw = ctx.value(1).tensor;
    indices = tf.where(tf.less(raw, 0), tf.add(raw, tf.scalar(dim, 'int32')), raw);
  }
  return [plainValue(tf.gather(v.tensor, indices, axis))];
}

function unsqueeze(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  const axes = attrInts(ctx.node, 'axes') ?? required(ctx, 1, 'axes');
  const rank = shape.length + axes.length;
  const out = [...shape];
  for (const a of axes.map((x) => normaliseAxis(x, rank)).sort((x, y) => x - y)) out.splice(a, 0, 1);
  return [plainValue(tf.reshape(dataInOnnxOrder(v), out))];
}

function squeeze(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  const axes = (attrInts(ctx.node, 'axes') ?? hostInts(ctx.host(1)) ?? shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map((a) => normaliseAxis(a, shape.length));
  return [plainValue(tf.reshape(dataInOnnxOrder(v), shape.filter((_, i) => !axes.includes(i))))];
}

function expand(ctx: OpContext): Value[] {
  const v = plain(ctx.value(0));
  const target = required(ctx, 1, 'shape');
  const shape = tf.backend_util.assertAndGetBroadcastShape(v.tensor.shape, target);
  const t = v.tensor.rank < shape.length ? tf.reshape(v.tensor, [...Array(shape.length - v.tensor.rank).fill(1), ...v.tensor.shape]) : v.tensor;
  return [plainValue(t.shape.join() === shape.join() ? t : tf.broadcastTo(t, shape))];
}

function tile(ctx: OpContext): Value[] {
  const v = plain(ctx.value(0));
  return [plainValue(tf.tile(v.tensor, required(ctx, 1, 'repeats')))];
}

function pad(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const rank = v.tensor.rank;
  const mode = attrString(ctx.node, 'mode', 'constant');
  const raw = attrInts(ctx.node, 'pads') ?? required(ctx, 1, 'pads');
  const axes = (hostInts(ctx.host(3)) ?? Array.from({ length: rank }, (_, i) => i)).map((a) => normaliseAxis(a, rank));
  if (raw.some((p) => p < 0)) throw new Error(`${ctx.node.name}: negative pads are not supported`);
  const onnxPads: Array<[number, number]> = Array.from({ length: rank }, () => [0, 0]);
  axes.forEach((a, i) => (onnxPads[a] = [raw[i], raw[i + axes.length]]));
  const paddings = v.layout === 'nhwc' ? [0, 2, 3, 1].map((a) => onnxPads[a]) : onnxPads;
  const value = ctx.opset < 11 ? attrFloat(ctx.node, 'value', 0) : (ctx.host(2)?.data[0] ?? 0);
  let out: tf.Tensor;
  if (mode === 'constant') out = tf.pad(v.tensor, paddings, value);
  else if (mode === 'reflect') out = tf.mirrorPad(v.tensor, paddings, 'reflect');
  else throw new Error(`${ctx.node.name}: Pad mode ${mode} is not supported`);
  return [{ tensor: out, layout: v.layout }];
}

function constant(ctx: OpContext): Value[] {
  const node = ctx.node;
  const t = attrTensor(node, 'value', ctx.source);
  if (t) return [plainValue(tensorOfHost(t))];
  if (node.attributes.has('value_float')) return [plainValue(tf.scalar(attrFloat(node, 'value_float', 0)))];
  if (node.attributes.has('value_floats')) return [plainValue(tf.tensor1d(node.attributes.get('value_floats')?.floats ?? []))];
  if (node.attributes.has('value_int')) return [plainValue(tf.scalar(attrInt(node, 'value_int', 0), 'int32'))];
  if (node.attributes.has('value_ints')) return [plainValue(tf.tensor1d(attrInts(node, 'value_ints') ?? [], 'int32'))];
  throw new Error(`${node.name}: Constant without a supported value attribute`);
}

function constantOfShape(ctx: OpContext): Value[] {
  const shape = required(ctx, 0, 'shape');
  const value = attrTensor(ctx.node, 'value', ctx.source);
  return [plainValue(tf.fill(shape, value ? value.data[0] : 0, value?.dtype ?? 'float32'))];
}

/** Shape: the dims in ONNX order (start/end since opset 15); folded at load. */
function shapeOp(ctx: OpContext): Value[] {
  const shape = onnxShape(ctx.value(0));
  const rank = shape.length;
  const start = normaliseAxis(attrInt(ctx.node, 'start', 0), rank);
  const end = ctx.node.attributes.has('end') ? normaliseAxis(attrInt(ctx.node, 'end', rank), rank) : rank;
  return [plainValue(tf.tensor1d(shape.slice(Math.max(0, start), Math.min(rank, end)), 'int32'))];
}

function range(ctx: OpContext): Value[] {
  const [start, limit, delta] = [0, 1, 2].map((i) => ctx.host(i)?.data[0] ?? 0);
  const dtype = ctx.host(0)?.dtype === 'float32' ? 'float32' : 'int32';
  return [plainValue(tf.range(start, limit, delta, dtype))];
}

export const SHAPE_OPS: OpTable = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Expand: expand,
  Tile: tile,
  Pad: pad,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Shape: shapeOp,
  Range: range,
};
