import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../engine/classifier';
import { linearClassifier } from '../engine/testing/linearClassifier';
import { testImage } from '../engine/testing/smallModels';
import { createEvidenceService } from './evidenceService';

describe('evidence service (on a linear softmax model)', () => {
  let classifier: Classifier;
  let x: Float32Array | null = null;
  const service = () =>
    createEvidenceService({
      classifier: () => classifier,
      x: () => {
        if (!x) throw new Error('no image has been analysed with this model yet');
        return x;
      },
      artifacts: () => null,
      metadata: () => null,
    });
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ classifier } = await linearClassifier([6, 6, 1], 3, 'softmax', 5));
  });
  afterAll(() => classifier.dispose());

  it('needs an analysed image', async () => {
    await expect(service().api.perturbationStudy({ epsilons: [0.1], draws: 1, k: 1, seed: 0 })).rejects.toThrow(/no image/);
  });

  it('runs the study with plain (cloneable) records and the leading slope 2', async () => {
    x = testImage(36, 2);
    const s = service();
    const result = await s.api.perturbationStudy({ epsilons: [1, 1e-2, 1e-3, 1e-1], draws: 2, k: 1, seed: 1 });
    expect(result.epsilons).toEqual([1e-3, 1e-2, 1e-1, 1]);
    expect(Math.abs(result.slopes.leading!.slope - 2)).toBeLessThan(0.05);
    expect(() => structuredClone(result)).not.toThrow();
    expect(await s.api.studyProgress()).toBeNull();
  });

  it('cancel() stops the study in flight with an AbortError', async () => {
    x = testImage(36, 2);
    const s = service();
    const running = s.api.perturbationStudy({ epsilons: [1e-3, 1e-2, 1e-1, 1], draws: 40, k: 1, seed: 1 });
    s.cancel();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('computes the iFIM map and refuses deletion/insertion without maps', async () => {
    x = testImage(36, 2);
    const s = service();
    await expect(s.api.deletionInsertion()).rejects.toThrow(/attribution maps/);
    const maps = await s.api.attribution({ specs: [{ method: 'ifim' }, { method: 'saliency' }] });
    expect(maps.map((m) => m.label)).toEqual(['ifim |v_1|', 'saliency']);
    const rows = await s.api.deletionInsertion({ steps: 4 });
    expect(rows.map((r) => r.label)).toEqual(['ifim |v_1|', 'saliency', 'random']);
  });
});
