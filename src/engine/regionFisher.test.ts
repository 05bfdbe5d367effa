import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roiFisherAnalysis } from '../core/roiFisher';
import { analyzeImage } from './analyzeImage';
import type { Classifier } from './classifier';
import { classifierFromArtifacts } from './classifier';
import { modelArtifacts, testImage } from './testing/smallModels';

/**
 * A CNN that reads only the top-left 8×8 of its 16×16 input (a crop before its convolutions): its
 * receptive field is known exactly, so the region-restricted Fisher of any region outside it must
 * vanish and that of the receptive field itself must be the full iFIM.
 */
const SIZE = 16;
const FIELD = 8;
const N = SIZE * SIZE;

async function topLeftClassifier(): Promise<Classifier> {
  const init = (seed: number) => tf.initializers.glorotNormal({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.cropping2D({ inputShape: [SIZE, SIZE, 1], cropping: [[0, SIZE - FIELD], [0, SIZE - FIELD]] }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'tanh', kernelInitializer: init(1), biasInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 2 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return classifierFromArtifacts(artifacts, null, 'top-left-cnn');
}

const region = (inside: (row: number, col: number) => boolean) => Uint8Array.from({ length: N }, (_, k) => (inside(Math.floor(k / SIZE), k % SIZE) ? 1 : 0));

describe('region-restricted Fisher on a CNN with a known receptive field', () => {
  let classifier: Classifier;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    classifier = await topLeftClassifier();
  });
  afterAll(() => classifier.dispose());

  it('a region outside the receptive field has zero spectrum and zero trace share; the field itself has the full spectrum', async () => {
    const before = tf.memory().numTensors;
    const x = testImage(N, 4);
    const analysis = await analyzeImage(classifier, x);
    const { eigen } = analysis;
    expect(eigen.rank).toBe(2);
    const jacobian = { classes: 3, inputSize: N, rows: analysis.jacobian };
    const args = { jacobian, logits: analysis.logits, head: 'softmax' as const, full: eigen };

    const outside = roiFisherAnalysis({ ...args, mask: region((r, c) => r >= FIELD || c >= FIELD) });
    expect(outside.eigen.rank).toBe(0);
    for (const value of outside.eigen.eigenvalues) expect(value).toBe(0);
    expect(outside.traceShare).toBe(0);
    for (const e of outside.energyInRoi) expect(e).toBe(0);

    const field = roiFisherAnalysis({ ...args, mask: region((r, c) => r < FIELD && c < FIELD) });
    for (let i = 0; i < 3; i++) expect(field.eigen.eigenvalues[i]).toBe(eigen.eigenvalues[i]);
    expect(field.traceShare).toBe(1);

    // A region straddling the boundary keeps only its part inside the field: the bottom-right
    // quarter of the field (rows, cols 4…11) carries the same sensitivity as rows, cols 4…7.
    const straddling = roiFisherAnalysis({ ...args, mask: region((r, c) => r >= 4 && r < 12 && c >= 4 && c < 12) });
    const insidePart = roiFisherAnalysis({ ...args, mask: region((r, c) => r >= 4 && r < FIELD && c >= 4 && c < FIELD) });
    expect(straddling.traceShare).toBe(insidePart.traceShare);
    expect(straddling.traceShare).toBeGreaterThan(0);
    expect(straddling.traceShare).toBeLessThan(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
