import { describe, expect, it } from 'vitest';
import { logSoftmax, logSigmoid } from './divergence';
import { fisherEigenAnalysis } from './fisherAnalysis';
import { NeighbourhoodFisherAccumulator, neighbourhoodLimits, neighbourhoodPoint } from './neighbourhoodFisher';
import { symmetricEigen } from './symmetricEigen';
import type { HeadType } from './types';
import { matrixF64 } from './types';
import { randomArray } from './testing/seededRandom';

/** A small nonlinear model z = W2 tanh(W1 x + b1) + b2 with its analytic Jacobian W2 diag(1 − h²) W1. */
const N = 12;
const H = 10;
function tanhMlp(classes: number, seed: number) {
  const w1 = randomArray(H * N, seed, 0.6);
  const b1 = randomArray(H, seed + 1, 0.3);
  const w2 = randomArray(classes * H, seed + 2, 0.8);
  const b2 = randomArray(classes, seed + 3, 0.2);
  const hidden = (x: ArrayLike<number>) =>
    Float64Array.from({ length: H }, (_, h) => Math.tanh(b1[h] + Array.from({ length: N }, (_, k) => w1[h * N + k] * x[k]).reduce((s, v) => s + v, 0)));
  const logits = (x: ArrayLike<number>) => {
    const hh = hidden(x);
    return Float64Array.from({ length: classes }, (_, c) => b2[c] + hh.reduce((s, v, h) => s + w2[c * H + h] * v, 0));
  };
  const jacobian = (x: ArrayLike<number>) => {
    const hh = hidden(x);
    const j = new Float32Array(classes * N);
    for (let c = 0; c < classes; c++) for (let k = 0; k < N; k++) {
      let s = 0;
      for (let h = 0; h < H; h++) s += w2[c * H + h] * (1 - hh[h] * hh[h]) * w1[h * N + k];
      j[c * N + k] = s;
    }
    return j;
  };
  return { classes, logits, jacobian };
}

/** F(x) from its definition: E_y[score scoreᵀ], scores by central differences of log p(y|x). */
function denseFisher(model: ReturnType<typeof tanhMlp>, x: ArrayLike<number>, head: HeadType, h = 1e-5): Float64Array {
  const c = model.classes;
  const outcomes = head === 'softmax' ? Array.from({ length: c }, (_, i) => [i]) : Array.from({ length: 1 << c }, (_, m) => Array.from({ length: c }, (_, i) => (m >> i) & 1));
  const logLik = (xx: ArrayLike<number>, y: number[]) => {
    const z = model.logits(xx);
    if (head === 'softmax') return logSoftmax(z)[y[0]];
    return y.reduce((s, yi, i) => s + (yi ? logSigmoid(z[i]) : logSigmoid(-z[i])), 0);
  };
  const f = new Float64Array(N * N);
  const xp = Float64Array.from(x);
  for (const y of outcomes) {
    const py = Math.exp(logLik(x, y));
    const score = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      const orig = xp[k];
      xp[k] = orig + h;
      const up = logLik(xp, y);
      xp[k] = orig - h;
      const down = logLik(xp, y);
      xp[k] = orig;
      score[k] = (up - down) / (2 * h);
    }
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) f[i * N + j] += py * score[i] * score[j];
  }
  return f;
}

function accumulate(model: ReturnType<typeof tanhMlp>, head: HeadType, x: Float64Array, samples: number, sigma: number, seed: number) {
  const acc = new NeighbourhoodFisherAccumulator(head, model.classes, N, samples);
  const points: Float32Array[] = [];
  for (let m = 0; m < samples; m++) {
    const xm = neighbourhoodPoint(x, sigma, seed, m);
    points.push(xm);
    acc.add({ jacobian: model.jacobian(xm), logits: model.logits(xm) });
  }
  return { result: acc.result(), points };
}

