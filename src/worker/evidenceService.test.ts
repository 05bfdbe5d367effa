import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelMetadata } from '../core';
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

describe('evidence service: data-set study on a demo task', () => {
  let classifier: Classifier;
  const metadata = (task: string | null): ModelMetadata => ({
    formatVersion: 1,
    id: 'linear-lumpy',
    title: 'linear',
    description: '',
    ...(task ? { task: { id: task, description: '' } } : {}),
    classes: ['absent', 'present'],
    head: 'softmax',
    input: { height: 64, width: 64, channels: 1 },
    preprocessing: { intensity: 'unit', mean: [0.5], std: [0.25], resize: 'bilinear' },
  });
  const service = (task: string | null) =>
    createEvidenceService({
      classifier: () => classifier,
      x: () => {
        throw new Error('no image has been analysed with this model yet');
      },
      artifacts: () => null,
      metadata: () => metadata(task),
    });
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ classifier } = await linearClassifier([64, 64, 1], 2, 'softmax', 3));
  });
  afterAll(() => classifier.dispose());

  it('generates the task images and returns accuracy and AUC per family and ε, without an analysed image', async () => {
    const s = service('lumpy-ske');
    const running = s.api.datasetStudy({ count: 4, epsilons: [1, 0.1, 0.01], draws: 1, k: 1, seed: 0 });
    const result = await running;
    expect(result.taskId).toBe('lumpy-ske');
    expect(result.count).toBe(4);
    expect(result.epsilons).toEqual([0.01, 0.1, 1]);
    const leading = result.table.filter((r) => r.family === 'leading');
    expect(leading.map((r) => r.epsilon)).toEqual([0.01, 0.1, 1]);
    for (const r of result.table) expect(r.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.clean.accuracy).toBeGreaterThanOrEqual(0);
    expect(() => structuredClone(result)).not.toThrow();
    expect(await s.api.studyProgress()).toBeNull();
  });

  it('runs on the user’s images and labels CSV (decoded in the worker), even for a model without a demo task', async () => {
    const samples = join(__dirname, '..', '..', 'public', 'samples', 'lumpy-ske');
    const names = ['lumpy-ske-absent-01.png', 'lumpy-ske-present-01.png', 'lumpy-ske-present-02.png'];
    const images = await Promise.all(names.map(async (name) => ({ name: `folder/${name}`, bytes: new Uint8Array(await readFile(join(samples, name))).buffer })));
    const csv = `file,label\n${names.map((n) => `${n},${n.includes('present') ? 'present' : 'absent'}`).join('\n')}\n`;
    const result = await service(null).api.datasetStudy({ count: 0, epsilons: [0.1], draws: 1, k: 1, seed: 0, files: { csv, csvName: 'labels.csv', images } });
    expect(result.taskId).toBeNull();
    expect(result.dataSeed).toBeNull();
    expect(result.count).toBe(3);
    expect(result.source).toBe('3 images labelled by labels.csv');
    const unknown = `file,label\n${names[0]},maybe\n`;
    await expect(service(null).api.datasetStudy({ count: 0, epsilons: [0.1], draws: 1, k: 1, seed: 0, files: { csv: unknown, csvName: 'l.csv', images } })).rejects.toThrow(/l\.csv line 2: label "maybe"/);
  });

  it('refuses a model without a demo task, and cancels', async () => {
    await expect(service(null).api.datasetStudy({ count: 2, epsilons: [0.1], draws: 1, k: 1, seed: 0 })).rejects.toThrow(/no demo task/);
    const s = service('lumpy-ske');
    const running = s.api.datasetStudy({ count: 50, epsilons: [0.1, 1], draws: 4, k: 1, seed: 0 });
    s.cancel();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });
});
