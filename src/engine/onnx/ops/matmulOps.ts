import * as tf from '@tensorflow/tfjs';
import { attrFloat, attrInt } from '../onnxGraph';
import type { Value } from '../layout';
import { plain, plainValue } from '../layout';
import type { OpContext, OpTable } from './opContext';

/** Gemm: alpha·op(A)·op(B) + beta·C, op = transpose when transA / transB. */
function gemm(ctx: OpContext): Value[] {
  const a = plain(ctx.value(0)).tensor as tf.Tensor2D;
  const b = plain(ctx.value(1)).tensor as tf.Tensor2D;
  const alpha = attrFloat(ctx.node, 'alpha', 1);
  const beta = attrFloat(ctx.node, 'beta', 1);
  let y: tf.Tensor = tf.matMul(a.rank === 2 ? a : tf.reshape(a, [a.shape[0], -1]), b, attrInt(ctx.node, 'transA', 0) === 1, attrInt(ctx.node, 'transB', 0) === 1);
  if (alpha !== 1) y = tf.mul(y, alpha);
  const c = ctx.input(2);
  if (c) y = tf.add(y, beta === 1 ? plain(c).tensor : tf.mul(plain(c).tensor, beta));
  return [plainValue(y)];
}

/** MatMul with NumPy semantics: 1-D operands promoted, batch dims broadcast. */
function matMul(ctx: OpContext): Value[] {
  let a = plain(ctx.value(0)).tensor;
  let b = plain(ctx.value(1)).tensor;
  const aVector = a.rank === 1;
  const bVector = b.rank === 1;
  if (aVector) a = tf.reshape(a, [1, -1]);
  if (bVector) b = tf.reshape(b, [-1, 1]);
  let y: tf.Tensor;
  if (b.rank === 2) {
    // (…, M, K) · (K, N): one 2-D product over the flattened leading dims.
    const lead = a.shape.slice(0, -1);
    y = tf.reshape(tf.matMul(tf.reshape(a, [-1, a.shape[a.rank - 1] as number]) as tf.Tensor2D, b as tf.Tensor2D), [...lead, b.shape[1] as number]);
  } else {
    const rank = Math.max(a.rank, b.rank);
    const batch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const full = (t: tf.Tensor) => {
      const target = [...batch, ...t.shape.slice(-2)];
      const r = t.rank < rank ? tf.reshape(t, [...Array(rank - t.rank).fill(1), ...t.shape]) : t;
      return r.shape.join() === target.join() ? r : tf.broadcastTo(r, target);
    };
    y = tf.matMul(full(a), full(b));
  }
  if (aVector) y = tf.squeeze(y, [y.rank - 2]);
  if (bVector) y = tf.squeeze(y, [y.rank - 1]);
  return [plainValue(y)];
}

export const MATMUL_OPS: OpTable = { Gemm: gemm, MatMul: matMul };
