import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mean } from '../core/perturbation';
import type { Classifier } from './classifier';
import { datasetStudy } from './datasetStudy';
import type { DatasetStudyProgress } from './datasetStudy';
import type { ImagePerturbationStudy } from './perturbationStudy';
import { perturbationStudy } from './perturbationStudy';
import { StudyCancelledError } from './studyControl';
import { linearClassifier } from './testing/linearClassifier';
import { smallClassifier, testImage } from './testing/smallModels';

/**
 * The evidence of METHOD ("The paper's evidence") on models where the mathematics is exact:
 * KL along the leading subspace grows as ε² with coefficient ½ Σ u_i² λ_i; orthogonal to every mode
 * it vanishes (linear model: exactly; smooth model: from fourth order, since KL ≥ 0 along ±δ
 * forbids a cubic term).
 */
const meanKl = (study: ImagePerturbationStudy, family: string, epsilon: number): number =>
  mean(study.records.filter((r) => r.family === family && r.epsilon === epsilon).map((r) => r.kl));

describe('perturbation study on a linear softmax model (z = W x + b on a flattened 6×6 image)', () => {
  let classifier: Classifier;
  let study: ImagePerturbationStudy;
  const epsilons = [1e-3, 1e-2, 1e-1, 1];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ classifier } = await linearClassifier([6, 6, 1], 3, 'softmax', 5));
    study = await perturbationStudy(classifier, testImage(36, 2), { epsilons, draws: 3, k: 2, seed: 1 });
  });
  afterAll(() => classifier.dispose());

  it('leading subspace: slope 2, and KL = ½ ε² Σ u_i² λ_i within 1 % at small ε', () => {
    expect(study.slopes.leading?.status).toBe('ok');
    expect(Math.abs(study.slopes.leading!.slope - 2)).toBeLessThan(0.02);
    for (const r of study.records.filter((q) => q.family === 'leading' && q.epsilon <= 1e-2)) {
      expect(Math.abs(r.kl / r.predictedKl! - 1)).toBeLessThan(0.01);
    }
  });

  it('complement: the KL is rounding noise, at least a million times below the leading KL at every ε', () => {
    expect(study.slopes.complement?.status).toBe('below-noise-floor');
    for (const e of epsilons) expect(meanKl(study, 'complement', e)).toBeLessThan(1e-6 * meanKl(study, 'leading', e));
  });

  it('isotropic: slope 2 (it has a component in the leading subspace), far below the leading KL', () => {
    expect(Math.abs(study.slopes.isotropic!.slope - 2)).toBeLessThan(0.05);
    expect(meanKl(study, 'isotropic', 1e-2)).toBeLessThan(0.2 * meanKl(study, 'leading', 1e-2));
  });

  it('removes x_high(k) and a random component of the same norm', () => {
    const removal = study.records.filter((r) => r.family.startsWith('removal'));
    expect(removal.filter((r) => r.family === 'removal-leading')).toHaveLength(1);
    expect(removal.filter((r) => r.family === 'removal-random')).toHaveLength(3);
    for (const r of removal) expect(r.epsilon).toBeCloseTo(study.highNorm, 12);
  });
});

describe.each([
  ['softmax', 4],
  ['sigmoid', 3],
] as const)('perturbation study on a smooth (tanh) CNN, %s head', (head, classes) => {
  let classifier: Classifier;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    classifier = await smallClassifier('tanh-cnn', [16, 16, 1], classes, head);
  });
  afterAll(() => classifier.dispose());

  it('slopes: leading 2, complement ≈ 4 (≥ 3), and the complement orders of magnitude below', async () => {
    const epsilons = [0.01, 0.03, 0.1, 0.3, 1, 3];
    const study = await perturbationStudy(classifier, testImage(256, 2), { epsilons, draws: 3, k: 2, seed: 1, families: ['leading', 'complement'] });
    expect(Math.abs(study.slopes.leading!.slope - 2)).toBeLessThan(0.02);
    expect(study.slopes.complement?.status).toBe('ok');
    expect(study.slopes.complement!.slope).toBeGreaterThan(3.5);
    expect(study.slopes.complement!.slope).toBeLessThan(4.5);
    expect(meanKl(study, 'complement', 0.1)).toBeLessThan(1e-3 * meanKl(study, 'leading', 0.1));
  });
});

describe('data-set study', () => {
  let classifier: Classifier;
  const images = new Float32Array(6 * 36);
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ classifier } = await linearClassifier([6, 6, 1], 3, 'softmax', 8));
    for (let i = 0; i < 6; i++) images.set(testImage(36, i + 1), i * 36);
  });
  afterAll(() => classifier.dispose());

  it('gives accuracy and AUC per family and ε, with the clean set’s metrics and progress to 1', async () => {
    const labels = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const progress: DatasetStudyProgress[] = [];
    const result = await datasetStudy(classifier, { count: 6, images, labels }, { epsilons: [0.01, 10], draws: 2, k: 1, seed: 3, onProgress: (p) => progress.push(p) });
    expect(result.table.map((r) => r.family)).toEqual(['leading', 'leading', 'complement', 'complement', 'isotropic', 'isotropic', 'removal-leading', 'removal-random']);
    expect(result.table.slice(0, 6).map((r) => r.epsilon)).toEqual([0.01, 10, 0.01, 10, 0.01, 10]);
    expect(result.table[6].epsilon).toBeCloseTo(mean(result.images.map((s) => s.highNorm)), 12);
    for (const r of result.table) {
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(Number.isFinite(r.auc)).toBe(true);
    }
    // A tiny perturbation changes no decision; the complement of a linear model never does.
    expect(result.table[0].accuracy).toBe(result.clean.accuracy);
    expect(result.table[3].accuracy).toBe(result.clean.accuracy);
    expect(progress.at(-1)).toEqual({ imagesDone: 6, imageCount: 6, fraction: 1 });
    for (let i = 1; i < progress.length; i++) expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
    expect(result.images).toHaveLength(6);
  });

  it('stops with StudyCancelledError when its signal is aborted, and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = datasetStudy(classifier, { count: 6, images, labels: new Int32Array(6) }, {
      epsilons: [0.01, 0.1],
      draws: 2,
      k: 1,
      seed: 3,
      batchSize: 4,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.imagesDone >= 1) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(StudyCancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
