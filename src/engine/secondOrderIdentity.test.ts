import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { klFromLogits } from '../core';
import { analyzeImage, forwardLogits } from './analyzeImage';
import type { Classifier } from './classifier';
import { smallClassifier, testImage } from './testing/smallModels';

/**
 * The iFIM's defining property, checked with forward passes only:
 * KL(p(x) ‖ p(x + ε v_i)) = ½ ε² λ_i + O(ε³), and a perturbation orthogonal to every v_i changes
 * the KL divergence not at all to second order.
 */
const SHAPE: [number, number, number] = [16, 16, 1];
const N = 256;

describe.each([
  ['softmax', 4],
  ['sigmoid', 3],
] as const)('second-order KL identity on a nonlinear CNN (%s head, %i outputs)', (head, classes) => {
  let classifier: Classifier;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    classifier = await smallClassifier('tanh-cnn', SHAPE, classes, head);
  });
  afterAll(() => classifier.dispose());

  it('KL along v_i ≈ ½ ε² λ_i within 5%; in the complement it is orders of magnitude smaller', async () => {
    const x = testImage(N, 2);
    const { eigen, logits } = await analyzeImage(classifier, x);
    expect(eigen.rank).toBe(head === 'softmax' ? classes - 1 : classes);
    const kl = async (direction: Float64Array, epsilon: number): Promise<number> => {
      const moved = Float32Array.from(x, (xi, k) => xi + epsilon * direction[k]);
      return klFromLogits(head, logits, await forwardLogits(classifier, moved, 1));
    };
    // ε chosen so that ½ε²λ₁ ≈ 1e-4: small enough for the cubic term, large enough for float32.
    const epsilon = Math.sqrt((2 * 1e-4) / eigen.eigenvalues[0]);
    for (let i = 0; i < eigen.modeCount; i++) {
      const v = eigen.imageEigenvectors.subarray(i * N, (i + 1) * N);
      const predicted = 0.5 * epsilon * epsilon * eigen.eigenvalues[i];
      const measured = await kl(v, epsilon);
      expect(Math.abs(measured / predicted - 1)).toBeLessThan(0.05);
    }
    // A unit direction orthogonal to every v_i: a seeded random vector minus its projections.
    const r = Float64Array.from({ length: N }, (_, k) => Math.sin(12.9898 * k + 4.1414) * 43758.5453 % 1);
    for (let i = 0; i < eigen.modeCount; i++) {
      const v = eigen.imageEigenvectors.subarray(i * N, (i + 1) * N);
      let dot = 0;
      for (let k = 0; k < N; k++) dot += r[k] * v[k];
      for (let k = 0; k < N; k++) r[k] -= dot * v[k];
    }
    const norm = Math.hypot(...r);
    for (let k = 0; k < N; k++) r[k] /= norm;
    const leading = await kl(eigen.imageEigenvectors.subarray(0, N), epsilon);
    const complement = await kl(r, epsilon);
    expect(complement).toBeLessThan(leading / 100);
  });
});
