import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from './nodeWasmSetup';
import type { HostTensor } from './wasmTestUtils';
import { randomHost, relativeDeviation, runKernelOn, seededRandom, toHost, toTensor } from './wasmTestUtils';

// The backend's own kernel, captured before registerWasmGradientKernels replaces it, to show
// that the inputs below do exercise the bug (and to notice if a tfjs upgrade fixes it).
const stockMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm') as KernelConfig | undefined;

type Pad = tf.MaxPoolGradAttrs['pad'];
type Values = 'negative' | 'mixed' | 'ties';

interface Case {
  xShape: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: Pad;
  rounding?: 'floor' | 'ceil' | 'round';
  values: Values;
}

function grid(): Case[] {
  const cases: Case[] = [];
  const pads: { pad: Pad; rounding?: 'floor' | 'ceil' | 'round' }[] = [
    { pad: 'same' },
    { pad: 'valid' },
    { pad: 1, rounding: 'ceil' },
    { pad: [[0, 0], [1, 0], [0, 1], [0, 0]] },
  ];
  for (const filterSize of [2, 3, [2, 3]] as (number | [number, number])[])
    for (const strides of [1, 2, [2, 1]] as (number | [number, number])[])
      for (const p of pads)
        for (const values of ['negative', 'mixed', 'ties'] as Values[]) cases.push({ xShape: [2, 7, 6, 3], filterSize, strides, ...p, values });
  return cases;
}

function hostInput(c: Case, seed: number): HostTensor {
  const rand = seededRandom(seed);
  const x = randomHost(c.xShape, rand, c.values === 'negative' ? -3 : -1, c.values === 'negative' ? -0.1 : 1);
  // Few distinct levels: many windows hold several equal maxima, so the tie rule matters.
  if (c.values === 'ties') x.values = x.values.map((v) => -Math.round(Math.abs(v) * 2) / 2);
  return x;
}

function attrsOf(c: Case): NamedAttrMap {
  const attrs: NamedAttrMap = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
  if (c.rounding !== undefined) attrs.dimRoundingMode = c.rounding;
  return attrs;
}

/** dy, input and output (the pooled x, computed on cpu) for one case. */
async function kernelInputs(c: Case, seed: number): Promise<Record<string, HostTensor>> {
  const input = hostInput(c, seed);
  await tf.setBackend('cpu');
  const output = tf.tidy(() =>
    toHost(tf.maxPool(toTensor(input) as tf.Tensor4D, c.filterSize, c.strides, c.pad, c.rounding)),
  );
  const dy = randomHost(output.shape, seededRandom(seed + 1));
  return { dy, input, output };
}

const label = (c: Case): string =>
  `${c.values} x, pool ${JSON.stringify(c.filterSize)}, strides ${JSON.stringify(c.strides)}, pad ${JSON.stringify(c.pad)}${c.rounding ? ` ${c.rounding}` : ''}`;

describe('wasm MaxPoolGrad', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });

  it.each(grid().map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_l, c, i) => {
    const inputs = await kernelInputs(c, 4000 + i);
    const wasm = await runKernelOn('wasm', 'MaxPoolGrad', inputs, attrsOf(c));
    const cpu = await runKernelOn('cpu', 'MaxPoolGrad', inputs, attrsOf(c));
    expect(wasm.shape).toEqual(c.xShape);
    // Same argmax → dx is a sum of the same dy values; only float32 summation order may differ.
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(1e-6);
  });

  it("differs from the backend's own kernel on all-negative windows (the bug being patched)", async () => {
    expect(stockMaxPoolGrad).toBeDefined();
    const stock = stockMaxPoolGrad as KernelConfig;
    const c: Case = { xShape: [1, 4, 4, 2], filterSize: 2, strides: 2, pad: 'valid', values: 'negative' };
    const inputs = await kernelInputs(c, 5);
    const cpu = await runKernelOn('cpu', 'MaxPoolGrad', inputs, attrsOf(c));
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    stock.setupFunc?.(backend); // its cwrap binding is made per backend instance
    const stockResult = tf.tidy(() => {
      const t = { dy: toTensor(inputs.dy), input: toTensor(inputs.input), output: toTensor(inputs.output) };
      const out = stock.kernelFunc({ inputs: t, backend, attrs: attrsOf(c) }) as TensorInfo;
      return toHost(tf.engine().makeTensorFromTensorInfo(out));
    });
    const patched = await runKernelOn('wasm', 'MaxPoolGrad', inputs, attrsOf(c));
    expect(relativeDeviation(patched, cpu)).toBeLessThanOrEqual(1e-6);
    expect(relativeDeviation(stockResult, cpu)).toBeGreaterThan(0.1);
  });

  it('leaks no tensors, data buffers or wasm data', async () => {
    const c = grid()[20];
    const h = await kernelInputs(c, 11);
    await tf.setBackend('wasm');
    const t = { dy: toTensor(h.dy), input: toTensor(h.input), output: toTensor(h.output) };
    const backend = tf.backend() as BackendWasm;
    const before = tf.memory();
    const beforeIds = backend.numDataIds();
    const dx = tf.engine().runKernel('MaxPoolGrad', t, attrsOf(c)) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before.numTensors + 1);
    dx.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(backend.numDataIds()).toBe(beforeIds);
    tf.dispose(Object.values(t));
  });
});

describe('wasm MaxPoolWithArgmax (routed through cpu)', () => {
  it('finds the maximum and its index in windows of negative values and zeros', async () => {
    await useWasmBackendInNode();
    // NHWC [1, 2, 4, 2]: channel 0 positive, channel 1 negative; the second window of channel 0 all zero.
    const values = [1, -9, 0, -4, 0, -6, 0, -8, 2, -10, 0, -12, 0, -14, 0, -16];
    const x = tf.tensor4d(values, [1, 2, 4, 2]);
    const { result, indexes } = tf.maxPoolWithArgmax(x, 2, 2, 'valid');
    expect(Array.from(await result.data())).toEqual([2, -4, 0, -6]);
    // Flat NHWC indices of the first maximum of each window.
    expect(Array.from(await indexes.data())).toEqual([8, 3, 4, 5]);
    tf.dispose([x, result, indexes]);
  });
});
