import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from './nodeWasmSetup';
import { randomHost, relativeDeviation, runKernelOn, seededRandom, toTensor } from './wasmTestUtils';

type Pad = tf.DepthwiseConv2dNativeBackpropInputAttrs['pad'];

interface Case {
  xShape: [number, number, number, number];
  filter: [number, number];
  multiplier: number;
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: Pad;
}

function grid(): Case[] {
  const cases: Case[] = [];
  const pads: Pad[] = ['same', 'valid', 1, [[0, 0], [1, 2], [0, 1], [0, 0]]];
  // tfjs allows strides > 1 or dilations > 1, not both.
  const stridesDilations: [number | [number, number], number | [number, number]][] = [[1, 1], [2, 1], [[2, 1], 1], [1, 2], [1, [2, 1]]];
  for (const filter of [[1, 1], [3, 3], [2, 3]] as [number, number][])
    for (const multiplier of [1, 2])
      for (const [strides, dilations] of stridesDilations)
        for (const pad of pads) cases.push({ xShape: [2, 9, 8, 3], filter, multiplier, strides, dilations, pad });
  return cases;
}

function setUp(c: Case, seed: number) {
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.xShape[3], c.multiplier];
  const info = tf.backend_util.computeConv2DInfo(c.xShape, filterShape, c.strides, c.dilations, c.pad, undefined, true);
  const rand = seededRandom(seed);
  return {
    x: randomHost(c.xShape, rand),
    filter: randomHost(filterShape, rand),
    dy: randomHost(info.outShape, rand),
    common: { strides: c.strides, dilations: c.dilations, pad: c.pad } as NamedAttrMap,
    filterShape,
  };
}

const label = (c: Case): string =>
  `filter ${c.filter.join('×')}×${c.multiplier}, strides ${JSON.stringify(c.strides)}, dilations ${JSON.stringify(c.dilations)}, pad ${JSON.stringify(c.pad)}`;

const TOLERANCE = 1e-6; // both sides run the cpu kernel: only the copies can differ, and must not

describe('wasm depthwise conv gradients (routed through the cpu kernels)', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });

  it.each(grid().map((c, i) => [label(c), c, i] as const))('DepthwiseConv2dNativeBackpropInput matches cpu: %s', async (_l, c, i) => {
    const { dy, filter, common } = setUp(c, 2000 + i);
    const attrs = { ...common, inputShape: c.xShape };
    const wasm = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
    const cpu = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
    expect(wasm.shape).toEqual(c.xShape);
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(grid().map((c, i) => [label(c), c, i] as const))('DepthwiseConv2dNativeBackpropFilter matches cpu: %s', async (_l, c, i) => {
    const { x, dy, common, filterShape } = setUp(c, 3000 + i);
    const attrs = { ...common, filterShape };
    const wasm = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
    const cpu = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
    expect(wasm.shape).toEqual(filterShape);
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leaks no tensors, data buffers, or wasm data', async () => {
    await tf.setBackend('wasm');
    const c = grid()[7];
    const h = setUp(c, 9);
    const [x, dy, filter] = [toTensor(h.x), toTensor(h.dy), toTensor(h.filter)];
    const backend = tf.backend() as BackendWasm;
    const before = tf.memory();
    const beforeIds = backend.numDataIds();
    const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...h.common, inputShape: c.xShape }) as tf.Tensor;
    const dW = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...h.common, filterShape: h.filterShape }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before.numTensors + 2);
    tf.dispose([dx, dW]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(backend.numDataIds()).toBe(beforeIds);
    tf.dispose([x, dy, filter]);
  });
});
