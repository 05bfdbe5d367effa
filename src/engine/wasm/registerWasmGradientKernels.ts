// Patches the wasm backend's gradient kernels (see each kernel file for what it fixes).
// Importing the wasm backend here makes its own kernels register before this module runs:
// registerKernel overwrites, so a later import of the backend would otherwise silently put
// the broken MaxPoolGrad back over ours.
import '@tensorflow/tfjs-backend-wasm';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwiseConv2dNativeBackpropInput';
import { maxPoolGradConfig } from './maxPoolGrad';
import { maxPoolWithArgmaxConfig } from './maxPoolWithArgmax';
import { unsortedSegmentSumConfig } from './unsortedSegmentSum';

export const wasmGradientKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig, // speed only: wasm's own is correct but ~10× slower
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  maxPoolGradConfig,
  maxPoolWithArgmaxConfig, // wrong on windows of values ≤ 0
  unsortedSegmentSumConfig,
];

/**
 * Registers the patched kernels for 'wasm'. Idempotent, and valid before or after
 * tf.setBackend('wasm'): kernels are looked up at call time and none needs a setupFunc.
 */
export function registerWasmGradientKernels(): void {
  for (const config of wasmGradientKernels) {
    const current = getKernel(config.kernelName, 'wasm') as KernelConfig | undefined;
    if (current?.kernelFunc === config.kernelFunc) continue;
    // Unregister first: registering over an existing kernel works but logs a warning.
    if (current !== undefined) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}
