import { describe, expect, it } from 'vitest';
import { fisherEigenAnalysis } from './fisherAnalysis';
import { roiFisherAnalysis } from './roiFisher';
import { symmetricEigen } from './symmetricEigen';
import type { HeadType } from './types';
import { matrixF64 } from './types';
import type { LinearModel } from './testing/linearSoftmax';
import { denseFisherByDefinition, linearLogits } from './testing/linearSoftmax';
import { randomArray, seededRandom } from './testing/seededRandom';

const N = 40;

function setup(head: HeadType, classes: number, seed: number) {
  const weights = Float64Array.from(Float32Array.from(randomArray(classes * N, seed, 0.4)));
  const model: LinearModel = { classes, inputSize: N, weights, bias: randomArray(classes, seed + 1, 0.3) };
  const x = randomArray(N, seed + 2, 1);
  const logits = linearLogits(model, x);
  const jacobian = { classes, inputSize: N, rows: Float32Array.from(weights) };
  const full = fisherEigenAnalysis({ jacobian, logits, head });
  return { model, x, logits, jacobian, full };
}

describe.each<[HeadType, number]>([
  ['softmax', 4],
  ['sigmoid', 3],
])('region-restricted Fisher of a linear %s model (%i outputs) against the dense P_M F P_M', (head, classes) => {
  const { model, x, logits, jacobian, full } = setup(head, classes, 31 + classes);
  const rng = seededRandom(5);
  const mask = Uint8Array.from({ length: N }, () => (rng.uniform() < 0.45 ? 1 : 0));
  const roi = roiFisherAnalysis({ jacobian, logits, head, mask, full });
  // F from its definition (finite-difference scores, expectation over outcomes), then projected.
  const dense = denseFisherByDefinition(model, x, head);
  const projected = dense.map((v, idx) => (mask[Math.floor(idx / N)] && mask[idx % N] ? v : 0));
  const denseEigen = symmetricEigen(matrixF64(N, N, projected));

  it('has the nonzero eigenvalues of the dense P_M F P_M (relative 1e-6) and nothing beyond them', () => {
    expect(roi.eigen.rank).toBe(head === 'softmax' ? classes - 1 : classes);
    for (let i = 0; i < roi.eigen.rank; i++) {
      expect(Math.abs(roi.eigen.eigenvalues[i] - denseEigen.values[i]) / denseEigen.values[i]).toBeLessThan(1e-6);
    }
    expect(Math.abs(denseEigen.values[roi.eigen.rank])).toBeLessThan(1e-6 * denseEigen.values[0]);
    // Restriction can only lose sensitivity: λ_i(F_M) ≤ λ_i(F) (Cauchy interlacing for P F P).
    for (let i = 0; i < roi.eigen.rank; i++) expect(roi.eigen.eigenvalues[i]).toBeLessThanOrEqual(full.eigenvalues[i] * (1 + 1e-12));
  });

  it('has eigenvectors that vanish outside M and satisfy P_M F P_M v = λ v', () => {
    const v = roi.eigen.imageEigenvectors;
    for (let i = 0; i < roi.eigen.modeCount; i++) {
      for (let k = 0; k < N; k++) if (!mask[k]) expect(v[i * N + k]).toBe(0);
      for (let r = 0; r < N; r++) {
        let fv = 0;
        for (let k = 0; k < N; k++) fv += projected[r * N + k] * v[i * N + k];
        expect(Math.abs(fv - roi.eigen.eigenvalues[i] * v[i * N + r])).toBeLessThan(1e-6 * full.eigenvalues[0]);
      }
    }
  });

  it('gives the region the share Σ_{k∈M} F_kk / tr F of the trace, and Σ_i λ_i ‖P_M v_i‖² = tr F_M', () => {
    let inside = 0;
    let total = 0;
    for (let k = 0; k < N; k++) {
      total += dense[k * N + k];
      if (mask[k]) inside += dense[k * N + k];
    }
    expect(Math.abs(roi.traceShare - inside / total)).toBeLessThan(1e-6);
    // tr(P F P) = Σ_i λ_i vᵢᵀ P vᵢ: the energies of the full-image modes weighted by their eigenvalues.
    const weighted = roi.energyInRoi.reduce((s, e, i) => s + full.eigenvalues[i] * e, 0);
    expect(Math.abs(weighted - roi.eigen.traceFisher) / roi.eigen.traceFisher).toBeLessThan(1e-9);
    // The complementary region holds the rest of each mode's energy.
    const complement = roiFisherAnalysis({ jacobian, logits, head, mask: mask.map((m) => 1 - m), full });
    for (let i = 0; i < full.modeCount; i++) expect(roi.energyInRoi[i] + complement.energyInRoi[i]).toBeCloseTo(1, 9);
    expect(roi.traceShare + complement.traceShare).toBeCloseTo(1, 9);
  });
});

describe('region-restricted Fisher: limiting regions', () => {
  const { logits, jacobian, full } = setup('softmax', 5, 77);

  it('M = the whole image gives the full spectrum, share 1 and every mode wholly inside', () => {
    const roi = roiFisherAnalysis({ jacobian, logits, head: 'softmax', mask: new Uint8Array(N).fill(1), full });
    for (let i = 0; i < 5; i++) expect(roi.eigen.eigenvalues[i]).toBe(full.eigenvalues[i]);
    expect(roi.traceShare).toBe(1);
    for (const e of roi.energyInRoi) expect(e).toBeCloseTo(1, 12);
    expect(roi.insideCount).toBe(N);
  });

  it('an empty region gives rank 0, share 0, no energy', () => {
    const roi = roiFisherAnalysis({ jacobian, logits, head: 'softmax', mask: new Uint8Array(N), full });
    expect(roi.eigen.rank).toBe(0);
    expect(roi.traceShare).toBe(0);
    for (const e of roi.energyInRoi) expect(e).toBe(0);
  });

  it('refuses a mask of the wrong size', () => {
    expect(() => roiFisherAnalysis({ jacobian, logits, head: 'softmax', mask: new Uint8Array(N - 1), full })).toThrow(/mask has 39 values/);
  });
});
