import * as tf from '@tensorflow/tfjs';
import { attrInt, attrInts, attrString } from '../onnxGraph';
import type { OnnxNode } from '../onnxGraph';

/**
 * Window geometry shared by Conv, ConvTranspose and the pooling ops: ONNX's pads [top, left,
 * bottom, right], auto_pad, strides, dilations, ceil_mode → explicit TF.js padding.
 */
export interface Window2d {
  readonly kernel: [number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  /** [[top, bottom], [left, right]]. */
  readonly pads: [[number, number], [number, number]];
}

function pair(values: number[] | null, fallback: number): [number, number] {
  if (!values || values.length === 0) return [fallback, fallback];
  return [values[0], values[1] ?? values[0]];
}

/** Effective window size with dilation. */
function span(k: number, d: number): number {
  return (k - 1) * d + 1;
}

export function window2d(node: OnnxNode, kernel: [number, number], inputHw: [number, number], options: { ceil?: boolean } = {}): Window2d {
  const strides = pair(attrInts(node, 'strides'), 1);
  const dilations = pair(attrInts(node, 'dilations'), 1);
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const pads: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    for (let a = 0; a < 2; a++) {
      const out = Math.ceil(inputHw[a] / strides[a]);
      const total = Math.max(0, (out - 1) * strides[a] + span(kernel[a], dilations[a]) - inputHw[a]);
      const small = Math.floor(total / 2);
      pads[a] = autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    }
  } else if (autoPad === 'NOTSET') {
    const p = attrInts(node, 'pads') ?? [0, 0, 0, 0];
    pads[0] = [p[0] ?? 0, p[2] ?? 0];
    pads[1] = [p[1] ?? 0, p[3] ?? 0];
  }
  if (options.ceil && attrInt(node, 'ceil_mode', 0) === 1) {
    for (let a = 0; a < 2; a++) {
      const padded = inputHw[a] + pads[a][0] + pads[a][1];
      const k = span(kernel[a], dilations[a]);
      let out = Math.ceil((padded - k) / strides[a]) + 1;
      // The last window must start inside the input or its leading padding (PyTorch's rule).
      if ((out - 1) * strides[a] >= inputHw[a] + pads[a][0]) out -= 1;
      const extra = (out - 1) * strides[a] + k - padded;
      if (extra > 0) pads[a] = [pads[a][0], pads[a][1] + extra];
    }
  }
  return { kernel, strides, dilations, pads };
}

export function explicitPadding(w: Window2d): tf.backend_util.ExplicitPadding | number | 'valid' {
  const [[t, b], [l, r]] = w.pads;
  if (t === 0 && b === 0 && l === 0 && r === 0) return 'valid';
  if (t === b && l === r && t === l) return t;
  return [
    [0, 0],
    [t, b],
    [l, r],
    [0, 0],
  ];
}

/**
 * A [kh, kw, …] filter with `dilations` written into it as zeros: TF.js convolutions take
 * strides or dilations, not both, so a strided dilated conv runs with this equivalent filter.
 */
export function dilateFilter(filter: tf.Tensor4D, dilations: [number, number]): tf.Tensor4D {
  const [kh, kw, a, b] = filter.shape;
  const [dh, dw] = dilations;
  if (dh === 1 && dw === 1) return filter;
  const hh = span(kh, dh);
  const ww = span(kw, dw);
  // Scatter by reshaping: [kh, 1, kw, 1, a, b] padded to [kh, dh, kw, dw, a, b], then cut.
  const grid = tf.reshape(filter, [kh, 1, kw, 1, a, b]);
  const padded = tf.pad(grid, [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
    [0, 0],
  ]);
  const flat = tf.reshape(padded, [kh * dh, kw * dw, a, b]);
  return tf.slice(flat, [0, 0, 0, 0], [hh, ww, a, b]) as tf.Tensor4D;
}
