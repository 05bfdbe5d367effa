import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxPoolGradConfig } from './maxPoolGrad';
import { useWasmBackendInNode } from './nodeWasmSetup';
import { registerWasmGradientKernels, wasmGradientKernels } from './registerWasmGradientKernels';

const NAMES = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'MaxPoolGrad', 'MaxPoolWithArgmax', 'UnsortedSegmentSum'];
const registered = (name: string) => tf.getKernel(name, 'wasm') as KernelConfig | undefined;

// Importing the module registered wasm's own kernels but not ours yet.
const stockMaxPoolGrad = registered('MaxPoolGrad');

describe('registerWasmGradientKernels', () => {
  afterEach(() => vi.restoreAllMocks());

  it('registers the seven kernels before the wasm backend exists', () => {
    expect(tf.findBackend('wasm')).toBeNull();
    expect(registered('Conv2DBackpropFilter')).toBeUndefined();
    registerWasmGradientKernels();
    expect(wasmGradientKernels.map((k) => k.kernelName).sort()).toEqual([...NAMES].sort());
    for (const k of wasmGradientKernels) expect(registered(k.kernelName)?.kernelFunc).toBe(k.kernelFunc);
    expect(registered('MaxPoolGrad')?.kernelFunc).not.toBe(stockMaxPoolGrad?.kernelFunc);
  });

  it('is idempotent and does not warn when called again', () => {
    const warn = vi.spyOn(console, 'warn');
    registerWasmGradientKernels();
    registerWasmGradientKernels();
    expect(warn).not.toHaveBeenCalled();
    for (const k of wasmGradientKernels) expect(registered(k.kernelName)?.kernelFunc).toBe(k.kernelFunc);
  });

  it('useWasmBackendInNode makes wasm the backend, repeatably, and the kernels run on it', async () => {
    await useWasmBackendInNode();
    await useWasmBackendInNode();
    expect(tf.getBackend()).toBe('wasm');
    const dx = tf.tidy(() => {
      const x = tf.tensor4d([-4, -1, -3, -2], [1, 2, 2, 1]);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x).arraySync();
    });
    expect(dx).toEqual([[[[0], [1]], [[0], [0]]]]);
  });

  it('puts a kernel back when something replaced it after registration', () => {
    tf.unregisterKernel('MaxPoolGrad', 'wasm');
    tf.registerKernel(stockMaxPoolGrad as KernelConfig);
    registerWasmGradientKernels();
    expect(registered('MaxPoolGrad')?.kernelFunc).toBe(maxPoolGradConfig.kernelFunc);
  });
});
