import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from './nodeWasmSetup';
import type { HostTensor } from './wasmTestUtils';
import { randomHost, relativeDeviation, runKernelOn, seededRandom, toTensor } from './wasmTestUtils';

type Pad = NonNullable<tf.Conv2DBackpropFilterAttrs['pad']>;
type Rounding = tf.Conv2DBackpropFilterAttrs['dimRoundingMode'];

interface Case {
  xShape: [number, number, number, number]; // NHWC
  filter: [number, number];
  cout: number;
  strides: number | [number, number];
  pad: Pad;
  rounding?: Rounding;
  dataFormat: 'NHWC' | 'NCHW';
}

const TOLERANCE = 1e-5; // relative to the largest value of the cpu result

interface CaseInputs {
  x: HostTensor;
  dy: HostTensor;
  filter: HostTensor;
  attrs: NamedAttrMap; // the attributes both kernels share
  xShape: number[]; // in the case's data format
  filterShape: [number, number, number, number];
}

function caseInputs(c: Case, seed: number): CaseInputs {
  const [n, h, w, cin] = c.xShape;
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], cin, c.cout];
  const nchw = c.dataFormat === 'NCHW';
  const xShape = nchw ? [n, cin, h, w] : [n, h, w, cin];
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape, c.strides, 1, c.pad, c.rounding, false,
    nchw ? 'channelsFirst' : 'channelsLast',
  );
  const rand = seededRandom(seed);
  const attrs: NamedAttrMap = { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat };
  if (c.rounding !== undefined) attrs.dimRoundingMode = c.rounding;
  return { x: randomHost(xShape, rand), dy: randomHost(info.outShape, rand), filter: randomHost(filterShape, rand), attrs, xShape, filterShape };
}

function grid(): Case[] {
  const cases: Case[] = [];
  const filters: [number, number][] = [[1, 1], [3, 3], [2, 3], [5, 4]];
  const strides: (number | [number, number])[] = [1, 2, [1, 2], [3, 2]];
  const pads: { pad: Pad; rounding?: Rounding }[] = [
    { pad: 'same' },
    { pad: 'valid' },
    { pad: 1, rounding: 'ceil' },
    { pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  ];
  for (const filter of filters)
    for (const s of strides)
      for (const p of pads) cases.push({ xShape: [2, 9, 7, 3], filter, cout: 4, strides: s, ...p, dataFormat: 'NHWC' });
  // First layers of our models have a single input channel (a separate code path: no transpose).
  for (const s of [1, 2]) for (const pad of ['same', 'valid'] as const) cases.push({ xShape: [3, 10, 8, 1], filter: [3, 3], cout: 5, strides: s, pad, dataFormat: 'NHWC' });
  for (const s of [1, 2]) {
    cases.push({ xShape: [2, 8, 6, 3], filter: [3, 2], cout: 2, strides: s, pad: 'same', dataFormat: 'NCHW' });
    cases.push({ xShape: [2, 8, 6, 3], filter: [3, 2], cout: 2, strides: s, pad: [[0, 0], [0, 0], [1, 2], [0, 1]], dataFormat: 'NCHW' });
  }
  // A training-sized product: many terms per sum, where float32 accumulation order shows.
  cases.push({ xShape: [8, 24, 24, 8], filter: [3, 3], cout: 16, strides: 1, pad: 'same', dataFormat: 'NHWC' });
  return cases;
}

const label = (c: Case): string =>
  `x ${c.xShape.join('×')} ${c.dataFormat}, filter ${c.filter.join('×')}→${c.cout}, strides ${JSON.stringify(c.strides)}, pad ${JSON.stringify(c.pad)}${c.rounding ? ` ${c.rounding}` : ''}`;

const cases = grid().map((c, i) => [label(c), c, i] as const);

describe('wasm Conv2DBackpropFilter and Conv2DBackpropInput', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });

  it.each(cases)('Conv2DBackpropFilter matches cpu: %s', async (_label, c, i) => {
    const { x, dy, attrs, filterShape } = caseInputs(c, 1000 + i);
    const wasm = await runKernelOn('wasm', 'Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape });
    const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape });
    expect(wasm.shape).toEqual(filterShape);
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(cases)('Conv2DBackpropInput matches cpu: %s', async (_label, c, i) => {
    const { dy, filter, attrs, xShape } = caseInputs(c, 1000 + i);
    const wasm = await runKernelOn('wasm', 'Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: xShape });
    const cpu = await runKernelOn('cpu', 'Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: xShape });
    expect(wasm.shape).toEqual(xShape);
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('leave tensor, data-buffer and wasm data counts unchanged', async () => {
    await tf.setBackend('wasm');
    const h = caseInputs(grid()[5], 7);
    const [x, dy, filter] = [toTensor(h.x), toTensor(h.dy), toTensor(h.filter)];
    const backend = tf.backend() as BackendWasm;
    const before = tf.memory();
    const beforeIds = backend.numDataIds();
    const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...h.attrs, filterShape: h.filterShape }) as tf.Tensor;
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...h.attrs, inputShape: h.xShape }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before.numTensors + 2);
    tf.dispose([dW, dx]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(backend.numDataIds()).toBe(beforeIds);
    // The inputs must survive the kernels (their data ids were only borrowed).
    expect(Array.from(x.dataSync())).toEqual(h.x.values.map(Math.fround));
    expect(Array.from(dy.dataSync())).toEqual(h.dy.values.map(Math.fround));
    tf.dispose([x, dy, filter]);
  });
});
