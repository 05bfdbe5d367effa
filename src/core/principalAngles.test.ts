import { describe, expect, it } from 'vitest';
import { principalAngles } from './principalAngles';
import { randomArray } from './testing/seededRandom';

const N = 30;

/** k orthonormal rows by Gram–Schmidt on seeded random vectors. */
function orthonormalRows(k: number, seed: number, n = N): Float64Array {
  const out = randomArray(k * n, seed);
  for (let i = 0; i < k; i++) {
    const vi = out.subarray(i * n, (i + 1) * n);
    for (let j = 0; j < i; j++) {
      const vj = out.subarray(j * n, (j + 1) * n);
      const d = vi.reduce((s, v, t) => s + v * vj[t], 0);
      for (let t = 0; t < n; t++) vi[t] -= d * vj[t];
    }
    const norm = Math.hypot(...vi);
    for (let t = 0; t < n; t++) vi[t] /= norm;
  }
  return out;
}

describe('principal angles between subspaces', () => {
  // 2k orthonormal vectors: e_1…e_k span A; f_i = cos θ_i e_i + sin θ_i e_{k+i} span B.
  const k = 4;
  const basis = orthonormalRows(2 * k, 3);
  const theta = [0.3e-6, 0.2, 0.7, 1.2]; // radians, one tiny
  const a = basis.slice(0, k * N);
  const b = new Float64Array(k * N);
  for (let i = 0; i < k; i++) for (let t = 0; t < N; t++) b[i * N + t] = Math.cos(theta[i]) * basis[i * N + t] + Math.sin(theta[i]) * basis[(k + i) * N + t];

  it('recovers the angles of rotations by known angles, the tiny one included (relative 1e-8)', () => {
    const found = principalAngles(a, k, b, k, N);
    theta.forEach((t, i) => expect(Math.abs(found.radians[i] - t)).toBeLessThan(1e-8 * t + 1e-15));
    theta.forEach((t, i) => expect(found.degrees[i]).toBeCloseTo((t * 180) / Math.PI, 9));
    theta.forEach((t, i) => expect(found.cosines[i]).toBeCloseTo(Math.cos(t), 12));
  });

  it('does not depend on the bases chosen inside the subspaces (mix B’s rows by a rotation)', () => {
    const c = Math.cos(0.9);
    const s = Math.sin(0.9);
    const mixed = Float64Array.from(b);
    for (let t = 0; t < N; t++) {
      mixed[t] = c * b[t] - s * b[N + t];
      mixed[N + t] = s * b[t] + c * b[N + t];
    }
    const found = principalAngles(a, k, mixed, k, N);
    theta.forEach((t, i) => expect(Math.abs(found.radians[i] - t)).toBeLessThan(1e-8 * t + 1e-12));
  });

  it('gives 0 for identical subspaces and 90° for orthogonal ones', () => {
    const same = principalAngles(a, k, a, k, N);
    for (const d of same.degrees) expect(d).toBeLessThan(1e-6);
    const orthogonal = principalAngles(a, k, basis.slice(k * N), k, N);
    for (const d of orthogonal.degrees) expect(d).toBeCloseTo(90, 9);
  });

  it('returns min(ka, kb) angles: a line inside a plane is at 0°, a line at 30° to it at 30°', () => {
    const plane = basis.slice(0, 2 * N);
    const line = Float64Array.from({ length: N }, (_, t) => Math.cos(Math.PI / 6) * basis[N + t] + Math.sin(Math.PI / 6) * basis[5 * N + t]);
    expect(principalAngles(plane, 2, basis.slice(N, 2 * N), 1, N).degrees[0]).toBeLessThan(1e-6);
    expect(principalAngles(plane, 2, line, 1, N).degrees[0]).toBeCloseTo(30, 9);
    expect(principalAngles(line, 1, plane, 2, N).degrees[0]).toBeCloseTo(30, 9);
    expect(principalAngles(plane, 0, line, 1, N).degrees.length).toBe(0);
  });
});
