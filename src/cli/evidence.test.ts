import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median } from '../core/perturbation';
import { cascadingRandomization, integratedGradients } from '../engine/attribution';
import { datasetStudy } from '../engine/datasetStudy';
import type { DatasetStudyResult } from '../engine/datasetStudy';
import { useWasmBackendInNode } from '../engine/wasm/nodeWasmSetup';
import type { LabelledImages } from './commands/labelledImages';
import { taskImages } from './commands/labelledImages';
import type { ModelWithArtifacts } from './commands/modelWithArtifacts';
import { loadModelWithArtifacts } from './commands/modelWithArtifacts';

/**
 * The evidence on a shipped demo model (public/models/lumpy-ske-cnn, a ReLU CNN trained on the
 * lumpy-background SKE task) and held-out images of its task: what the paper reports, and what the
 * attribution baselines must satisfy, on a model that has learned something.
 */
let model: ModelWithArtifacts;
let set: LabelledImages;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useWasmBackendInNode();
  model = await loadModelWithArtifacts('lumpy-ske-cnn');
  set = taskImages('lumpy-ske', 6, model.metadata);
});
afterAll(() => model.classifier.dispose());

const imageAt = (i: number): Float32Array => {
  const n = set.images.length / set.count;
  return set.images.slice(i * n, (i + 1) * n);
};

describe('perturbation evidence on lumpy-ske-cnn', () => {
  let result: DatasetStudyResult;
  const epsilons = [1e-3, 1e-2, 1e-1, 0.316228, 1, 3.16228];
  beforeAll(async () => {
    result = await datasetStudy(model.classifier, set, { epsilons, draws: 3, k: 1, seed: 1 });
  });

  it('KL grows with slope 2 in the leading subspace, as ½ ε² λ predicts', () => {
    expect(result.slopes.leading?.pooled.status).toBe('ok');
    expect(Math.abs(result.slopes.leading!.pooled.slope - 2)).toBeLessThan(0.05);
    expect(Math.abs(result.secondOrder.medianRatio - 1)).toBeLessThan(0.05);
  });

  it('in the complement the KL is orders of magnitude smaller and grows faster (slope ≈ 3 for ReLU)', () => {
    const at = (family: string, epsilon: number): number =>
      median(result.images.flatMap((s) => s.records.filter((r) => r.family === family && r.epsilon === epsilon).map((r) => r.kl)));
    for (const e of [1e-2, 1e-1]) expect(at('complement', e)).toBeLessThan(1e-3 * at('leading', e));
    expect(result.slopes.complement?.pooled.status).toBe('ok');
    expect(result.slopes.complement!.pooled.slope).toBeGreaterThan(2.5);
  });

  it('accuracy holds under small perturbations of every family and falls first along the leading subspace', () => {
    const row = (family: string, epsilon: number) => result.table.find((r) => r.family === family && r.epsilon === epsilon)!;
    expect(row('leading', 1e-3).accuracy).toBe(result.clean.accuracy);
    expect(row('complement', 3.16228).accuracy).toBeGreaterThan(row('leading', 3.16228).accuracy);
  });
});

describe('attribution baselines on lumpy-ske-cnn', () => {
  it('Integrated Gradients is complete within 1 % (black and blurred baselines)', async () => {
    for (const i of [0, 1]) {
      for (const baseline of ['black', 'blur'] as const) {
        const ig = await integratedGradients(model.classifier, imageAt(i), { method: 'integrated-gradients', baseline }, { normalization: model.metadata.preprocessing });
        expect(ig.details.completenessGap as number).toBeLessThan(0.01);
        expect(ig.details.converged).toBe(true);
      }
    }
  });

  it('cascading randomisation changes the gradient map and the iFIM map (rank correlation drops)', async () => {
    const result = await cascadingRandomization(model.classifier, imageAt(1), [{ method: 'saliency' }, { method: 'ifim' }], { artifacts: model.artifacts, metadata: model.metadata, seed: 1 });
    // Top down: the two dense layers, then the three convolutions.
    expect(result.stages.map((s) => /dense/i.test(s.layer))).toEqual([true, true, false, false, false]);
    const rows = (label: string) => result.rows.filter((r) => r.label === label);
    for (const label of ['saliency', 'ifim |v_1|']) {
      expect(rows(label)[0].spearman).toBeLessThan(0.8);
      expect(rows(label).at(-1)!.spearman).toBeLessThan(0.5);
      expect(rows(label).at(-1)!.ssim).toBeLessThan(0.5);
    }
  });
});
