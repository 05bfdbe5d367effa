import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../wasm/wasmTestUtils';
import { useWasmBackendInNode } from '../wasm/nodeWasmSetup';
import { registerAvgPoolGradient } from './avgPoolGradient';

/**
 * ∂/∂x Σ w ⊙ avgPool(x) against its closed form: each output o spreads w[o] / count(o) over the
 * count(o) real inputs of its window (padding excluded, as the forward pass divides).
 */
function expectedGradient(h: number, w: number, c: number, k: number, s: number, pad: 'same' | 'valid', weights: Float32Array): { grad: Float64Array; outH: number; outW: number } {
  const outH = pad === 'same' ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
  const outW = pad === 'same' ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1;
  const padTop = pad === 'same' ? Math.floor(Math.max(0, (outH - 1) * s + k - h) / 2) : 0;
  const padLeft = pad === 'same' ? Math.floor(Math.max(0, (outW - 1) * s + k - w) / 2) : 0;
  const grad = new Float64Array(h * w * c);
  for (let oh = 0; oh < outH; oh++)
    for (let ow = 0; ow < outW; ow++) {
      const rows: number[] = [];
      const cols: number[] = [];
      for (let i = 0; i < k; i++) {
        const r = oh * s - padTop + i;
        if (r >= 0 && r < h) rows.push(r);
        const q = ow * s - padLeft + i;
        if (q >= 0 && q < w) cols.push(q);
      }
      const count = rows.length * cols.length;
      for (const r of rows) for (const q of cols) for (let ch = 0; ch < c; ch++) grad[(r * w + q) * c + ch] += weights[(oh * outW + ow) * c + ch] / count;
    }
  return { grad, outH, outW };
}

const CASES: Array<[number, number, number, 'same' | 'valid']> = [
  [7, 3, 1, 'same'],
  [8, 3, 2, 'same'],
  [7, 2, 2, 'same'],
  [6, 2, 2, 'valid'],
  [9, 1, 2, 'valid'],
];

async function useBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  if (backend === 'wasm') await useWasmBackendInNode();
  else await tf.setBackend('cpu');
}

/** max |TF.js gradient − closed form| for one case on the current backend. */
async function gradientError(size: number, k: number, s: number, pad: 'same' | 'valid'): Promise<number> {
  const rand = seededRandom(size * 10 + k);
  const c = 2;
  const x = tf.tensor4d(Float32Array.from({ length: size * size * c }, () => rand()), [1, size, size, c]);
  const outShape = tf.tidy(() => tf.avgPool(x, k, s, pad).shape);
  const weights = Float32Array.from({ length: outShape[1] * outShape[2] * c }, () => rand());
  const wt = tf.tensor4d(weights, outShape);
  const { grad } = expectedGradient(size, size, c, k, s, pad, weights);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, k, s, pad), wt)))(x);
  const v = await g.data();
  tf.dispose([g, x, wt]);
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] - grad[i]));
  return m;
}

// In file order: TF.js's own gradient first, then the registered correction (the registry is global).
describe.each(['cpu', 'wasm'] as const)('TF.js alone on %s', (backend) => {
  it('is wrong where a window overlaps the padding, right where none does', async () => {
    await useBackend(backend);
    expect(await gradientError(7, 3, 1, 'same')).toBeGreaterThan(0.05);
    expect(await gradientError(6, 2, 2, 'valid')).toBeLessThan(1e-6);
  });
});

describe.each(['cpu', 'wasm'] as const)('corrected, on %s', (backend) => {
  it.each(CASES)('%i², pool %i, stride %i, %s: exact, no tensor left behind', async (size, k, s, pad) => {
    await useBackend(backend);
    registerAvgPoolGradient();
    const before = tf.memory().numTensors;
    expect(await gradientError(size, k, s, pad)).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
