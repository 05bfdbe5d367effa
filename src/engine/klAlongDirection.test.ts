import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage } from './analyzeImage';
import type { Classifier } from './classifier';
import { modeValidityRadii } from './klAlongDirection';
import { linearClassifier } from './testing/linearClassifier';
import { testImage } from './testing/smallModels';

/**
 * A linear sigmoid classifier z = wᵀx + b in TF.js: λ = q(1−q)‖w‖², v = w/‖w‖, and along ±v the
 * logit is z₀ ± ε‖w‖, so the KL and the validity radius have closed forms (checked by Newton's
 * method on the formula) against which the forward-pass bisection is compared.
 */
const SHAPE: [number, number, number] = [6, 6, 1];
const N = 36;

describe('validity radius from forward passes on a linear sigmoid classifier', () => {
  let classifier: Classifier;
  let weights: Float32Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ classifier, weights } = await linearClassifier(SHAPE, 1, 'sigmoid', 21));
  });
  afterAll(() => classifier.dispose());

  it('matches the root of the closed-form KL ratio within the bisection width', async () => {
    const before = tf.memory().numTensors;
    const x = testImage(N, 7);
    const { eigen, logits } = await analyzeImage(classifier, x);
    expect(eigen.rank).toBe(1);
    const normW = Math.hypot(...weights);
    const z0 = logits[0];
    const q = 1 / (1 + Math.exp(-z0));
    const lambda = q * (1 - q) * normW * normW;
    expect(eigen.eigenvalues[0] / lambda).toBeCloseTo(1, 5);
    const kl = (t: number) => {
      const r = 1 / (1 + Math.exp(-(z0 + t)));
      return q * Math.log(q / r) + (1 - q) * Math.log((1 - q) / (1 - r));
    };
    const ratio = (e: number, sign: number) => kl(sign * e * normW) / (0.5 * e * e * lambda);
    const firstExit = (sign: number): number => {
      let previous = 1e-4;
      for (let e = 1e-4; e < 1e3; e *= 1.01) {
        const r = ratio(e, sign);
        if (Math.abs(r - 1) > 0.2) {
          const band = r > 1 ? 1.2 : 0.8;
          let root = Math.sqrt(previous * e);
          for (let i = 0; i < 60; i++) {
            const h = 1e-6 * root;
            root -= (ratio(root, sign) - band) / ((ratio(root + h, sign) - ratio(root - h, sign)) / (2 * h));
          }
          return root;
        }
        previous = e;
      }
      return Infinity;
    };
    const reference = Math.min(firstExit(1), firstExit(-1));
    const [found] = await modeValidityRadii(classifier, x, logits, eigen, 1);
    expect(found.status).toBe('bracketed');
    // Bisection width 1e-3 plus float32 logits.
    expect(Math.abs(found.radius! / reference - 1)).toBeLessThan(2e-3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
