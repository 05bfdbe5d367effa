import * as tf from '@tensorflow/tfjs';
import { spreadByStrides } from '../wasm/conv2DBackpropInput';

/**
 * Input gradients of convolutions written as forward convolutions, which every backend runs fast
 * (XNNPACK on wasm; the wasm backend has no native depthwise input gradient at all). The filter is
 * flipped once per analysis (flippedConvFilter), not once per call.
 */
export interface ConvGeometry {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly depthwise: boolean;
}

export function convGeometry(inputShape: readonly number[], filterShape: readonly number[], strides: [number, number], pad: 'same' | 'valid', depthwise: boolean): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    [1, inputShape[1], inputShape[2], inputShape[3]],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    undefined,
    depthwise,
  );
  return {
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    depthwise,
  };
}

/** Conv2D filter [fh, fw, cin, cout] → [fh, fw, cout, cin] flipped in space; depthwise [fh, fw, c, 1] → flipped in space. */
export function flippedConvFilter(filter: tf.Tensor4D, depthwise: boolean): tf.Tensor4D {
  const reversed = filter.shape[0] === 1 && filter.shape[1] === 1 ? filter : tf.reverse(filter, [0, 1]);
  return depthwise ? reversed : tf.transpose(reversed, [0, 1, 3, 2]);
}

/**
 * dx for dy (R, outH, outW, cout): dx[h] = Σ_k dyS[h + top − k] · W[k] with dyS = dy spread by the
 * strides, i.e. a 'valid' forward conv of dyS padded by fh − 1 − top before, with the flipped filter.
 * A negative pad (explicit padding beyond the filter) pads 0 and slices the surplus off.
 */
export function convInputGradient(dy: tf.Tensor4D, flipped: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const spread = spreadByStrides(dy, g.strideHeight, g.strideWidth);
  const [r, spreadH, spreadW] = spread.shape;
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const bottom = g.inHeight + g.filterHeight - 1 - top - spreadH;
  const right = g.inWidth + g.filterWidth - 1 - left - spreadW;
  const nonNeg = (v: number): number => Math.max(0, v);
  const pads: [number, number][] = [[0, 0], [nonNeg(top), nonNeg(bottom)], [nonNeg(left), nonNeg(right)], [0, 0]];
  const padded = pads.every(([a, b]) => a === 0 && b === 0) ? spread : tf.pad(spread, pads);
  const full = g.depthwise ? tf.depthwiseConv2d(padded, flipped, 1, 'valid') : tf.conv2d(padded, flipped, 1, 'valid');
  const [, fullH, fullW] = full.shape;
  const startH = nonNeg(top) - top;
  const startW = nonNeg(left) - left;
  return startH === 0 && startW === 0 && fullH === g.inHeight && fullW === g.inWidth ? full : tf.slice(full, [0, startH, startW, 0], [r, g.inHeight, g.inWidth, g.inChannels]);
}
