import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probabilitiesFromLogits } from '../../core';
import { forwardLogits } from '../analyzeImage';
import type { Classifier } from '../classifier';
import { linearClassifier } from '../testing/linearClassifier';
import { buildSmallModel, modelArtifacts, smallClassifier, testImage } from '../testing/smallModels';
import { classifierFromArtifacts } from '../classifier';
import { computeAttribution } from './computeAttribution';
import { deletionInsertionCurves } from './deletionInsertion';
import { gradCam, gradCamLayerCandidates, gradCamLayers } from './gradCam';
import { integratedGradients } from './integratedGradients';
import { cascadeOrder, randomizeLayers } from './randomizeArtifacts';

const SHAPE: [number, number, number] = [6, 6, 1];

describe('attribution on a linear model, against closed forms (∇z_t = W_t)', () => {
  let model: Awaited<ReturnType<typeof linearClassifier>>;
  let classifier: Classifier;
  const x = testImage(36, 3);
  const target = 1;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await linearClassifier(SHAPE, 3, 'softmax', 21);
    classifier = model.classifier;
  });
  afterAll(() => classifier.dispose());
  const row = (): Float32Array => model.weights.subarray(target * 36, (target + 1) * 36);

  it('saliency is |W_t|; SmoothGrad of a constant gradient is the same map', async () => {
    const saliency = await computeAttribution(classifier, x, { method: 'saliency' }, { target });
    const smooth = await computeAttribution(classifier, x, { method: 'smoothgrad', samples: 8 }, { target });
    for (let i = 0; i < 36; i++) {
      expect(saliency.values[i]).toBeCloseTo(Math.abs(row()[i]), 6);
      expect(smooth.values[i]).toBeCloseTo(Math.abs(row()[i]), 5);
    }
    expect(saliency.target).toBe(target);
  });

  it('Integrated Gradients is (x − x′) ⊙ W_t and complete, for both baselines', async () => {
    for (const baseline of ['black', 'blur'] as const) {
      const ig = await integratedGradients(classifier, x, { method: 'integrated-gradients', baseline }, { target, normalization: { mean: [0.5], std: [0.25] } });
      for (let i = 0; i < 36; i++) expect(ig.attributions[i]).toBeCloseTo((x[i] - ig.baselineImage[i]) * row()[i], 5);
      expect(ig.details.completenessGap as number).toBeLessThan(1e-4);
      expect(ig.details.steps).toBe(32);
    }
  });

  it('deletion and insertion curves start and end where they must', async () => {
    const map = await computeAttribution(classifier, x, { method: 'saliency' }, { target });
    const curves = await deletionInsertionCurves(classifier, x, map.values, { target, steps: 6 });
    const p = probabilitiesFromLogits('softmax', await forwardLogits(classifier, x, 1))[target];
    expect(curves.fractions[0]).toBe(0);
    expect(curves.fractions.at(-1)).toBe(1);
    expect(curves.deletion[0]).toBeCloseTo(p, 6);
    expect(curves.insertion.at(-1)).toBeCloseTo(p, 6);
    expect(curves.deletionArea).toBeGreaterThanOrEqual(0);
    expect(curves.insertionArea).toBeLessThanOrEqual(1);
  });

  it('Grad-CAM refuses a model without a convolutional layer', async () => {
    await expect(gradCam(classifier, x, { method: 'gradcam' }, { artifacts: model.artifacts })).rejects.toThrow(/no convolutional layer/);
  });
});

describe('Grad-CAM', () => {
  it('on a Sequential CNN: the last conv layer by default, a non-negative map, no tensors left', async () => {
    await tf.setBackend('cpu');
    const model = buildSmallModel('tanh-cnn', [16, 16, 1], 3, 'softmax');
    const artifacts = await modelArtifacts(model);
    model.dispose();
    const classifier = await smallClassifier('tanh-cnn', [16, 16, 1], 3, 'softmax');
    const { layers, defaultLayer } = await gradCamLayers(artifacts);
    expect(layers.length).toBeGreaterThanOrEqual(2);
    expect(defaultLayer).toBe(layers.filter((l) => /conv/i.test(l)).at(-1));
    const before = tf.memory().numTensors;
    const map = await gradCam(classifier, testImage(256, 1), { method: 'gradcam' }, { artifacts });
    expect(tf.memory().numTensors).toBe(before);
    expect(map.values.length).toBe(256);
    expect(map.values.every((v) => v >= 0)).toBe(true);
    expect(map.details.layer).toBe(defaultLayer);
    classifier.dispose();
  });

  it('on a residual network: only layers on every path qualify; a conv inside the block is refused', async () => {
    await tf.setBackend('cpu');
    const init = (seed: number) => tf.initializers.glorotNormal({ seed });
    const input = tf.input({ shape: [12, 12, 1] });
    const stem = tf.layers.conv2d({ name: 'stem', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
    const inner = tf.layers.conv2d({ name: 'inner', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }).apply(stem) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([inner, stem]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(3) }).apply(tf.layers.flatten().apply(sum)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    expect(gradCamLayerCandidates(model)).toEqual(['stem', 'sum']);
    const artifacts = await modelArtifacts(model);
    model.dispose();
    const classifier = await classifierFromArtifacts(artifacts, null, 'residual');
    const x = testImage(144, 4);
    await expect(gradCam(classifier, x, { method: 'gradcam', layer: 'inner' }, { artifacts })).rejects.toThrow(/not on every path/);
    const map = await gradCam(classifier, x, { method: 'gradcam', layer: 'sum' }, { artifacts });
    expect(map.values.length).toBe(144);
    classifier.dispose();
  });
});

describe('randomised copies of the artifacts', () => {
  it('cascade top-down; only the chosen layers change, reproducibly', async () => {
    await tf.setBackend('cpu');
    const model = buildSmallModel('tanh-cnn', [16, 16, 1], 3, 'softmax');
    const artifacts = await modelArtifacts(model);
    const layerNames = model.layers.filter((l) => l.weights.length > 0).map((l) => l.name);
    model.dispose();
    expect(cascadeOrder(artifacts)).toEqual([...layerNames].reverse());
    const top = cascadeOrder(artifacts)[0];
    const a = randomizeLayers(artifacts, [top], 7);
    const b = randomizeLayers(artifacts, [top], 7);
    const bytes = (x: tf.io.ModelArtifacts): Float32Array => new Float32Array(x.weightData as ArrayBuffer);
    expect(Array.from(bytes(a))).toEqual(Array.from(bytes(b)));
    let offset = 0;
    for (const spec of artifacts.weightSpecs!) {
      const size = spec.shape.reduce((s, d) => s * d, 1);
      const before = bytes(artifacts).subarray(offset, offset + size);
      const after = bytes(a).subarray(offset, offset + size);
      // The dense layer's kernel is redrawn and its (random-normal) bias reset to 0; nothing else moves.
      expect(before.some((v, i) => v !== after[i])).toBe(spec.name.startsWith(`${top}/`));
      offset += size;
    }
  });
});
