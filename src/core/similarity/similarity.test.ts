import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing/seededRandom';
import { averageRanks, spearman } from './spearman';
import { normalizedMagnitude, ssim } from './ssim';

describe('spearman', () => {
  it('is 1 for any increasing transform, −1 for a decreasing one', () => {
    const a = randomArray(50, 1);
    expect(spearman(a, a.map((v) => Math.exp(3 * v)))).toBeCloseTo(1, 14);
    expect(spearman(a, a.map((v) => -(v ** 3)))).toBeCloseTo(-1, 14);
  });

  it('matches 1 − 6 Σd² / (n(n² − 1)) without ties', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    expect(spearman(a, b)).toBeCloseTo(1 - (6 * 4) / (5 * 24), 14);
  });

  it('averages the ranks of ties; NaN for a constant map', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe('ssim', () => {
  const h = 24;
  const w = 20;
  const a = normalizedMagnitude(randomArray(h * w, 3));

  it('is 1 for identical maps and symmetric', () => {
    expect(ssim(a, a, h, w)).toBeCloseTo(1, 12);
    const b = normalizedMagnitude(randomArray(h * w, 4));
    expect(ssim(a, b, h, w)).toBeCloseTo(ssim(b, a, h, w), 14);
  });

  it('falls as noise is added, and is near 0 for independent noise', () => {
    const noisy = (level: number): Float32Array => Float32Array.from(a, (v, i) => v + level * randomArray(h * w, 9)[i]);
    const s1 = ssim(a, noisy(0.05), h, w);
    const s2 = ssim(a, noisy(0.3), h, w);
    expect(s1).toBeLessThan(1);
    expect(s2).toBeLessThan(s1);
    expect(Math.abs(ssim(a, normalizedMagnitude(randomArray(h * w, 77)), h, w))).toBeLessThan(0.2);
  });

  it('equals the closed form for two constant maps: (2μaμb + C1) / (μa² + μb² + C1)', () => {
    const c1 = 0.01 ** 2;
    const x = new Float32Array(h * w).fill(0.25);
    const y = new Float32Array(h * w).fill(0.75);
    expect(ssim(x, y, h, w)).toBeCloseTo((2 * 0.25 * 0.75 + c1) / (0.25 ** 2 + 0.75 ** 2 + c1), 6);
  });
});
