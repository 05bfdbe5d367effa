import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray } from '../../core/testing/seededRandom';
import { analyzeImage } from '../analyzeImage';
import type { Classifier } from '../classifier';
import { loadClassifierFromFiles } from '../loadModel';
import { useWasmBackendInNode } from '../wasm/nodeWasmSetup';

/**
 * torchvision architectures exported by scripts/make-onnx-fixtures.py (Debian's python3-torch),
 * checked against what PyTorch itself computed on the same input, saved beside each model:
 * probabilities within rel 1e-3, the Fisher Gram's eigenvalues (PyTorch autograd) within rel 1e-2.
 */
const ROOT = join(process.cwd(), 'test-fixtures', 'onnx');
const NAMES = readdirSync(ROOT).filter((n) => existsSync(join(ROOT, n, 'model.onnx'))).sort();

interface PyTorchRecord {
  readonly head: 'softmax' | 'sigmoid';
  readonly headIn: 'node' | 'metadata';
  readonly dynamicBatch: boolean;
  readonly inputNchw: [number, number, number, number];
  readonly x: number[];
  readonly probabilities: number[];
  readonly fisherGramEigenvalues: number[];
  readonly jacobianTimesX: number[];
}

function fixture(name: string) {
  const dir = join(ROOT, name);
  const files = ['model.onnx', 'metadata.json'].filter((f) => existsSync(join(dir, f))).map((f) => ({ name: `${name}/${f}`, bytes: new Uint8Array(readFileSync(join(dir, f))) }));
  return { files, record: JSON.parse(readFileSync(join(dir, 'pytorch.json'), 'utf8')) as PyTorchRecord };
}

/** PyTorch's NCHW input as the analysis holds images: (H, W, Ch) values. */
function nhwcValues(record: PyTorchRecord): Float32Array {
  const [, c, h, w] = record.inputNchw;
  const out = new Float32Array(c * h * w);
  for (let ci = 0; ci < c; ci++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) out[(i * w + j) * c + ci] = record.x[(ci * h + i) * w + j];
  return out;
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

beforeAll(async () => {
  await useWasmBackendInNode();
});

describe.each(NAMES)('torchvision %s exported to ONNX', (name) => {
  it('matches PyTorch: probabilities (rel 1e-3), Fisher eigenvalues (rel 1e-2), J·x (rel 1e-3)', async () => {
    const { files, record } = fixture(name);
    const before = tf.memory().numTensors;
    const loaded = await loadClassifierFromFiles(files);
    const classifier = loaded.classifier;
    try {
      expect(classifier.info.format).toBe('onnx');
      expect(classifier.info.head).toBe(record.head);
      expect(classifier.info.headSource).toBe(record.headIn === 'node' ? 'activation' : 'metadata');
      expect(classifier.info.input.batch).toBe(record.dynamicBatch ? 'any' : 'one');
      const x = nhwcValues(record);
      const analysis = await analyzeImage(classifier, x);
      analysis.eigen.probabilities.forEach((p, i) => expect(relative(p, record.probabilities[i])).toBeLessThan(1e-3));
      const classes = record.probabilities.length;
      // A softmax Gram has rank C − 1: its last eigenvalue is zero in exact arithmetic.
      const nonzero = record.head === 'softmax' ? classes - 1 : classes;
      for (let i = 0; i < nonzero; i++) expect(relative(analysis.eigen.eigenvalues[i], record.fisherGramEigenvalues[i])).toBeLessThan(1e-2);
      // Directional derivatives from the engine's Jacobian (rows in NHWC order): J·x.
      for (let c = 0; c < classes; c++) {
        let s = 0;
        for (let k = 0; k < x.length; k++) s += analysis.jacobian[c * x.length + k] * x[k];
        expect(Math.abs(s - record.jacobianTimesX[c])).toBeLessThan(1e-3 * Math.max(...record.jacobianTimesX.map(Math.abs)));
      }
    } finally {
      classifier.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradients of an imported ViT', () => {
  it('match central finite differences of its own forward pass', async () => {
    const { files, record } = fixture('vit');
    const classifier: Classifier = (await loadClassifierFromFiles(files)).classifier;
    const [h, w, c] = classifier.info.inputShape;
    const x = tf.tensor4d(nhwcValues(record), [1, h, w, c]);
    const d = tf.tensor4d(Float32Array.from(randomArray(h * w * c, 31)), [1, h, w, c]);
    const step = 1e-2;
    const [analytic, numeric] = tf.tidy(() => {
      const grads = [0, 1, 2, 3, 4].map((k) => tf.sum(tf.mul(tf.grad((xi: tf.Tensor) => tf.sum(tf.slice(classifier.logits(xi as tf.Tensor4D), [0, k], [1, 1])))(x), d)));
      const difference = tf.div(tf.sub(classifier.logits(tf.add(x, tf.mul(d, step)) as tf.Tensor4D), classifier.logits(tf.sub(x, tf.mul(d, step)) as tf.Tensor4D)), 2 * step);
      return [tf.stack(grads), tf.reshape(difference, [-1])];
    });
    const a = await analytic.data();
    const n = await numeric.data();
    const scale = Math.max(...Array.from(a, Math.abs));
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - n[k])).toBeLessThan(1e-2 * scale);
    tf.dispose([analytic, numeric, x, d]);
    classifier.dispose();
  });
});
