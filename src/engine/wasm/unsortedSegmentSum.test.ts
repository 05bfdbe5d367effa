import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from './nodeWasmSetup';
import type { HostTensor } from './wasmTestUtils';
import { randomHost, relativeDeviation, runKernelOn, seededRandom, toTensor } from './wasmTestUtils';

// Segment ids index the first axis (the cpu kernel mis-broadcasts higher-rank ids, and the
// gather gradient, the reason this kernel is needed, only passes 1-D ids).
interface Case {
  xShape: number[];
  numSegments: number;
}

const cases: Case[] = [
  { xShape: [7], numSegments: 3 },
  { xShape: [6, 4], numSegments: 5 },
  { xShape: [5, 2, 3], numSegments: 2 },
  { xShape: [9, 3], numSegments: 1 },
];

function inputs(c: Case, seed: number): { x: HostTensor; segmentIds: HostTensor } {
  const rand = seededRandom(seed);
  const idsShape = c.xShape.slice(0, 1);
  const ids = randomHost(idsShape, rand, 0, c.numSegments).values.map(Math.floor);
  ids[0] = -1; // TF drops negative ids; both sides must agree on that too
  return { x: randomHost(c.xShape, rand), segmentIds: { values: ids, shape: idsShape, dtype: 'int32' } };
}

describe('wasm UnsortedSegmentSum (routed through the cpu kernel)', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });

  it.each(cases.map((c, i) => [JSON.stringify(c), c, i] as const))('matches cpu: %s', async (_l, c, i) => {
    const ins = inputs(c, 6000 + i);
    const attrs = { numSegments: c.numSegments };
    const wasm = await runKernelOn('wasm', 'UnsortedSegmentSum', ins, attrs);
    const cpu = await runKernelOn('cpu', 'UnsortedSegmentSum', ins, attrs);
    expect(wasm.shape).toEqual([c.numSegments, ...c.xShape.slice(1)]);
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(1e-6);
  });

  it('gives the gradient of tf.gather on wasm', async () => {
    const rand = seededRandom(5);
    const x = randomHost([6, 3], rand);
    const indices = [4, 0, 4, 2];
    const grad = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d(indices, 'int32')))))(toTensor(x));
        return { values: Array.from(g.dataSync()), shape: g.shape };
      });
    };
    expect(relativeDeviation(await grad('wasm'), await grad('cpu'))).toBeLessThanOrEqual(1e-6);
  });

  it('leaks no tensors, data buffers, or wasm data', async () => {
    await tf.setBackend('wasm');
    const h = inputs(cases[1], 9);
    const x = toTensor(h.x);
    const segmentIds = toTensor(h.segmentIds);
    const backend = tf.backend() as BackendWasm;
    const before = tf.memory();
    const beforeIds = backend.numDataIds();
    const out = tf.engine().runKernel('UnsortedSegmentSum', { x, segmentIds }, { numSegments: 5 }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before.numTensors + 1);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(backend.numDataIds()).toBe(beforeIds);
    tf.dispose([x, segmentIds]);
  });
});
