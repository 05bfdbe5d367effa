import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs';

/**
 * TF.js 4.22's gradient of average pooling is wrong wherever a window overlaps the padding
 * ('same', or explicit pads). The forward kernels divide each window's sum by the number of input
 * values it covers (as TensorFlow and Keras do), but every backend's AvgPoolGrad (cpu, wasm, webgl,
 * webgpu) divides by the full window size kh·kw. Measured here: a 3×3 stride-1 'same' pool, the
 * branch pool of InceptionV3, InceptionResNetV2 and NASNet, gave input gradients 15% off at the
 * borders, and the Jacobian of a reduced InceptionV3 was 34% off finite differences.
 *
 * The fix keeps each backend's own kernel and corrects its input: dy · (kh·kw / count), count the
 * number of real inputs under each output's window, so that the kernel's 1/(kh·kw) becomes
 * 1/count. Windows inside the input are unchanged (factor 1). Registered over TF.js's gradient for
 * the AvgPool kernel (the registry is global; LayersModels and GraphModels both use it).
 */
interface AvgPoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

let original: GradConfig['gradFunc'] | null = null;

/** Per output position (oh, ow): kh·kw / (number of real inputs in its window), shape [1, OH, OW, 1]; null when every window is inside. */
function borderCorrection(xShape: number[], attrs: AvgPoolAttrs): tf.Tensor4D | null {
  const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { outHeight, outWidth, inHeight, inWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const covered = (o: number, stride: number, pad: number, filter: number, size: number) => {
    const start = o * stride - pad;
    return Math.min(size, start + filter) - Math.max(0, start);
  };
  const values = new Float32Array(outHeight * outWidth);
  let inside = true;
  for (let oh = 0; oh < outHeight; oh++) {
    const rows = covered(oh, strideHeight, padInfo.top, filterHeight, inHeight);
    for (let ow = 0; ow < outWidth; ow++) {
      const count = rows * covered(ow, strideWidth, padInfo.left, filterWidth, inWidth);
      const factor = count > 0 ? (filterHeight * filterWidth) / count : 0;
      if (factor !== 1) inside = false;
      values[oh * outWidth + ow] = factor;
    }
  }
  return inside ? null : tf.tensor4d(values, [1, outHeight, outWidth, 1]);
}

const exclusiveAvgPoolGradient: GradConfig = {
  kernelName: tf.AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: NamedAttrMap) => {
    const grad = original!;
    const correction = borderCorrection(saved[0].shape, attrs as unknown as AvgPoolAttrs);
    if (correction === null) return grad(dy, saved, attrs as NamedAttrMap);
    const scaled = tf.mul(dy as tf.Tensor, correction);
    return grad(scaled, saved, attrs as NamedAttrMap);
  },
};

/** Idempotent. Call before the first gradient through an average pooling. */
export function registerAvgPoolGradient(): void {
  const current = tf.getGradient(tf.AvgPool);
  if (current?.gradFunc === exclusiveAvgPoolGradient.gradFunc) return;
  if (!current) throw new Error('TF.js has no AvgPool gradient to correct');
  original = current.gradFunc;
  tf.registerGradient(exclusiveAvgPoolGradient);
}
