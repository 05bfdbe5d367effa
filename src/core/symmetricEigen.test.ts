import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetricEigen';
import { matrixF64 } from './types';
import { randomArray } from './testing/seededRandom';

function randomSymmetric(n: number, seed: number): Float64Array {
  const r = randomArray(n * n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = r[i * n + j] + r[j * n + i];
  return a;
}

describe('symmetricEigen (cyclic Jacobi)', () => {
  it('returns a diagonal matrix’s entries, sorted descending, with unit vectors', () => {
    const { values, vectors } = symmetricEigen(matrixF64(3, 3, Float64Array.from([2, 0, 0, 0, -1, 0, 0, 0, 5])));
    expect(Array.from(values)).toEqual([5, 2, -1]);
    expect(Array.from(vectors.data)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
  });

  it('matches the closed form of a 2×2 symmetric matrix', () => {
    const [a, b, c] = [3.5, -1.25, 0.75];
    const mean = (a + c) / 2;
    const radius = Math.hypot((a - c) / 2, b);
    const { values, vectors } = symmetricEigen(matrixF64(2, 2, Float64Array.from([a, b, b, c])));
    expect(values[0]).toBeCloseTo(mean + radius, 14);
    expect(values[1]).toBeCloseTo(mean - radius, 14);
    // (A − λ₁ I) u₁ = 0 for the first column.
    const u = [vectors.data[0], vectors.data[2]];
    expect(Math.abs((a - values[0]) * u[0] + b * u[1])).toBeLessThan(1e-14);
  });

  it.each([5, 12, 40])('decomposes a random symmetric %i×%i matrix: A V = V Λ, VᵀV = I', (n) => {
    const a = randomSymmetric(n, 100 + n);
    const { values, vectors, sweeps } = symmetricEigen(matrixF64(n, n, a));
    expect(sweeps).toBeLessThan(20);
    let scale = 0;
    for (const v of a) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < n; i++) {
      if (i > 0) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[r * n + k] * vectors.data[k * n + i];
        expect(Math.abs(av - values[i] * vectors.data[r * n + i])).toBeLessThan(1e-12 * scale * n);
      }
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors.data[k * n + i] * vectors.data[k * n + j];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
    // Invariants: trace and Frobenius norm.
    let trace = 0;
    let frob = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    for (const v of a) frob += v * v;
    const sum = values.reduce((s, v) => s + v, 0);
    const sumSq = values.reduce((s, v) => s + v * v, 0);
    expect(sum).toBeCloseTo(trace, 9);
    expect(sumSq / frob).toBeCloseTo(1, 12);
  });

  it('resolves eigenvalues spanning 14 orders of magnitude to high relative accuracy', () => {
    // Q diag(λ) Qᵀ with a known orthogonal Q (a Givens product) and graded λ.
    const n = 4;
    const lambdas = [1, 1e-4, 1e-9, 1e-14];
    const q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) q[i * n + i] = 1;
    const givens = (p: number, r: number, angle: number): void => {
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      for (let k = 0; k < n; k++) {
        const a = q[k * n + p];
        const b = q[k * n + r];
        q[k * n + p] = c * a - s * b;
        q[k * n + r] = s * a + c * b;
      }
    };
    givens(0, 1, 0.3);
    givens(2, 3, 1.1);
    givens(1, 2, 0.7);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += q[i * n + k] * lambdas[k] * q[j * n + k];
    const { values } = symmetricEigen(matrixF64(n, n, a));
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1] / 1e-4).toBeCloseTo(1, 9);
    expect(values[2] / 1e-9).toBeCloseTo(1, 5);
  });

  it('refuses non-square and non-finite input', () => {
    expect(() => symmetricEigen(matrixF64(2, 3))).toThrow(/square/);
    expect(() => symmetricEigen(matrixF64(2, 2, Float64Array.from([1, NaN, NaN, 1])))).toThrow(/non-finite/);
  });
});
