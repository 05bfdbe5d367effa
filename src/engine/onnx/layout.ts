import * as tf from '@tensorflow/tfjs';

/**
 * How a value of the ONNX graph is held. ONNX image tensors are NCHW; TF.js convolutions and
 * pooling are NHWC. Rather than transposing around every op, 4-D tensors that convolutions and
 * pooling produce stay NHWC ('nhwc': the stored tensor is the ONNX tensor transposed by
 * [0, 2, 3, 1]); ops that care about axes map them, and a value is brought back to ONNX order
 * ('plain') only where an op needs it (a Reshape of a spatial map, say: once per model, not per op).
 */
export type Layout = 'plain' | 'nhwc';

export interface Value {
  readonly tensor: tf.Tensor;
  readonly layout: Layout;
  /** The value's name when it is a constant of the compiled graph: derived tensors are cached under it. */
  readonly constantName?: string;
}

/** ONNX axis → axis of the NHWC-stored tensor. */
export const NHWC_AXIS = [0, 3, 1, 2] as const;
/** Axis of the NHWC-stored tensor → ONNX axis. */
export const ONNX_AXIS_OF_STORED = [0, 2, 3, 1] as const;

/** The value's shape in ONNX order. */
export function onnxShape(v: Value): number[] {
  const s = v.tensor.shape as number[];
  return v.layout === 'nhwc' ? [s[0], s[3], s[1], s[2]] : [...s];
}

export function plain(v: Value): Value {
  return v.layout === 'plain' ? v : { tensor: toPlainTensor(v.tensor), layout: 'plain' };
}

/** NHWC → NCHW; a reshape, not a copy, when the spatial or channel axes are 1 (after global pooling). */
export function toPlainTensor(t: tf.Tensor): tf.Tensor {
  const [n, h, w, c] = t.shape;
  if ((h === 1 && w === 1) || c === 1) return tf.reshape(t, [n, c, h, w]);
  return tf.transpose(t, [0, 3, 1, 2]);
}

/** A rank-4 value as an NHWC tensor. */
export function nhwcTensor(v: Value): tf.Tensor4D {
  if (v.layout === 'nhwc') return v.tensor as tf.Tensor4D;
  const plainTensor = v.tensor;
  if (v.tensor.rank !== 4) throw new Error(`expected a 4-D image tensor, got shape [${v.tensor.shape.join(', ')}]`);
  const [n, c, h, w] = v.tensor.shape;
  if ((h === 1 && w === 1) || c === 1) return tf.reshape(plainTensor, [n, h, w, c]);
  return tf.transpose(plainTensor, [0, 2, 3, 1]) as tf.Tensor4D;
}

export function normaliseAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** ONNX axis of a value → axis of its stored tensor. */
export function storedAxis(v: Value, onnxAxis: number): number {
  const a = normaliseAxis(onnxAxis, v.tensor.rank);
  return v.layout === 'nhwc' ? NHWC_AXIS[a] : a;
}

export function plainValue(tensor: tf.Tensor): Value {
  return { tensor, layout: 'plain' };
}

export function nhwcValue(tensor: tf.Tensor): Value {
  return { tensor, layout: 'nhwc' };
}