describe.each<[HeadType, number]>([
  ['softmax', 3],
  ['sigmoid', 2],
])('neighbourhood-averaged Fisher of a tanh MLP (%s, %i outputs)', (head, classes) => {
  const model = tanhMlp(classes, 40 + classes);
  const x = randomArray(N, 3, 1);

  it('has the eigenvalues and eigenvectors of the dense (1/M) Σ F(x + σξ_m) built from the definition', () => {
    const samples = 3;
    const { result, points } = accumulate(model, head, x, samples, 0.4, 17);
    const average = new Float64Array(N * N);
    for (const xm of points) denseFisher(model, Float64Array.from(xm), head).forEach((v, i) => (average[i] += v / samples));
    const dense = symmetricEigen(matrixF64(N, N, average));
    const expectedRank = samples * (head === 'softmax' ? classes - 1 : classes);
    expect(result.rank).toBe(expectedRank);
    for (let i = 0; i < expectedRank; i++) expect(Math.abs(result.eigenvalues[i] - dense.values[i]) / dense.values[i]).toBeLessThan(1e-5);
    expect(Math.abs(dense.values[expectedRank])).toBeLessThan(1e-6 * dense.values[0]);
    let trace = 0;
    for (let i = 0; i < N; i++) trace += average[i * N + i];
    expect(Math.abs(result.traceFisher - trace) / trace).toBeLessThan(1e-6);
    for (let i = 0; i < result.modeCount; i++) {
      const v = result.imageEigenvectors.subarray(i * N, (i + 1) * N);
      expect(v.reduce((s, t) => s + t * t, 0)).toBeCloseTo(1, 9);
      for (let r = 0; r < N; r++) {
        const fv = v.reduce((s, t, k) => s + average[r * N + k] * t, 0);
        expect(Math.abs(fv - result.eigenvalues[i] * v[r])).toBeLessThan(1e-5 * result.eigenvalues[0]);
      }
    }
  });

  it('M = 1, σ = 0 is the point iFIM', () => {
    const { result } = accumulate(model, head, x, 1, 0, 1);
    const xf = Float32Array.from(x);
    const point = fisherEigenAnalysis({ jacobian: { classes, inputSize: N, rows: model.jacobian(xf) }, logits: model.logits(xf), head });
    expect(result.rank).toBe(point.rank);
    for (let i = 0; i < point.rank; i++) expect(result.eigenvalues[i]).toBeCloseTo(point.eigenvalues[i], 12);
    for (let i = 0; i < point.modeCount; i++) {
      let dot = 0;
      for (let k = 0; k < N; k++) dot += result.imageEigenvectors[i * N + k] * point.imageEigenvectors[i * N + k];
      expect(Math.abs(dot)).toBeCloseTo(1, 9);
    }
  });
});

describe('neighbourhood-averaged Fisher of a binary classifier', () => {
  it('lifts the rank-1 limit: rank 1 at the point, rank M in a neighbourhood of M ≥ 2 points', () => {
    const model = tanhMlp(2, 90);
    const x = randomArray(N, 4, 1);
    expect(accumulate(model, 'softmax', x, 1, 0, 1).result.rank).toBe(1);
    for (const samples of [2, 4]) expect(accumulate(model, 'softmax', x, samples, 0.5, 8).result.rank).toBe(samples);
  });
});

describe('neighbourhood sampling and limits', () => {
  it('draws the same points for the same seed, different ones for another seed, x itself for σ = 0', () => {
    const x = randomArray(8, 1);
    expect(Array.from(neighbourhoodPoint(x, 0.3, 5, 2))).toEqual(Array.from(neighbourhoodPoint(x, 0.3, 5, 2)));
    expect(Array.from(neighbourhoodPoint(x, 0.3, 5, 2))).not.toEqual(Array.from(neighbourhoodPoint(x, 0.3, 6, 2)));
    expect(Array.from(neighbourhoodPoint(x, 0.3, 5, 2))).not.toEqual(Array.from(neighbourhoodPoint(x, 0.3, 5, 3)));
    expect(Array.from(neighbourhoodPoint(x, 0, 5, 2))).toEqual(Array.from(Float32Array.from(x)));
  });

  it('refuses, before any work, a Gram or a store beyond the limits, naming the largest M that fits', () => {
    expect(neighbourhoodLimits(48, 5, 4096)).toBeNull();
    expect(neighbourhoodLimits(200, 5, 16)).toMatch(/M ≤ 51/);
    expect(neighbourhoodLimits(16, 14, 512 * 512 * 3)).toMatch(/MiB.*M ≤ 12/);
    expect(() => new NeighbourhoodFisherAccumulator('softmax', 5, 16, 200)).toThrow(/exceeds/);
  });
});
