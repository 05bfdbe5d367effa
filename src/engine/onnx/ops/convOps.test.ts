import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray } from '../../../core/testing/seededRandom';
import type { AttributeValue } from '../testing/onnxBuilder';
import type { NchwArray } from '../testing/referenceOps';
import { convReference, convTransposeReference } from '../testing/referenceOps';
import { compileSpec, maxAbsDiff, nhwcInput, runSpec } from '../testing/runGraph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function array(shape: [number, number, number, number], seed: number): NchwArray {
  return { data: randomArray(shape.reduce((a, d) => a * d, 1), seed), shape };
}

function convSpec(weight: NchwArray, attributes: Record<string, AttributeValue>, bias?: number[], op = 'Conv') {
  const inputs = bias ? ['x', 'w', 'b'] : ['x', 'w'];
  return {
    inputs: [{ name: 'x', dims: [1, 4, 7, 6] }],
    outputs: [{ name: 'y', dims: [] }],
    nodes: [{ op, inputs, outputs: ['y'], attributes }],
    initializers: [{ name: 'w', dims: [...weight.shape], data: weight.data }, ...(bias ? [{ name: 'b', dims: [bias.length], data: bias }] : [])],
  };
}

const x = array([1, 4, 7, 6], 1);

describe('Conv against the closed form', () => {
  const cases: Array<{ name: string; weight: [number, number, number, number]; attributes: Record<string, AttributeValue>; reference: { strides: [number, number]; pads: [number, number, number, number]; dilations: [number, number]; group: number } }> = [
    { name: 'plain 3×3, symmetric pads', weight: [5, 4, 3, 3], attributes: { pads: [1, 1, 1, 1] }, reference: { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1 } },
    { name: 'asymmetric pads, stride 2', weight: [3, 4, 3, 2], attributes: { pads: [0, 1, 2, 0], strides: [2, 2] }, reference: { strides: [2, 2], pads: [0, 1, 2, 0], dilations: [1, 1], group: 1 } },
    { name: 'groups 2', weight: [6, 2, 3, 3], attributes: { group: 2, pads: [1, 1, 1, 1] }, reference: { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1], group: 2 } },
    { name: 'depthwise with multiplier 2', weight: [8, 1, 3, 3], attributes: { group: 4, pads: [1, 0, 1, 0], strides: [1, 2] }, reference: { strides: [1, 2], pads: [1, 0, 1, 0], dilations: [1, 1], group: 4 } },
    { name: 'dilation 2 with stride 2', weight: [3, 4, 3, 3], attributes: { dilations: [2, 2], strides: [2, 2], pads: [2, 2, 2, 2] }, reference: { strides: [2, 2], pads: [2, 2, 2, 2], dilations: [2, 2], group: 1 } },
    { name: 'dilated depthwise', weight: [4, 1, 3, 3], attributes: { group: 4, dilations: [2, 1], pads: [2, 1, 2, 1] }, reference: { strides: [1, 1], pads: [2, 1, 2, 1], dilations: [2, 1], group: 4 } },
    // SAME_UPPER on 7×6 with stride 2 and a 4×3 kernel: total pads 3 and 1, the odd one at the end.
    { name: 'auto_pad SAME_UPPER', weight: [2, 4, 4, 3], attributes: { auto_pad: 'SAME_UPPER', strides: [2, 2] }, reference: { strides: [2, 2], pads: [1, 0, 2, 1], dilations: [1, 1], group: 1 } },
    { name: 'auto_pad SAME_LOWER', weight: [2, 4, 4, 3], attributes: { auto_pad: 'SAME_LOWER', strides: [2, 2] }, reference: { strides: [2, 2], pads: [2, 1, 1, 0], dilations: [1, 1], group: 1 } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const weight = array(c.weight, 2);
      const bias = Array.from(randomArray(c.weight[0], 3));
      const expected = convReference(x, weight, bias, c.reference);
      const out = await runSpec(convSpec(weight, c.attributes, bias), x);
      expect(out.shape).toEqual([...expected.shape]);
      expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-4);
    });
  }

  it('ConvTranspose with stride 2, pads and output_padding', async () => {
    const weight = array([4, 3, 3, 3], 4);
    const expected = convTransposeReference(x, weight, { strides: [2, 2], pads: [1, 0, 1, 1], outputPadding: [1, 0] });
    const out = await runSpec(convSpec(weight, { strides: [2, 2], pads: [1, 0, 1, 1], output_padding: [1, 0] }, undefined, 'ConvTranspose'), x);
    expect(out.shape).toEqual([...expected.shape]);
    expect(maxAbsDiff(out.data, expected.data)).toBeLessThan(1e-4);
  });
});

describe('Conv gradients', () => {
  it('match central finite differences of the closed form (asymmetric pads, dilation, stride, groups)', async () => {
    const weight = array([4, 2, 3, 3], 5);
    const reference = { strides: [2, 1] as [number, number], pads: [0, 2, 1, 1] as [number, number, number, number], dilations: [1, 2] as [number, number], group: 2 };
    const program = await compileSpec(convSpec(weight, { group: 2, strides: [2, 1], pads: [0, 2, 1, 1], dilations: [1, 2] }), x.shape);
    const expectedShape = convReference(x, weight, null, reference).shape;
    const r = randomArray(expectedShape.reduce((a, d) => a * d, 1), 6);
    const input = nhwcInput(x);
    const gradient = tf.tidy(() => {
      const rTensor = tf.tensor(Float32Array.from(r), [...expectedShape]);
      return tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(program.run(xi as tf.Tensor4D), rTensor)))(input);
    });
    // NHWC gradient → NCHW to compare with the closed form's derivative.
    const g = (await tf.tidy(() => tf.transpose(gradient, [0, 3, 1, 2])).data()) as Float32Array;
    const objective = (data: Float64Array) => convReference({ data, shape: x.shape }, weight, null, reference).data.reduce((s, v, i) => s + v * r[i], 0);
    const h = 1e-4;
    for (const i of [0, 17, 40, 85, 120, 167]) {
      const plus = Float64Array.from(x.data);
      const minus = Float64Array.from(x.data);
      plus[i] += h;
      minus[i] -= h;
      const fd = (objective(plus) - objective(minus)) / (2 * h);
      expect(Math.abs(g[i] - fd)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
    }
    tf.dispose([gradient, input]);
    program.dispose();
  });
});
