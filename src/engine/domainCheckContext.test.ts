import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelMetadata, UnitImage } from '../core';
import { formatNumber, GREY_LEVEL, probabilitiesFromLogits, summariseTrainingDomain } from '../core';
import { analyzeDecodedImage } from './analyzeDecodedImage';
import { classifierFromArtifacts } from './classifier';
import { modelArtifacts } from './testing/smallModels';

/**
 * The warnings as the analysis path delivers them, on a binary linear softmax model z = W x + b
 * loaded through the real TF.js path: J = W, so λ₁ = p₁p₂‖w₁ − w₂‖² in closed form, and scaling W
 * down makes the model as insensitive as wanted.
 */
const H = 8;
const W = 8;
const N = H * W;
const preprocessing: ModelMetadata['preprocessing'] = { intensity: 'unit', mean: [0.5], std: [0.25], resize: 'bilinear' };

async function linearModel(scale: number) {
  const kernel = Float32Array.from({ length: N * 2 }, (_, i) => scale * Math.sin(0.7 * i + 1));
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [H, W, 1] }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
  model.setWeights([tf.tensor2d(kernel, [N, 2]), tf.tensor1d([0.1, -0.1])]);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  const metadata: ModelMetadata = { formatVersion: 1, id: 'linear', title: 'linear', description: '', classes: ['a', 'b'], head: 'softmax', input: { height: H, width: W, channels: 1 }, preprocessing };
  const classifier = await classifierFromArtifacts(artifacts, metadata, 'linear');
  // kernel is N × 2: w₁ − w₂ at pixel k is kernel[2k] − kernel[2k + 1]
  const diffNorm2 = Array.from({ length: N }, (_, k) => (kernel[2 * k] - kernel[2 * k + 1]) ** 2).reduce((s, v) => s + v, 0);
  return { classifier, diffNorm2 };
}

const image: UnitImage = { width: W, height: H, channels: 1, data: Float32Array.from({ length: N }, (_, i) => 0.5 + 0.3 * Math.cos(0.9 * i)) };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('warnings of analyzeDecodedImage', () => {
  it('a near-insensitive linear model gets the note, with λ₁ = p₁p₂‖w₁ − w₂‖²; the same model at ordinary scale does not', async () => {
    const tiny = await linearModel(1e-6);
    const analysis = await analyzeDecodedImage(tiny.classifier, preprocessing, image);
    const [p1, p2] = probabilitiesFromLogits('softmax', analysis.logits);
    expect(analysis.eigen.eigenvalues[0] / (p1 * p2 * tiny.diffNorm2)).toBeCloseTo(1, 4);
    expect(analysis.warnings.map((w) => w.code)).toEqual(['insensitive-model']);
    // the bound it quotes: √λ₁ · √N · g / std, in percentage points
    const bound = (Math.sqrt(analysis.eigen.eigenvalues[0]) * Math.sqrt(N) * GREY_LEVEL) / preprocessing.std[0];
    expect(analysis.warnings[0].message).toContain(`more than ${formatNumber(bound * 100)} percentage points`);
    tiny.classifier.dispose();

    const ordinary = await linearModel(0.5);
    expect((await analyzeDecodedImage(ordinary.classifier, preprocessing, image)).warnings).toEqual([]);
    ordinary.classifier.dispose();
  });

  it('passes the training domain and the file’s facts through to the domain check', async () => {
    const { classifier } = await linearModel(0.5);
    // training images: the test image and small variations of it, in model space
    const count = 50;
    const images = new Float32Array(count * N);
    for (let i = 0; i < count; i++) for (let k = 0; k < N; k++) images[i * N + k] = (image.data[k] + 0.01 * Math.sin(i * 13.1 + k) - 0.5) / 0.25;
    const trainingDomain = summariseTrainingDomain({ images, count, height: H, width: W, channels: 1 }, { description: 'test', modalities: ['CR'], photometricInterpretation: 'MONOCHROME2', sample: {} });
    const inDomain = await analyzeDecodedImage(classifier, preprocessing, image, { domain: { trainingDomain, source: { modality: 'CR' } } });
    expect(inDomain.warnings).toEqual([]);
    const ct = await analyzeDecodedImage(classifier, preprocessing, image, { domain: { trainingDomain, source: { modality: 'CT' } } });
    expect(ct.warnings.map((w) => w.code)).toEqual(['modality-mismatch']);
    const colour: UnitImage = { width: W, height: H, channels: 3, data: Float32Array.from({ length: 3 * N }, (_, i) => (i % 3 === 0 ? image.data[Math.floor(i / 3)] : 0)) };
    expect((await analyzeDecodedImage(classifier, preprocessing, colour, { domain: { trainingDomain } })).warnings.map((w) => w.code)).toContain('colour-mismatch');
    classifier.dispose();
  });
});
