import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from '../wasm/nodeWasmSetup';
import type { ConvPadding } from './convolutionInputGradient';
import { convGeometry, convInputGradient, prepareConvInputGradient } from './convolutionInputGradient';

/**
 * The polyphase input gradient against tf.grad of the forward convolution (computed on cpu, whose
 * gradient kernels are TF.js' reference), over filter sizes, strides (including filters smaller
 * than the stride, where some phases get no tap), odd and even inputs, and every padding kind.
 */
interface Case {
  readonly input: [number, number, number, number];
  readonly filter: [number, number];
  readonly cout: number;
  readonly strides: [number, number];
  readonly pad: ConvPadding;
}

const cases: Case[] = [];
for (const filter of [[1, 1], [3, 3], [2, 3], [5, 5], [7, 7]] as [number, number][])
  for (const strides of [[1, 1], [2, 2], [3, 2]] as [number, number][])
    for (const pad of ['same', 'valid', [[1, 2], [0, 3]]] as ConvPadding[])
      for (const size of [9, 12]) cases.push({ input: [3, size, size + 1, 4], filter, cout: 5, strides, pad });

function reference(c: Case, depthwise: boolean, x: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const pad = Array.isArray(c.pad) ? ([[0, 0], c.pad[0], c.pad[1], [0, 0]] as tf.backend_util.ExplicitPadding) : c.pad;
  const f = (t: tf.Tensor4D): tf.Tensor4D => (depthwise ? tf.depthwiseConv2d(t, w, c.strides, pad) : tf.conv2d(t, w, c.strides, pad));
  return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D), dy)))(x) as tf.Tensor4D;
}

describe.each(['cpu', 'wasm'] as const)('convolution input gradient by phases on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') await useWasmBackendInNode();
    else await tf.setBackend('cpu');
  });

  it.each(cases.flatMap((c) => [[false, c] as const, [true, c] as const]))('depthwise %s: %j', async (depthwise, c) => {
    const before = tf.memory().numTensors;
    const cin = c.input[3];
    const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], cin, depthwise ? 1 : c.cout];
    const [x, w] = [tf.randomNormal(c.input, 0, 1, 'float32', 1), tf.randomNormal(filterShape, 0, 1, 'float32', 2)] as tf.Tensor4D[];
    const g = convGeometry(c.input, filterShape, c.strides, c.pad, depthwise);
    const dy = tf.randomNormal([c.input[0], g.outHeight, g.outWidth, depthwise ? cin : c.cout], 0, 1, 'float32', 3) as tf.Tensor4D;
    const ours = tf.tidy(() => convInputGradient(dy, prepareConvInputGradient(w, g)));
    const current = tf.getBackend();
    // The reference on cpu, from the same values.
    const [xv, wv, dyv] = await Promise.all([x.data(), w.data(), dy.data()]);
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => reference(c, depthwise, tf.tensor4d(xv, c.input), tf.tensor4d(wv, filterShape), tf.tensor4d(dyv, dy.shape)));
    const e = await expected.data();
    expected.dispose();
    await tf.setBackend(current);
    const o = await ours.data();
    expect(ours.shape).toEqual(c.input);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      diff = Math.max(diff, Math.abs(e[i] - o[i]));
    }
    expect(diff).toBeLessThan(1e-5 * scale);
    tf.dispose([x, w, dy, ours]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
