import { describe, expect, it } from 'vitest';
import { SATURATING_KL, complementWalkDirection, epsilonFromPosition, fisherQuadraticForm, positionFromEpsilon, secondOrderKl, walkRange, walkedInput } from './walk';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>, offset = 0): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[offset + i];
  return s;
};

describe('walk', () => {
  it('ranges ε by the image contrast or by the saturating step, whichever is smaller', () => {
    const x = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) + 3); // |x − x̄| = 10
    const flat = walkRange(x, 1e-6);
    expect(flat.limitedBy).toBe('image');
    expect(flat.epsilonMax).toBeCloseTo(10, 6);
    const sensitive = walkRange(x, 4);
    expect(sensitive.limitedBy).toBe('sensitivity');
    expect(secondOrderKl(sensitive.epsilonMax, 4)).toBeCloseTo(SATURATING_KL, 9);
    expect(walkRange(x, 0).saturatingStep).toBeNull();
    expect(walkRange(new Float32Array(16).fill(2), 0).epsilonMax).toBe(4); // a flat image falls back to √N
  });

  it('maps the slider quadratically and back', () => {
    expect(epsilonFromPosition(0, 5)).toBe(0);
    expect(epsilonFromPosition(1, 5)).toBe(5);
    expect(epsilonFromPosition(-0.5, 8)).toBe(-2);
    expect(epsilonFromPosition(3, 5)).toBe(5);
    for (const p of [-0.9, -0.1, 0.03, 0.7]) expect(positionFromEpsilon(epsilonFromPosition(p, 2.5), 2.5)).toBeCloseTo(p, 12);
  });

  it('steps the image along a direction', () => {
    expect(Array.from(walkedInput([1, 2], [0.5, -1], 2))).toEqual([2, 0]);
    expect(() => walkedInput([1, 2], [1], 1)).toThrow(RangeError);
  });

  it('draws a seeded unit direction orthogonal to the leading k modes', () => {
    const n = 50;
    // Two orthonormal modes: e_0 and (e_1 + e_2)/√2.
    const vectors = new Float64Array(2 * n);
    vectors[0] = 1;
    vectors[n + 1] = Math.SQRT1_2;
    vectors[n + 2] = Math.SQRT1_2;
    const d = complementWalkDirection(vectors, n, 2, 7);
    expect(dot(d, d)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(d, vectors, 0))).toBeLessThan(1e-12);
    expect(Math.abs(dot(d, vectors, n))).toBeLessThan(1e-12);
    expect(Array.from(complementWalkDirection(vectors, n, 2, 7))).toEqual(Array.from(d));
    expect(Array.from(complementWalkDirection(vectors, n, 2, 8))).not.toEqual(Array.from(d));
    // k = 1: orthogonal to v_1 only, so in general not to v_2.
    const d1 = complementWalkDirection(vectors, n, 1, 7);
    expect(Math.abs(dot(d1, vectors, 0))).toBeLessThan(1e-12);
  });

  it('computes dᵀFd over the modes', () => {
    const vectors = new Float64Array([1, 0, 0, 0, 1, 0]);
    expect(fisherQuadraticForm([1, 0, 0], vectors, [3, 2], 2, 3)).toBeCloseTo(3, 12);
    expect(fisherQuadraticForm([0.6, 0.8, 0], vectors, [3, 2], 2, 3)).toBeCloseTo(0.36 * 3 + 0.64 * 2, 12);
    expect(fisherQuadraticForm([0, 0, 1], vectors, [3, 2], 2, 3)).toBe(0);
  });
});
