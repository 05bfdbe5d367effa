// Replaces wasm's MaxPoolGrad, which routes the gradient to the wrong cell when every value
// in a pooling window is negative (harmless after a ReLU, wrong for pooling of raw or BN
// outputs). Routing through the cpu kernel was correct but took ~0.9 s of a 1.6 s training
// step, so this is a direct loop over the wasm heap with the cpu kernel's semantics: windows
// clipped to the image, strict '>' so the first maximum wins, NaNs never win.
import { backend_util, MaxPoolGrad } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** dx[argmax of each window] += dy[window], NHWC, all arrays flat. */
export function scatterMaxPoolGradient(x: Float32Array, dy: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, padInfo } = info;
  dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * c;
    for (let yR = 0; yR < outHeight; yR++) {
      const rCorner = yR * strideHeight - padInfo.top;
      const rMin = Math.max(0, rCorner);
      const rMax = Math.min(inHeight, rCorner + fh);
      for (let yC = 0; yC < outWidth; yC++) {
        const cCorner = yC * strideWidth - padInfo.left;
        const cMin = Math.max(0, cCorner);
        const cMax = Math.min(inWidth, cCorner + fw);
        const dyPixel = ((b * outHeight + yR) * outWidth + yC) * c;
        for (let d = 0; d < c; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestIndex = -1;
          for (let r = rMin; r < rMax; r++) {
            for (let col = cMin; col < cMax; col++) {
              const i = xBatch + (r * inWidth + col) * c + d;
              if (x[i] > best) {
                best = x[i];
                bestIndex = i;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] += dy[dyPixel + d];
        }
      }
    }
  }
}

export const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  // Allocate before taking heap views: an allocation may grow the wasm memory and detach them.
  const dx = wasm.makeOutput(input.shape, 'float32');
  scatterMaxPoolGradient(
    wasm.typedArrayFromHeap(input) as Float32Array,
    wasm.typedArrayFromHeap(dy) as Float32Array,
    wasm.typedArrayFromHeap(dx) as Float32Array,
    info,
  );
  return dx;
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
