import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt, attrString } from '../onnxGraph';
import type { Value } from '../layout';
import { onnxShape, plain } from '../layout';
import type { OpContext, OpFunction, OpTable } from './opContext';

/**
 * Elementwise ops. Unary ones keep their input's layout. Binary ones broadcast in ONNX order:
 * when one operand is held NHWC, the others are brought to NHWC (a constant once, at load), so a
 * bias or a scale of shape [C, 1, 1] costs nothing per call.
 */
function unary(f: (t: tf.Tensor, ctx: OpContext) => tf.Tensor): OpFunction {
  return (ctx) => {
    const v = ctx.value(0);
    return [{ tensor: f(v.tensor, ctx), layout: v.layout }];
  };
}

/** Operands aligned for broadcasting: all NHWC when one is, else all in ONNX order. */
export function aligned(ctx: OpContext, values: readonly Value[]): { tensors: tf.Tensor[]; layout: 'plain' | 'nhwc' } {
  const anyNhwc = values.some((v) => v.layout === 'nhwc');
  if (!anyNhwc || values.some((v) => v.tensor.rank > 4)) return { tensors: values.map((v) => plain(v).tensor), layout: 'plain' };
  const tensors = values.map((v, i) => {
    if (v.layout === 'nhwc') return v.tensor;
    const shape = onnxShape(v);
    return ctx.derived(`nhwc-operand-${i}`, [v], () => {
      const rank4 = [...Array(4 - shape.length).fill(1), ...shape];
      return tf.transpose(tf.reshape(v.tensor, rank4), [0, 2, 3, 1]);
    });
  });
  return { tensors, layout: 'nhwc' };
}

function binary(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): OpFunction {
  return (ctx) => {
    const { tensors, layout } = aligned(ctx, [ctx.value(0), ctx.value(1)]);
    return [{ tensor: f(tensors[0], tensors[1]), layout }];
  };
}

function sameFloat(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (a.dtype === b.dtype) return [a, b];
  return [a.dtype === 'float32' ? a : tf.cast(a, 'float32'), b.dtype === 'float32' ? b : tf.cast(b, 'float32')];
}

/** A constant scalar exponent, or null when the exponent is a tensor of the image. */
function scalarExponent(ctx: OpContext): number | null {
  const e = ctx.hostIfKnown(1);
  return e && e.data.length === 1 ? e.data[0] : null;
}

function pow(ctx: OpContext): Value[] {
  const exponent = scalarExponent(ctx);
  const x = ctx.value(0);
  if (exponent === 2) return [{ tensor: tf.square(x.tensor), layout: x.layout }];
  if (exponent === 1) return [x];
  if (exponent === 0.5) return [{ tensor: tf.sqrt(x.tensor), layout: x.layout }];
  return binary((a, b) => tf.pow(...sameFloat(a, b)))(ctx);
}

function clip(ctx: OpContext): Value[] {
  let lo = -Infinity;
  let hi = Infinity;
  if (ctx.opset < 11) {
    lo = attrFloat(ctx.node, 'min', lo);
    hi = attrFloat(ctx.node, 'max', hi);
  } else {
    const min = ctx.host(1);
    const max = ctx.host(2);
    if (min) lo = min.data[0];
    if (max) hi = max.data[0];
  }
  const x = ctx.value(0);
  const tensor = lo === 0 && hi === 6 ? tf.relu6(x.tensor) : lo === 0 && hi === Infinity ? tf.relu(x.tensor) : tf.clipByValue(x.tensor, Math.max(lo, -3.4e38), Math.min(hi, 3.4e38));
  return [{ tensor, layout: x.layout }];
}

function hardSigmoid(t: tf.Tensor, ctx: OpContext): tf.Tensor {
  const alpha = attrFloat(ctx.node, 'alpha', 0.2);
  const beta = attrFloat(ctx.node, 'beta', 0.5);
  return tf.clipByValue(tf.add(tf.mul(t, alpha), beta), 0, 1);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function gelu(t: tf.Tensor, ctx: OpContext): tf.Tensor {
  if (attrString(ctx.node, 'approximate', 'none') === 'tanh') {
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(t, tf.mul(0.044715, tf.pow(t, 3))));
    return tf.mul(tf.mul(0.5, t), tf.add(1, tf.tanh(inner)));
  }
  return tf.mul(tf.mul(0.5, t), tf.add(1, tf.erf(tf.mul(t, Math.SQRT1_2))));
}

