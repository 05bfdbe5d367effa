import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neighbourhoodPoint } from '../core/neighbourhoodFisher';
import { symmetricEigen } from '../core/symmetricEigen';
import { matrixF64 } from '../core/types';
import { analyzeImage } from './analyzeImage';
import type { Classifier } from './classifier';
import { neighbourhoodFisher } from './neighbourhoodJacobians';
import { smallClassifier, testImage } from './testing/smallModels';

const SHAPE: [number, number, number] = [8, 8, 1];
const N = 64;

describe('neighbourhood-averaged Fisher of a binary nonlinear CNN (softmax, 2 classes)', () => {
  let classifier: Classifier;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    classifier = await smallClassifier('tanh-cnn', SHAPE, 2, 'softmax');
  });
  afterAll(() => classifier.dispose());
  const x = testImage(N, 5);

  it('equals the dense average of the point iFIMs Σ λ v vᵀ at the same seeded points, and has rank M > 1', async () => {
    const before = tf.memory().numTensors;
    const samples = 3;
    const sigma = 0.2;
    const result = await neighbourhoodFisher(classifier, x, { samples, sigma, seed: 12 });
    const average = new Float64Array(N * N);
    for (let m = 0; m < samples; m++) {
      const { eigen } = await analyzeImage(classifier, neighbourhoodPoint(x, sigma, 12, m));
      expect(eigen.rank).toBe(1); // a binary classifier: one direction at each point
      const v = eigen.imageEigenvectors;
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) average[i * N + j] += (eigen.eigenvalues[0] * v[i] * v[j]) / samples;
    }
    const dense = symmetricEigen(matrixF64(N, N, average));
    expect(result.rank).toBe(samples);
    for (let i = 0; i < samples; i++) expect(Math.abs(result.eigenvalues[i] / dense.values[i] - 1)).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('M = 1, σ = 0 gives the point iFIM', async () => {
    const point = await analyzeImage(classifier, x);
    const result = await neighbourhoodFisher(classifier, x, { samples: 1, sigma: 0, seed: 3 });
    expect(result.rank).toBe(1);
    expect(result.eigenvalues[0]).toBeCloseTo(point.eigen.eigenvalues[0], 12);
  });

  it('refuses a bad M or σ, and a neighbourhood beyond the limits, before any pass', async () => {
    await expect(neighbourhoodFisher(classifier, x, { samples: 0, sigma: 0.1, seed: 1 })).rejects.toThrow(/samples ≥ 1/);
    await expect(neighbourhoodFisher(classifier, x, { samples: 2, sigma: -1, seed: 1 })).rejects.toThrow(/σ must be/);
    await expect(neighbourhoodFisher(classifier, x, { samples: 300, sigma: 0.1, seed: 1 })).rejects.toThrow(/use M ≤ 128/);
  });
});
