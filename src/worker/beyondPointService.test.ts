import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitImage } from '../core';
import { principalAngles } from '../core/principalAngles';
import { analyzeImage } from '../engine/analyzeImage';
import type { Classifier } from '../engine/classifier';
import { linearClassifier } from '../engine/testing/linearClassifier';
import { testImage } from '../engine/testing/smallModels';
import type { LastAnalysis } from './beyondPointService';
import { createBeyondPointService, keepLastAnalysis } from './beyondPointService';

describe('beyond-point worker requests (on a linear softmax model, 6×6×1, 3 classes)', () => {
  let classifier: Classifier;
  let last: LastAnalysis;
  const service = () => createBeyondPointService({ classifier: () => classifier, metadata: () => null, last: () => last, checkCancelled: () => {} });
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ classifier } = await linearClassifier([6, 6, 1], 3, 'softmax', 5));
    const x = testImage(36, 2);
    // The image in display space is x itself (no metadata: unit intensities fed unchanged).
    const image: UnitImage = { width: 6, height: 6, channels: 1, data: Float32Array.from(x) };
    last = keepLastAnalysis(image, x, await analyzeImage(classifier, x));
  });
  afterAll(() => classifier.dispose());

  it('a region covering the whole input gives the full spectrum, share 1 and every mode fully inside', async () => {
    const r = await service().regionFisher({ maskModelSpace: new Uint8Array(36).fill(1) });
    const full = last.analysis.eigen;
    for (let i = 0; i < full.eigenvalues.length; i++) expect(r.eigenvalues[i]).toBeCloseTo(full.eigenvalues[i], 10);
    expect(r.traceShare).toBeCloseTo(1, 10);
    for (const e of r.energyInRoi) expect(e).toBeCloseTo(1, 8);
    expect(r.insideFraction).toBe(1);
  });

  it('the shares of a region and its complement add up to 1 (tr F is the sum of the diagonal)', async () => {
    const inside = Uint8Array.from({ length: 36 }, (_, i) => (i % 6 < 3 ? 1 : 0));
    const outside = inside.map((v) => 1 - v);
    const a = await service().regionFisher({ maskModelSpace: inside });
    const b = await service().regionFisher({ maskModelSpace: outside });
    expect(a.traceShare + b.traceShare).toBeCloseTo(1, 10);
    expect(a.traceShare).toBeGreaterThan(0);
    // The leading region eigenvector vanishes outside the region.
    for (let i = 0; i < 36; i++) if (!inside[i]) expect(a.leadingEigenvector![i]).toBe(0);
  });

  it('compare: the same image unchanged gives angles ~0°, added noise gives angles in [0°, 90°]', async () => {
    const same = await service().compareSubspaces({ change: {}, seed: 1 });
    expect(same.k).toBe(2);
    for (const d of same.anglesDegrees) expect(Math.abs(d)).toBeLessThan(1e-3);
    expect(same.inputDistanceL2).toBe(0);
    // A linear model's Jacobian is constant: only the softmax weights change with x, so the angles
    // can be large or small; they must lie in [0, 90].
    const noisy = await service().compareSubspaces({ change: {}, noiseSigma: 0.5, seed: 3 });
    expect(noisy.inputDistanceL2).toBeGreaterThan(0);
    for (const d of noisy.anglesDegrees) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(90);
    }
  });

  it('validity radii: one per mode, each with ratio within 20 % where found; neighbourhood reaches rank 2 (softmax, 3 classes)', async () => {
    const radii = await service().validityRadii({});
    expect(radii.epsilon).toHaveLength(last.analysis.eigen.modeCount);
    radii.ratioAtRadius.forEach((ratio) => {
      if (ratio !== null) expect(Math.abs(ratio - 1)).toBeLessThanOrEqual(0.2 + 1e-9);
    });
    const before = tf.memory().numTensors;
    const hood = await service().neighbourhoodFisher({ samples: 3, sigma: 0.1, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(hood.rank).toBe(2);
    expect(hood.eigenvalues.length).toBeGreaterThanOrEqual(2);
  });

  it('compare, two models on one image: B loaded for the request and disposed; angles as from the two analyses; another input size refused in words', async () => {
    const loads: string[] = [];
    const twoModels = (shape: [number, number, number], seed: number) =>
      createBeyondPointService({
        classifier: () => classifier,
        metadata: () => null,
        last: () => last,
        checkCancelled: () => {},
        loadClassifier: async (url) => {
          loads.push(url);
          return { classifier: (await linearClassifier(shape, 3, 'softmax', seed)).classifier, metadata: null };
        },
      });
    const before = tf.memory().numTensors;
    const same = await twoModels([6, 6, 1], 5).compareSubspaces({ change: {}, seed: 1, modelB: { modelJsonUrl: 'models/b/model.json', id: 'b' } });
    expect(loads).toEqual(['models/b/model.json']);
    expect(same.b.model).toBe('b');
    // The same weights: the same subspace.
    for (const d of same.anglesDegrees) expect(d).toBeLessThan(1e-3);
    const other = await twoModels([6, 6, 1], 9).compareSubspaces({ change: {}, seed: 1, modelB: { modelJsonUrl: 'models/c/model.json', id: 'c' } });
    expect(tf.memory().numTensors).toBe(before);
    // Independently: analyse x with a second copy of model c and take the angles between the two subspaces.
    const { classifier: c } = await linearClassifier([6, 6, 1], 3, 'softmax', 9);
    const b = await analyzeImage(c, last.xModelSpace);
    c.dispose();
    const expected = principalAngles(last.analysis.eigen.imageEigenvectors, other.k, b.eigen.imageEigenvectors, other.k, 36);
    expect(other.k).toBe(2);
    other.anglesDegrees.forEach((d, i) => expect(d).toBeCloseTo(expected.degrees[i], 6));
    expect(Math.max(...other.anglesDegrees)).toBeGreaterThan(1);
    expect(other.display?.leadingB).toHaveLength(36);
    await expect(twoModels([8, 8, 1], 9).compareSubspaces({ change: {}, seed: 1, modelB: { modelJsonUrl: 'models/d/model.json', id: 'd' } })).rejects.toThrow(/takes 6×6×1 inputs and .* takes 8×8×1.*model B must take A's input size/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
