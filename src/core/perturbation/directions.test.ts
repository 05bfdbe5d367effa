import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing/seededRandom';
import { complementDirection, isotropicDirection, leadingDirection, norm2, randomSubspaceComponent, secondOrderKlCoefficient } from './directions';
import type { ModeBasis } from './directions';
import { PERTURBATION_FAMILIES, logEpsilonGrid, planDirections } from './plan';
import { seededRng } from './seededRng';

const N = 40;

/** R orthonormal rows by Gram–Schmidt on seeded Gaussians. */
function orthonormalModes(count: number, seed: number): ModeBasis {
  const vectors = new Float64Array(count * N);
  for (let i = 0; i < count; i++) {
    const v = randomArray(N, seed + i);
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let t = 0; t < N; t++) dot += v[t] * vectors[j * N + t];
        for (let t = 0; t < N; t++) v[t] -= dot * vectors[j * N + t];
      }
    }
    const n = norm2(v);
    for (let t = 0; t < N; t++) vectors[i * N + t] = v[t] / n;
  }
  return { vectors, count, inputSize: N };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>, offset = 0): number => {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t] * b[offset + t];
  return s;
};

describe('perturbation directions', () => {
  const modes = orthonormalModes(4, 3);

  it('leading: a unit vector in span(v_1 … v_k) whose coordinates are the weights u', () => {
    const { direction, weights } = leadingDirection(modes, 3, seededRng(5));
    expect(norm2(direction)).toBeCloseTo(1, 12);
    expect(norm2(weights)).toBeCloseTo(1, 12);
    for (let i = 0; i < 3; i++) expect(dot(direction, modes.vectors, i * N)).toBeCloseTo(weights[i], 12);
    expect(Math.abs(dot(direction, modes.vectors, 3 * N))).toBeLessThan(1e-12);
  });

  it('½ Σ u_i² λ_i equals ½ δᵀFδ for F = Σ λ_i v_i v_iᵀ (no cross terms, not ½ λ_1)', () => {
    const lambdas = [5, 2, 0.5, 0.1];
    const { direction, weights } = leadingDirection(modes, 3, seededRng(11));
    let quadratic = 0;
    for (let i = 0; i < 4; i++) quadratic += lambdas[i] * dot(direction, modes.vectors, i * N) ** 2;
    expect(secondOrderKlCoefficient(weights, lambdas)).toBeCloseTo(0.5 * quadratic, 12);
    expect(secondOrderKlCoefficient(weights, lambdas)).toBeLessThan(0.5 * lambdas[0]);
  });

  it('complement: a unit vector orthogonal to every mode; isotropic: a unit vector', () => {
    for (let seed = 0; seed < 5; seed++) {
      const d = complementDirection(modes, seededRng(seed));
      expect(norm2(d)).toBeCloseTo(1, 12);
      for (let i = 0; i < 4; i++) expect(Math.abs(dot(d, modes.vectors, i * N))).toBeLessThan(1e-13);
      expect(norm2(isotropicDirection(N, seededRng(seed)))).toBeCloseTo(1, 12);
    }
  });

  it('random-subspace component is an orthogonal projection of x (idempotent, residual orthogonal)', () => {
    const x = randomArray(N, 99);
    const c = randomSubspaceComponent(x, 3, seededRng(1));
    const residual = x.map((v, t) => v - c[t]);
    expect(Math.abs(dot(residual, c))).toBeLessThan(1e-10);
    expect(norm2(c)).toBeLessThan(norm2(x));
  });

  it('the same seed gives the same draws', () => {
    expect(Array.from(complementDirection(modes, seededRng(42)))).toEqual(Array.from(complementDirection(modes, seededRng(42))));
    expect(Array.from(complementDirection(modes, seededRng(42)))).not.toEqual(Array.from(complementDirection(modes, seededRng(43))));
  });
});

describe('planDirections', () => {
  const modes = orthonormalModes(3, 21);
  const x = randomArray(N, 7);
  const plan = planDirections({ x, modes, eigenvalues: [3, 1, 0.2], k: 2, draws: 4, seed: 1 });

  it('draws every family: R draws each, one for removal-leading', () => {
    const count = (f: string): number => plan.directions.filter((d) => d.family === f).length;
    expect(PERTURBATION_FAMILIES.map(count)).toEqual([4, 4, 4, 1, 4]);
    expect(plan.kUsed).toBe(2);
  });

  it('removals have equal norm |x_high(k)|; removal-leading leaves x_low(k)', () => {
    const coefficients = [0, 1].map((i) => dot(x, modes.vectors, i * N));
    expect(plan.highNorm).toBeCloseTo(Math.hypot(...coefficients), 12);
    for (const d of plan.directions.filter((p) => p.family.startsWith('removal'))) expect(norm2(d.direction)).toBeCloseTo(plan.highNorm, 10);
    const removal = plan.directions.find((d) => d.family === 'removal-leading')!;
    const low = x.map((v, t) => v + removal.direction[t]);
    for (let i = 0; i < 2; i++) expect(Math.abs(dot(low, modes.vectors, i * N))).toBeLessThan(1e-12);
    expect(dot(low, modes.vectors, 2 * N)).toBeCloseTo(dot(x, modes.vectors, 2 * N), 12);
  });

  it('clamps k to the modes and skips mode families at rank 0', () => {
    expect(planDirections({ x, modes, eigenvalues: [3, 1, 0.2], k: 9, draws: 1, seed: 1 }).kUsed).toBe(3);
    const none = planDirections({ x, modes: { vectors: new Float64Array(0), count: 0, inputSize: N }, eigenvalues: [], k: 1, draws: 2, seed: 1 });
    expect(none.kUsed).toBe(0);
    expect(none.skipped.map((s) => s.family)).toEqual(['leading', 'removal-leading', 'removal-random']);
    expect(new Set(none.directions.map((d) => d.family))).toEqual(new Set(['complement', 'isotropic']));
  });

  it('log ε grid: evenly spaced in log10, ends included', () => {
    expect(logEpsilonGrid(1e-3, 1e2, 11)).toEqual([0.001, 0.00316228, 0.01, 0.0316228, 0.1, 0.316228, 1, 3.16228, 10, 31.6228, 100]);
    expect(() => logEpsilonGrid(0, 1, 3)).toThrow();
  });
});
