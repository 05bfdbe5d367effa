import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray } from '../../../core/testing/seededRandom';
import type { InitializerSpec, NodeSpec } from '../testing/onnxBuilder';
import type { NchwArray } from '../testing/referenceOps';
import { at } from '../testing/referenceOps';
import { compileSpec, maxAbsDiff, nhwcInput, runSpec } from '../testing/runGraph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x: NchwArray = { data: randomArray(3 * 4 * 5, 21), shape: [1, 3, 4, 5] };

function graph(nodes: NodeSpec[], initializers: InitializerSpec[] = [], opset = 17) {
  return { inputs: [{ name: 'x', dims: [1, 3, 4, 5] }], outputs: [{ name: 'y', dims: [] }], nodes, initializers, opset };
}

const ints = (name: string, data: number[]): InitializerSpec => ({ name, dims: [data.length], data, type: 'int64' });

describe('data movement in ONNX order', () => {
  it('Slice with negative starts, a negative step, an axis list and INT64_MAX ends', async () => {
    // x[:, 2:0:-1, 1:, ::2] in NumPy terms.
    const out = await runSpec(
      graph([{ op: 'Slice', inputs: ['x', 's', 'e', 'a', 'st'], outputs: ['y'] }], [ints('s', [-1, 1, 0]), ints('e', [0, 2 ** 53, 2 ** 53]), ints('a', [1, 2, 3]), ints('st', [-1, 1, 2])]),
      x,
    );
    const expected: number[] = [];
    for (const c of [2, 1]) for (let h = 1; h < 4; h++) for (const w of [0, 2, 4]) expected.push(at(x, 0, c, h, w));
    expect(out.shape).toEqual([1, 2, 3, 3]);
    expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-6);
  });

  it('Gather on axis 3 with a negative index, after a Conv (an NHWC-held value)', async () => {
    const identity = { name: 'w', dims: [3, 3, 1, 1], data: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const out = await runSpec(graph([{ op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] }, { op: 'Gather', inputs: ['c', 'i'], outputs: ['y'], attributes: { axis: 3 } }], [identity, ints('i', [-1, 0])]), x);
    const expected: number[] = [];
    for (let c = 0; c < 3; c++) for (let h = 0; h < 4; h++) for (const w of [4, 0]) expected.push(at(x, 0, c, h, w));
    expect(out.shape).toEqual([1, 3, 4, 2]);
    expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-6);
  });

  it('Transpose and Concat of NHWC-held values, then Reshape: ONNX order throughout', async () => {
    const identity = { name: 'w', dims: [3, 3, 1, 1], data: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const out = await runSpec(
      graph(
        [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
          { op: 'Concat', inputs: ['c', 'x'], outputs: ['cat'], attributes: { axis: 1 } },
          { op: 'Transpose', inputs: ['cat'], outputs: ['t'], attributes: { perm: [0, 2, 3, 1] } },
          { op: 'Reshape', inputs: ['t', 'shape'], outputs: ['y'] },
        ],
        [identity, ints('shape', [1, -1])],
      ),
      x,
    );
    const expected: number[] = [];
    for (let h = 0; h < 4; h++) for (let w = 0; w < 5; w++) for (let c = 0; c < 6; c++) expected.push(at(x, 0, c % 3, h, w));
    expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-6);
  });

  it('Gemm with transA, transB, alpha and beta', async () => {
    // Flatten → (1, 60); A = flattenᵀ (60, 1) with transA; B (2, 60) with transB: y = alpha·A'ᵀ·Bᵀ + beta·C.
    const b = randomArray(120, 22);
    const c = [0.3, -0.7];
    const out = await runSpec(
      graph(
        [
          { op: 'Flatten', inputs: ['x'], outputs: ['f'] },
          { op: 'Transpose', inputs: ['f'], outputs: ['ft'], attributes: { perm: [1, 0] } },
          { op: 'Gemm', inputs: ['ft', 'b', 'c'], outputs: ['y'], attributes: { transA: 1, transB: 1, alpha: { float: 0.5 }, beta: { float: 2 } } },
        ],
        [
          { name: 'b', dims: [2, 60], data: b },
          { name: 'c', dims: [2], data: c },
        ],
      ),
      x,
    );
    const expected = [0, 1].map((j) => 0.5 * x.data.reduce((s, v, i) => s + v * b[j * 60 + i], 0) + 2 * c[j]);
    expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-4);
  });

  it('Softmax: axis 1 flattens the trailing dims before opset 13, and is one axis from opset 13', async () => {
    const nodes: NodeSpec[] = [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attributes: { axis: 1 } }];
    const old = await runSpec(graph(nodes, [], 11), x);
    const total = x.data.reduce((s, v) => s + Math.exp(v), 0);
    expect(maxAbsDiff(old.data, Array.from(x.data, (v) => Math.exp(v) / total))).toBeLessThan(1e-6);
    const current = await runSpec(graph(nodes, [], 13), x);
    const expected: number[] = [];
    for (let c = 0; c < 3; c++)
      for (let h = 0; h < 4; h++)
        for (let w = 0; w < 5; w++) {
          const column = [0, 1, 2].reduce((s, k) => s + Math.exp(at(x, 0, k, h, w)), 0);
          expected.push(Math.exp(at(x, 0, c, h, w)) / column);
        }
    expect(maxAbsDiff(current.data, expected)).toBeLessThan(1e-6);
  });
});

describe('a dynamic batch axis', () => {
  // PyTorch's x.reshape(x.shape[0], -1) exports Shape → Gather → Unsqueeze → Concat → Reshape.
  const spec = {
    inputs: [{ name: 'x', dims: ['batch', 3, 4, 5] }],
    outputs: [{ name: 'y', dims: ['batch', 60] }],
    nodes: [
      { op: 'Shape', inputs: ['x'], outputs: ['s'] },
      { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attributes: { axis: 0 } },
      { op: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] },
      { op: 'Concat', inputs: ['n1', 'minus1'], outputs: ['shape'], attributes: { axis: 0 } },
      { op: 'Relu', inputs: ['x'], outputs: ['r'] },
      { op: 'Reshape', inputs: ['r', 'shape'], outputs: ['y'] },
    ],
    initializers: [{ name: 'zero', dims: [], data: [0], type: 'int64' as const }, ints('axes', [0]), ints('minus1', [-1])],
  };

  it('is kept: shape arithmetic affine in the batch is recomputed per call, and a batch of 3 equals 3 single images', async () => {
    const program = await compileSpec(spec, [1, 3, 4, 5], { dynamicBatch: true });
    expect(program.batch).toBe('any');
    const batch: NchwArray = { data: randomArray(180, 23), shape: [3, 3, 4, 5] };
    const input = nhwcInput(batch);
    const out = tf.tidy(() => program.run(input));
    expect(out.shape).toEqual([3, 60]);
    const data = await out.data();
    expect(maxAbsDiff(data, Array.from(batch.data, (v) => Math.max(v, 0)))).toBeLessThan(1e-6);
    tf.dispose([out, input]);
    program.dispose();
  });
});
