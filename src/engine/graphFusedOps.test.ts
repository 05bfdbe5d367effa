import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyzeImage } from './analyzeImage';
import { classifierFromArtifacts } from './classifier';
import type { FusedActivation } from './testing/architectures/fusedGraph';
import { fusedGraph } from './testing/architectures/fusedGraph';
import { seededRandom } from './wasm/wasmTestUtils';
import { useWasmBackendInNode } from './wasm/nodeWasmSetup';

/**
 * A converter-format GraphModel with fused ops (testing/architectures/fusedGraph.ts) against the
 * same function written with plain tf ops: logits, probabilities against plain
 * tf.loadGraphModel, and the analysis's Jacobian against tf.grad of the plain-op function.
 * (Under a gradient tape TF.js runs a fused op with an activation other than linear unfused, so
 * Relu6, Elu, LeakyRelu and Sigmoid differentiate too; TF.js has no fused Tanh.)
 */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length && !Number.isNaN(m) ? m : Infinity;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

const CASES: Array<[FusedActivation, FusedActivation]> = [
  ['Relu', 'Relu'],
  ['Relu6', 'Relu6'],
  ['Elu', 'Relu'],
  ['LeakyRelu', 'Sigmoid'],
  ['Relu', 'Elu'],
];

describe.each(['cpu', 'wasm'] as const)('converter GraphModel with fused ops on %s', (backend) => {
  it.each(CASES)('conv %s, depthwise %s: predicts as plain TF.js and plain ops, Jacobian = tf.grad of plain ops', async (convActivation, depthwiseActivation) => {
    if (backend === 'wasm') await useWasmBackendInNode();
    else await tf.setBackend('cpu');
    const graph = await fusedGraph(convActivation, depthwiseActivation);
    const rand = seededRandom(21);
    const n = 16 * 16 * 3;
    const images = Float32Array.from({ length: 2 * n }, () => rand());
    const x = tf.tensor4d(images, [2, 16, 16, 3]);

    const plainModel = await tf.loadGraphModel(tf.io.fromMemory(graph.artifacts));
    const plainOut = plainModel.execute(x) as tf.Tensor;
    const plain = (await plainOut.data()) as Float32Array;
    plainOut.dispose();
    plainModel.dispose();

    const classifier = await classifierFromArtifacts(graph.artifacts, null, 'fused', { source: 'fused/model.json' });
    expect(classifier.info.removedActivation).toBe('softmax');
    const z = classifier.logits(x);
    const p = tf.softmax(z);
    const reference = graph.reference(x);
    const [ours, probs, ref] = (await Promise.all([z.data(), p.data(), reference.data()])) as Float32Array[];
    tf.dispose([z, p, reference]);
    expect(maxAbsDiff(probs, plain)).toBeLessThan(1e-6);
    expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-5 * Math.max(1, maxAbs(ref)));

    const image = images.slice(0, n);
    const before = tf.memory().numTensors;
    const analysis = await analyzeImage(classifier, image);
    expect(tf.memory().numTensors).toBe(before);
    const x1 = tf.tensor4d(image, [1, 16, 16, 3]);
    const rows: Float32Array[] = [];
    for (let c = 0; c < 4; c++) {
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.slice(graph.reference(t as tf.Tensor4D), [0, c], [1, 1])))(x1);
      rows.push((await g.data()) as Float32Array);
      g.dispose();
    }
    x1.dispose();
    const expected = Float32Array.from(rows.flatMap((r) => Array.from(r)));
    expect(maxAbs(expected)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(analysis.jacobian, expected)).toBeLessThan(1e-5 * maxAbs(expected));
    classifier.dispose();
    x.dispose();
    graph.dispose();
  });
});
