import { describe, expect, it } from 'vitest';
import { klFromLogits } from './divergence';
import { fisherEigenAnalysis } from './fisherAnalysis';
import { fisherWeightMatrix } from './fisherWeights';
import { fisherGramFromLogitGram } from './fisherGram';
import { logitGramFromJacobian } from './logitGram';
import { symmetricEigen } from './symmetricEigen';
import type { HeadType } from './types';
import { matrixF64 } from './types';
import { randomArray } from './testing/seededRandom';
import type { LinearModel } from './testing/linearSoftmax';
import { denseFisherByDefinition, linearLogits } from './testing/linearSoftmax';

const N = 48;

function linearModel(classes: number, seed: number, scale = 0.4): LinearModel {
  return { classes, inputSize: N, weights: randomArray(classes * N, seed, scale), bias: randomArray(classes, seed + 1, 0.3) };
}

function analyse(model: LinearModel, x: Float64Array, head: HeadType) {
  const logits = linearLogits(model, x);
  // For a linear model the logit Jacobian is W exactly.
  const jacobian = { classes: model.classes, inputSize: N, rows: Float32Array.from(model.weights) };
  const w32 = Float64Array.from(jacobian.rows); // the float32-rounded W the analysis actually sees
  return { eigen: fisherEigenAnalysis({ jacobian, logits, head }), logits, w32 };
}

describe.each<[HeadType, number]>([
  ['softmax', 4],
  ['softmax', 2],
  ['sigmoid', 3],
])('iFIM of a linear %s model with %i outputs', (head, classes) => {
  const model = linearModel(classes, 11 * classes + (head === 'softmax' ? 0 : 5));
  const x = randomArray(N, 7, 1);
  const { eigen, logits, w32 } = analyse(model, x, head);
  const modelF32 = { ...model, weights: w32 };
  const dense = denseFisherByDefinition(modelF32, x, head);

  it('has the eigenvalues of the dense N×N Fisher built from its definition (relative error < 1e-6)', () => {
    const denseEigen = symmetricEigen(matrixF64(N, N, dense));
    for (let i = 0; i < eigen.rank; i++) {
      expect(Math.abs(eigen.eigenvalues[i] - denseEigen.values[i]) / denseEigen.values[i]).toBeLessThan(1e-6);
    }
    // …and the dense Fisher has nothing beyond the Gram eigenvalues.
    const rest = denseEigen.values.slice(eigen.rank).reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    expect(rest).toBeLessThan(1e-6 * denseEigen.values[0]);
  });

  it('agrees with the dense Fisher in tr F and tr F² (no eigensolver involved)', () => {
    let trace = 0;
    let traceSq = 0;
    for (let i = 0; i < N; i++) trace += dense[i * N + i];
    for (let i = 0; i < N * N; i++) traceSq += dense[i] * dense[i];
    const sum = eigen.eigenvalues.reduce((s, v) => s + v, 0);
    const sumSq = eigen.eigenvalues.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(sum - trace) / trace).toBeLessThan(1e-7);
    expect(Math.abs(sumSq - traceSq) / traceSq).toBeLessThan(1e-7);
    expect(eigen.traceFisher).toBeCloseTo(sum, 12);
  });

  it('has the rank the head allows: softmax C − 1, sigmoid C', () => {
    expect(eigen.rank).toBe(head === 'softmax' ? classes - 1 : classes);
    if (head === 'softmax') {
      const sqrtP = Array.from(eigen.probabilities, Math.sqrt);
      for (let i = 0; i < classes; i++) {
        let ki = 0;
        for (let j = 0; j < classes; j++) ki += eigen.fisherGram.data[i * classes + j] * sqrtP[j];
        expect(Math.abs(ki)).toBeLessThan(1e-12 * eigen.eigenvalues[0]);
      }
    }
  });

  it('gives orthonormal image-space eigenvectors with F v = λ v', () => {
    const { imageEigenvectors: v, modeCount } = eigen;
    expect(modeCount).toBe(eigen.rank);
    for (let i = 0; i < modeCount; i++) {
      for (let j = 0; j < modeCount; j++) {
        let dot = 0;
        for (let k = 0; k < N; k++) dot += v[i * N + k] * v[j * N + k];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-9);
      }
      for (let r = 0; r < N; r++) {
        let fv = 0;
        for (let k = 0; k < N; k++) fv += dense[r * N + k] * v[i * N + k];
        expect(Math.abs(fv - eigen.eigenvalues[i] * v[i * N + r])).toBeLessThan(1e-6 * eigen.eigenvalues[0]);
      }
    }
  });

  it('predicts the KL divergence to second order: KL(p(x) ‖ p(x + ε v_i)) ≈ ½ ε² λ_i', () => {
    const epsilon = 1e-3;
    for (let i = 0; i < eigen.modeCount; i++) {
      const moved = x.map((xk, k) => xk + epsilon * eigen.imageEigenvectors[i * N + k]);
      const kl = klFromLogits(head, logits, linearLogits(modelF32, moved));
      expect(kl / (0.5 * epsilon * epsilon * eigen.eigenvalues[i])).toBeCloseTo(1, 2);
    }
  });
});

describe('Gram construction', () => {
  it('K = A J Jᵀ Aᵀ equals Gᵀ G with G built column by column from the scores', () => {
    const c = 3;
    const n = 5;
    const j = Float32Array.from(randomArray(c * n, 3));
    const p = [0.2, 0.5, 0.3];
    const k = fisherGramFromLogitGram(logitGramFromJacobian({ classes: c, inputSize: n, rows: j }), fisherWeightMatrix('softmax', p));
    // Column c of G: √p_c (∇z_c − Σ_j p_j ∇z_j).
    const g: number[][] = [];
    for (let col = 0; col < c; col++) {
      g.push(Array.from({ length: n }, (_, t) => Math.sqrt(p[col]) * (j[col * n + t] - p.reduce((s, pj, jj) => s + pj * j[jj * n + t], 0))));
    }
    for (let a = 0; a < c; a++) {
      for (let b = 0; b < c; b++) {
        const gtg = g[a].reduce((s, v, t) => s + v * g[b][t], 0);
        expect(k.data[a * c + b]).toBeCloseTo(gtg, 12);
      }
    }
  });

  it('has rank zero when the output does not depend on the input', () => {
    const eigen = fisherEigenAnalysis({ jacobian: { classes: 3, inputSize: 4, rows: new Float32Array(12) }, logits: [0, 1, 2], head: 'softmax' });
    expect(eigen.rank).toBe(0);
    expect(eigen.modeCount).toBe(0);
    expect(eigen.imageEigenvectors.length).toBe(0);
  });

  it('keeps directions for saturated predictions: λ tiny, v_i still unit vectors', () => {
    const model = linearModel(3, 5);
    const x = randomArray(N, 9, 1);
    const logits = linearLogits(model, x);
    logits[0] += 60; // p ≈ one-hot
    const eigen = fisherEigenAnalysis({ jacobian: { classes: 3, inputSize: N, rows: Float32Array.from(model.weights) }, logits, head: 'softmax' });
    expect(eigen.eigenvalues[0]).toBeLessThan(1e-20);
    expect(eigen.eigenvalues[0]).toBeGreaterThan(0);
    expect(eigen.rank).toBe(2);
    let norm = 0;
    for (let k = 0; k < N; k++) norm += eigen.imageEigenvectors[k] ** 2;
    expect(norm).toBeCloseTo(1, 9);
  });
});
