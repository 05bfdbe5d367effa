import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage } from './analyzeImage';
import type { Classifier } from './classifier';
import { logitJacobianBatched, logitJacobianPerClass } from './logitJacobian';
import { smallClassifier, testImage } from './testing/smallModels';
import { useWasmBackendInNode } from './wasm/nodeWasmSetup';

const SHAPE: [number, number, number] = [12, 12, 2];
const N = SHAPE[0] * SHAPE[1] * SHAPE[2];

async function jacobianOn(backend: 'cpu' | 'wasm', build: () => Promise<Classifier>, x: Float32Array, mode: 'batched' | 'loop', chunk = 99): Promise<Float32Array> {
  if (backend === 'wasm') await useWasmBackendInNode();
  else await tf.setBackend('cpu');
  const classifier = await build();
  const xt = tf.tensor4d(x, [1, ...SHAPE]);
  const j = mode === 'batched' ? logitJacobianBatched(classifier, xt, chunk) : logitJacobianPerClass(classifier, xt);
  const values = (await j.data()) as Float32Array;
  j.dispose();
  xt.dispose();
  classifier.dispose();
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

describe.each(['tanh-cnn', 'relu-bn-pool-cnn'] as const)('logit Jacobian of a %s', (arch) => {
  const build = () => smallClassifier(arch, SHAPE, 4, 'softmax');
  const x = testImage(N, 3);

  it('batched (one pass over C tiled copies) equals the per-class loop, on cpu and wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      const batched = await jacobianOn(backend, build, x, 'batched');
      const loop = await jacobianOn(backend, build, x, 'loop');
      expect(maxAbs(batched)).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(batched, loop)).toBeLessThan(1e-6 * maxAbs(loop));
    }
  });

  it('chunked batches give the same Jacobian', async () => {
    const whole = await jacobianOn('cpu', build, x, 'batched', 4);
    const chunked = await jacobianOn('cpu', build, x, 'batched', 3);
    expect(maxAbsDiff(whole, chunked)).toBeLessThan(1e-6 * maxAbs(whole));
  });

  it('the wasm backend agrees with cpu (pooling over negative inputs included)', async () => {
    const cpu = await jacobianOn('cpu', build, x, 'batched');
    const wasm = await jacobianOn('wasm', build, x, 'batched');
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-5 * maxAbs(cpu));
  });
});

describe('logit Jacobian against central finite differences', () => {
  let classifier: Classifier;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    classifier = await smallClassifier('tanh-cnn', SHAPE, 3, 'softmax');
  });
  afterAll(() => classifier.dispose());

  it('matches (z(x + h e_k) − z(x − h e_k)) / 2h at sampled pixels', async () => {
    const x = testImage(N, 5);
    const xt = tf.tensor4d(x, [1, ...SHAPE]);
    const jt = logitJacobianBatched(classifier, xt, 3);
    const j = await jt.data();
    tf.dispose([xt, jt]);
    const scale = maxAbs(j);
    const h = 1e-2;
    const pixels = [0, 7, 41, 100, 143, 200, 287];
    for (const k of pixels) {
      const up = Float32Array.from(x);
      const down = Float32Array.from(x);
      up[k] += h;
      down[k] -= h;
      const z = tf.tidy(() => classifier.logits(tf.tensor4d([...up, ...down], [2, ...SHAPE])).arraySync());
      for (let c = 0; c < 3; c++) {
        const fd = (z[0][c] - z[1][c]) / (2 * h);
        expect(Math.abs(fd - j[c * N + k])).toBeLessThan(2e-3 * scale);
      }
    }
  });
});

describe('tensor hygiene', () => {
  it('leaves tf.memory().numTensors where it found it after 20 analyses in a row', async () => {
    await useWasmBackendInNode();
    const classifier = await smallClassifier('relu-bn-pool-cnn', SHAPE, 4, 'softmax');
    const x = testImage(N, 8);
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await analyzeImage(classifier, x, { jacobianBudgetBytes: 1 });
    expect(tf.memory().numTensors).toBe(baseline);
    classifier.dispose();
  });
});
