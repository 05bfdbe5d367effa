import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray } from '../../../core/testing/seededRandom';
import type { AttributeValue, InitializerSpec } from '../testing/onnxBuilder';
import type { NchwArray } from '../testing/referenceOps';
import { at, nchw, poolReference } from '../testing/referenceOps';
import { maxAbsDiff, runSpec } from '../testing/runGraph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x: NchwArray = { data: randomArray(2 * 7 * 6, 11), shape: [1, 2, 7, 6] };

function oneNode(op: string, attributes: Record<string, AttributeValue>, extra: { inputs?: string[]; initializers?: InitializerSpec[] } = {}) {
  return {
    inputs: [{ name: 'x', dims: [1, 2, 7, 6] }],
    outputs: [{ name: 'y', dims: [] }],
    nodes: [{ op, inputs: ['x', ...(extra.inputs ?? [])], outputs: ['y'], attributes }],
    initializers: extra.initializers ?? [],
  };
}

describe('pooling against the closed form', () => {
  it('MaxPool with asymmetric pads and ceil_mode (PyTorch drops a window that starts in the padding)', async () => {
    // H: ceil((7 + 1 + 0 − 3) / 2) + 1 = 4 windows. W: ceil((6 + 0 + 1 − 2) / 2) + 1 = 4, but the
    // last would start at 6, in the end padding: 3 windows.
    const out = await runSpec(oneNode('MaxPool', { kernel_shape: [3, 2], strides: [2, 2], pads: [1, 0, 0, 1], ceil_mode: 1 }), x);
    const expected = poolReference(x, { kernel: [3, 2], strides: [2, 2], pads: [1, 0, 0, 1], out: [4, 3], kind: 'max' });
    expect(out.shape).toEqual([1, 2, 4, 3]);
    expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-6);
  });

  for (const countIncludePad of [0, 1]) {
    it(`AveragePool with pads, count_include_pad = ${countIncludePad}`, async () => {
      const out = await runSpec(oneNode('AveragePool', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 0], count_include_pad: countIncludePad }), x);
      const expected = poolReference(x, { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 0], out: [4, 3], kind: 'avg', countIncludePad: countIncludePad === 1 });
      expect(out.shape).toEqual([1, 2, 4, 3]);
      expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-5);
    });
  }

  it('GlobalAveragePool', async () => {
    const out = await runSpec(oneNode('GlobalAveragePool', {}), x);
    const expected = [0, 1].map((c) => x.data.slice(c * 42, (c + 1) * 42).reduce((a, v) => a + v, 0) / 42);
    expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-6);
  });
});

describe('Resize and Pad against the closed form', () => {
  const scales = (s: number[]): InitializerSpec => ({ name: 'scales', dims: [4], data: s });
  it('nearest, asymmetric + floor (PyTorch F.interpolate mode="nearest") at scale 2 × 1.5', async () => {
    const out = await runSpec(oneNode('Resize', { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }, { inputs: ['', 'scales'], initializers: [scales([1, 1, 2, 1.5])] }), x);
    const expected = nchw([1, 2, 14, 9], (n, c, i, j) => at(x, n, c, Math.floor(i / 2), Math.floor(j / 1.5)));
    expect(out.shape).toEqual([1, 2, 14, 9]);
    expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-6);
  });

  const bilinear = (map: (o: number, inSize: number, outSize: number) => number, outH: number, outW: number) =>
    nchw([1, 2, outH, outW], (n, c, i, j) => {
      const sample = (coordinate: number, size: number) => {
        const clamped = Math.min(Math.max(coordinate, 0), size - 1);
        const lo = Math.floor(clamped);
        return [lo, Math.min(lo + 1, size - 1), clamped - lo] as const;
      };
      const [h0, h1, fh] = sample(map(i, 7, outH), 7);
      const [w0, w1, fw] = sample(map(j, 6, outW), 6);
      const top = at(x, n, c, h0, w0) * (1 - fw) + at(x, n, c, h0, w1) * fw;
      const bottom = at(x, n, c, h1, w0) * (1 - fw) + at(x, n, c, h1, w1) * fw;
      return top * (1 - fh) + bottom * fh;
    });

  it('linear, half_pixel, to sizes 10 × 4', async () => {
    const out = await runSpec(oneNode('Resize', { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, { inputs: ['', '', 'sizes'], initializers: [{ name: 'sizes', dims: [4], data: [1, 2, 10, 4], type: 'int64' }] }), x);
    const expected = bilinear((o, inSize, outSize) => ((o + 0.5) * inSize) / outSize - 0.5, 10, 4);
    expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-5);
  });

  it('linear, align_corners, scale 2', async () => {
    const out = await runSpec(oneNode('Resize', { mode: 'linear', coordinate_transformation_mode: 'align_corners' }, { inputs: ['', 'scales'], initializers: [scales([1, 1, 2, 2])] }), x);
    const expected = bilinear((o, inSize, outSize) => (o * (inSize - 1)) / (outSize - 1), 14, 12);
    expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-5);
  });

  it('Pad constant (value 0.5) and reflect, pads as an input (opset ≥ 11)', async () => {
    const pads: InitializerSpec = { name: 'pads', dims: [8], data: [0, 0, 1, 2, 0, 0, 2, 1], type: 'int64' };
    const value: InitializerSpec = { name: 'value', dims: [], data: [0.5] };
    const constant = await runSpec(oneNode('Pad', { mode: 'constant' }, { inputs: ['pads', 'value'], initializers: [pads, value] }), x);
    const inside = (i: number, j: number) => i >= 1 && i < 8 && j >= 2 && j < 8;
    expect(maxAbsDiff(constant.data, nchw([1, 2, 10, 9], (n, c, i, j) => (inside(i, j) ? at(x, n, c, i - 1, j - 2) : 0.5)).data)).toBeLessThan(1e-6);
    const reflect = await runSpec(oneNode('Pad', { mode: 'reflect' }, { inputs: ['pads'], initializers: [pads] }), x);
    const mirror = (k: number, size: number) => (k < 0 ? -k : k >= size ? 2 * (size - 1) - k : k);
    expect(maxAbsDiff(reflect.data, nchw([1, 2, 10, 9], (n, c, i, j) => at(x, n, c, mirror(i - 1, 7), mirror(j - 2, 6))).data)).toBeLessThan(1e-6);
  });
});
