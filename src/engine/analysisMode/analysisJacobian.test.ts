import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/testing/seededRandom';
import type { Classifier } from '../classifier';
import { classifierFromArtifacts, LayersClassifier } from '../classifier';
import { logitJacobianBatched, weightedLogitGradients } from '../logitJacobian';
import { modelArtifacts, testImage } from '../testing/smallModels';
import { useWasmBackendInNode } from '../wasm/nodeWasmSetup';
import { analysisProgramOf } from './analysisJacobian';
import type { AnalysisTestArchitecture } from './testing/analysisTestModels';
import { buildAnalysisTestModel } from './testing/analysisTestModels';

/**
 * The analysis-mode Jacobian (model compiled for input gradients) against the plain tf.grad
 * Jacobian over tiled copies, against central finite differences, and for tensor hygiene, on cpu
 * and wasm.
 */
const SHAPE: [number, number, number] = [16, 16, 3];
const N = SHAPE[0] * SHAPE[1] * SHAPE[2];
const CLASSES = 5;

async function useBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') await useWasmBackendInNode();
  else await tf.setBackend('cpu');
}

async function load(arch: AnalysisTestArchitecture, head: 'softmax' | 'sigmoid' = 'softmax'): Promise<Classifier> {
  const model = buildAnalysisTestModel(arch, SHAPE, CLASSES, head, 7);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return classifierFromArtifacts(artifacts, null, arch);
}

/**
 * A classifier around a model whose output is taken as logits as it is, built without the loader,
 * whose probing backward pass uses plain tf.grad (which fails on BN without scale in TF.js 4.22).
 */
function direct(arch: AnalysisTestArchitecture): Classifier {
  const model = buildAnalysisTestModel(arch, SHAPE, CLASSES, 'linear', 7);
  return new LayersClassifier(model, {
    id: arch, title: arch, classes: Array.from({ length: CLASSES }, (_, i) => `c${i}`), head: 'softmax', headSource: 'metadata', inputShape: SHAPE,
    logitSource: 'model-logits', removedActivation: null, notice: null, format: 'layers-model',
    input: { declared: [null, ...SHAPE], batch: 'any', channels: 'last' }, operations: [], memory: { bytesPerCopy: 0, largestTensorBytesPerCopy: 0 },
  });
}

async function jacobian(classifier: Classifier, x: Float32Array, mode: 'analysis' | 'plain', chunk = 99): Promise<Float32Array> {
  const xt = tf.tensor4d(x, [1, ...SHAPE]);
  const j = logitJacobianBatched(classifier, xt, chunk, mode);
  const values = (await j.data()) as Float32Array;
  tf.dispose([xt, j]);
  return values;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const architectures: AnalysisTestArchitecture[] = ['mobile-like', 'dense-like', 'flatten-head'];

describe.each(['cpu', 'wasm'] as const)('analysis-mode Jacobian on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each(architectures)('%s: equals the plain tf.grad Jacobian', async (arch) => {
    const classifier = await load(arch);
    expect(typeof analysisProgramOf(classifier)).toBe('object');
    const x = testImage(N, 3);
    const plain = await jacobian(classifier, x, 'plain');
    const fast = await jacobian(classifier, x, 'analysis');
    classifier.dispose();
    expect(fast).toHaveLength(CLASSES * N);
    expect(maxAbs(plain)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(fast, plain)).toBeLessThan(2e-5 * maxAbs(plain));
  });

  it('gives the same rows in chunks, for weighted rows, and leaves the tensor count unchanged', async () => {
    const classifier = await load('mobile-like', 'sigmoid');
    const x = testImage(N, 4);
    const whole = await jacobian(classifier, x, 'analysis');
    const before = tf.memory().numTensors;
    const chunked = await jacobian(classifier, x, 'analysis', 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(whole, chunked)).toBeLessThan(1e-6 * maxAbs(whole));
    // A probability row p: its gradient is Jᵀp.
    const p = [0.1, 0.3, 0.2, 0.15, 0.25];
    const xt = tf.tensor4d(x, [1, ...SHAPE]);
    const w = tf.tensor2d([p], [1, CLASSES]);
    const gt = weightedLogitGradients(classifier, xt, w, 1, 'analysis');
    const g = await gt.data();
    tf.dispose([xt, w, gt]);
    expect(tf.memory().numTensors).toBe(before);
    const expected = Float32Array.from({ length: N }, (_, k) => p.reduce((s, pc, c) => s + pc * whole[c * N + k], 0));
    expect(maxAbsDiff(g, expected)).toBeLessThan(1e-5 * maxAbs(expected));
    classifier.dispose();
  });
});

describe('analysis-mode Jacobian against central finite differences (cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  // flatten-head max-pools a linear conv: windows whose winner changes within h make differences unreliable.
  it.each(['mobile-like', 'dense-like', 'scale-free-bn'] as const)('%s: J v matches (z(x + h v) − z(x − h v)) / 2h', async (arch) => {
    const classifier = arch === 'scale-free-bn' ? direct(arch) : await load(arch);
    const x = testImage(N, 5);
    const j = await jacobian(classifier, x, 'analysis');
    const rng = seededRandom(11);
    const h = 1e-2;
    for (let trial = 0; trial < 3; trial++) {
      const v = Float32Array.from({ length: N }, () => rng.normal() / Math.sqrt(N));
      const up = x.map((xi, k) => xi + h * v[k]);
      const down = x.map((xi, k) => xi - h * v[k]);
      const z = tf.tidy(() => classifier.logits(tf.tensor4d([...up, ...down], [2, ...SHAPE])).arraySync());
      const jv = Array.from({ length: CLASSES }, (_, c) => v.reduce((s, vk, k) => s + vk * j[c * N + k], 0));
      const scale = Math.max(...jv.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-3);
      // Truncation (relative 1e-2) plus float32 rounding of the logits divided by 2h.
      const rounding = (8 * 1.2e-7 * Math.max(...z.flat().map(Math.abs))) / (2 * h);
      for (let c = 0; c < CLASSES; c++) expect(Math.abs((z[0][c] - z[1][c]) / (2 * h) - jv[c])).toBeLessThan(1e-2 * scale + rounding);
    }
    classifier.dispose();
  });
});
