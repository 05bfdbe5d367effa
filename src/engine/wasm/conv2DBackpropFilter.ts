// Conv2DBackpropFilter for the wasm backend, which ships without it (tensorflow/tfjs#8474).
// Every conv layer with a linear activation needs it even for an *input* gradient, because
// tfjs-layers runs such a conv as a fused op whose gradient also computes dFilter. Training
// runs it on every step, so it is built from fast wasm ops instead of routed through cpu.
import * as tf from '@tensorflow/tfjs';
import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { releaseAsOutput, wrapInput } from './tensorBridge';

/**
 * dW[kh, kw] = Σ over batch and output pixels of x(shifted by the tap) ⊗ dy, as one matMul
 * per tap: patchᵀ [Cin, M] · dy [M, Cout], M = N·outH·outW. Measured choices (2-core x86):
 * - x goes channels-first once so no matMul needs transposeA, which wasm runs ~10× slower
 *   (15 ms vs 1.1 ms at M = 32768, Cin 16, Cout 32). Transposing x rather than dy is the cheaper
 *   side when Cin ≤ Cout and free at Cin 1.
 * - every tap multiplies the same dy tensor; one stacked im2col matMul was slower, and so was
 *   flattening rows so that taps become contiguous slices (it needs a padded copy of dy).
 */
export function filterGradientNHWC(x: tf.Tensor4D, dy: tf.Tensor4D, info: backend_util.Conv2DInfo): tf.Tensor4D {
  const { batchSize: n, inHeight, inWidth, inChannels: cin, outChannels: cout, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw, padInfo } = info;
  const xT = cin === 1 ? tf.reshape(x, [1, n, inHeight, inWidth]) : tf.transpose(x, [3, 0, 1, 2]);
  // Pad only as far as the last tap reaches: 'valid' or ceil rounding may leave rows unused,
  // and explicit padding may list more than is read.
  const padBottom = Math.max(0, fh + (outHeight - 1) * sh - inHeight - padInfo.top);
  const padRight = Math.max(0, fw + (outWidth - 1) * sw - inWidth - padInfo.left);
  const xTp =
    padInfo.top + padBottom + padInfo.left + padRight > 0
      ? tf.pad(xT, [[0, 0], [0, 0], [padInfo.top, padBottom], [padInfo.left, padRight]])
      : xT;
  const m = n * outHeight * outWidth;
  const dy2 = tf.reshape(dy, [m, cout]);
  const taps: tf.Tensor2D[] = [];
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      // Unit strides take wasm's plain slice (row copies); its strided slice goes element by element.
      const patchT =
        sh === 1 && sw === 1
          ? tf.slice(xTp, [0, 0, kh, kw], [cin, n, outHeight, outWidth])
          : tf.stridedSlice(xTp, [0, 0, kh, kw], [cin, n, kh + (outHeight - 1) * sh + 1, kw + (outWidth - 1) * sw + 1], [1, 1, sh, sw]);
      taps.push(tf.matMul(tf.reshape(patchT, [cin, m]), dy2));
    }
  }
  return tf.reshape(tf.stack(taps), [fh, fw, cin, cout]);
}

export const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x: xInfo, dy: dyInfo } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  const channelsFirst = dataFormat === 'NCHW';
  const info = backend_util.computeConv2DInfo(
    xInfo.shape as [number, number, number, number],
    filterShape,
    strides,
    1, // the op has no dilations attr: tfjs rejects gradients of dilated convs before getting here
    pad,
    dimRoundingMode,
    false,
    channelsFirst ? 'channelsFirst' : 'channelsLast',
  );
  const x = wrapInput<tf.Rank.R4>(wasm, xInfo);
  const dy = wrapInput<tf.Rank.R4>(wasm, dyInfo);
  const dW = tf.tidy(() =>
    channelsFirst
      ? filterGradientNHWC(tf.transpose(x, [0, 2, 3, 1]), tf.transpose(dy, [0, 2, 3, 1]), info)
      : filterGradientNHWC(x, dy, info),
  );
  x.dispose();
  dy.dispose();
  return releaseAsOutput(wasm, dW);
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