const ONNX_TO_TF_DTYPE: Record<number, 'float32' | 'int32' | 'bool'> = { 1: 'float32', 10: 'float32', 11: 'float32', 16: 'float32', 2: 'int32', 3: 'int32', 4: 'int32', 5: 'int32', 6: 'int32', 7: 'int32', 12: 'int32', 13: 'int32', 9: 'bool' };

function cast(ctx: OpContext): Value[] {
  const to = ONNX_TO_TF_DTYPE[attrInt(ctx.node, 'to', 1)];
  if (!to) throw new Error(`${ctx.node.name}: Cast to element type ${attrInt(ctx.node, 'to', 1)} is not supported`);
  const x = ctx.value(0);
  return [{ tensor: x.tensor.dtype === to ? x.tensor : tf.cast(x.tensor, to), layout: x.layout }];
}

function where(ctx: OpContext): Value[] {
  const { tensors, layout } = aligned(ctx, [ctx.value(0), ctx.value(1), ctx.value(2)]);
  const shape = tf.backend_util.assertAndGetBroadcastShape(tf.backend_util.assertAndGetBroadcastShape(tensors[0].shape, tensors[1].shape), tensors[2].shape);
  const [c, a, b] = tensors.map((t) => (t.shape.join() === shape.join() ? t : tf.broadcastTo(t, shape)));
  return [{ tensor: tf.where(tf.cast(c, 'bool'), a, b), layout }];
}

/** Variadic Sum / Max / Min / Mean. */
function variadic(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, mean = false): OpFunction {
  return (ctx) => {
    const values = Array.from({ length: ctx.inputCount }, (_, i) => ctx.value(i));
    const { tensors, layout } = aligned(ctx, values);
    let out = tensors[0];
    for (const t of tensors.slice(1)) out = f(out, t);
    return [{ tensor: mean ? tf.div(out, tensors.length) : out, layout }];
  };
}

export const ELEMENTWISE_OPS: OpTable = {
  Add: binary((a, b) => tf.add(a, b)),
  Sub: binary((a, b) => tf.sub(a, b)),
  Mul: binary((a, b) => tf.mul(a, b)),
  Div: binary((a, b) => tf.div(a, b)),
  Pow: pow,
  Equal: binary((a, b) => tf.equal(a, b)),
  Less: binary((a, b) => tf.less(a, b)),
  Greater: binary((a, b) => tf.greater(a, b)),
  Where: where,
  Max: variadic((a, b) => tf.maximum(a, b)),
  Min: variadic((a, b) => tf.minimum(a, b)),
  Sum: variadic((a, b) => tf.add(a, b)),
  Mean: variadic((a, b) => tf.add(a, b), true),
  Sqrt: unary((t) => tf.sqrt(t)),
  Erf: unary((t) => tf.erf(t)),
  Exp: unary((t) => tf.exp(t)),
  Log: unary((t) => tf.log(t)),
  Neg: unary((t) => tf.neg(t)),
  Abs: unary((t) => tf.abs(t)),
  Reciprocal: unary((t) => tf.reciprocal(t)),
  Relu: unary((t) => tf.relu(t)),
  LeakyRelu: unary((t, ctx) => tf.leakyRelu(t, attrFloat(ctx.node, 'alpha', 0.01))),
  Elu: unary((t, ctx) => (attrFloat(ctx.node, 'alpha', 1) === 1 ? tf.elu(t) : tf.where(tf.greater(t, 0), t, tf.mul(attrFloat(ctx.node, 'alpha', 1), tf.sub(tf.exp(t), 1))))),
  Sigmoid: unary((t) => tf.sigmoid(t)),
  Tanh: unary((t) => tf.tanh(t)),
  Softplus: unary((t) => tf.softplus(t)),
  HardSigmoid: unary(hardSigmoid),
  HardSwish: unary((t) => tf.mul(t, tf.clipByValue(tf.add(tf.div(t, 6), 0.5), 0, 1))),
  Gelu: unary(gelu),
  Clip: clip,
  Identity: (ctx) => [ctx.value(0)],
  Dropout: (ctx) => [ctx.value(0)],
  Cast: cast,
};
