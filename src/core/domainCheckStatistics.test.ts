import { describe, expect, it } from 'vitest';
import { channelMoments, intensityDistance, meanChroma, normalisedEntropy, quantileFunction, roughness, wasserstein1ToQuantiles } from './domainCheckStatistics';
import { seededRandom } from './testing/seededRandom';

describe('wasserstein1ToQuantiles (closed forms)', () => {
  const uniform01 = [0, 1]; // quantile function t ↦ t: the uniform distribution on [0, 1]

  it('a point mass at c against U[0, 1] is ∫|c − t| dt = c² − c + ½ for c in [0, 1], |c − ½| outside', () => {
    for (const c of [0, 0.25, 0.5, 0.9, 1]) expect(wasserstein1ToQuantiles([c], uniform01)).toBeCloseTo(c * c - c + 0.5, 12);
    expect(wasserstein1ToQuantiles([3], uniform01)).toBeCloseTo(2.5, 12);
    expect(wasserstein1ToQuantiles([-2], uniform01)).toBeCloseTo(2.5, 12);
  });

  it('two point masses {0, 1} against U[0, 1]: ∫₀^½ t dt + ∫_½^1 (1 − t) dt = ¼', () => {
    expect(wasserstein1ToQuantiles([1, 0], uniform01)).toBeCloseTo(0.25, 12);
  });

  it('n evenly spaced values shifted by s ≥ 1/(2n) against U[0, 1]: exactly s (the cells are symmetric)', () => {
    const n = 40;
    for (const s of [0.05, 0.3, 2]) {
      const values = Array.from({ length: n }, (_, i) => (i + 0.5) / n + s);
      expect(wasserstein1ToQuantiles(values, uniform01)).toBeCloseTo(s, 12);
    }
  });

  it('against a two-step quantile function (U[0,1] with mass ½, U[1,3] with mass ½), a point mass at 1: ½·½ + ½·1 = ¾', () => {
    // Q(t) = 2t on [0, ½], 1 + 4(t − ½) on [½, 1]: ∫₀^½ (1 − 2t) dt + ∫_½^1 4(t − ½) dt = ¼ + ½.
    expect(wasserstein1ToQuantiles([1], [0, 1, 3])).toBeCloseTo(0.75, 12);
  });

  it('equals ∫₀¹ |Q_image(t) − Q_training(t)| dt by a fine midpoint rule, with breakpoints that do not line up', () => {
    const rng = seededRandom(7);
    const a = Array.from({ length: 25 }, () => rng.normal());
    const levels = Array.from({ length: 8 }, () => 0.5 + 2 * rng.normal()).sort((x, y) => x - y); // 7 steps
    const sa = [...a].sort((x, y) => x - y);
    const steps = 7;
    let brute = 0;
    const grid = 700_000;
    for (let j = 0; j < grid; j++) {
      const t = (j + 0.5) / grid;
      const qa = sa[Math.min(24, Math.floor(t * 25))];
      const s = Math.min(steps - 1, Math.floor(t * steps));
      const ql = levels[s] + (levels[s + 1] - levels[s]) * (t * steps - s);
      brute += Math.abs(qa - ql) / grid;
    }
    expect(wasserstein1ToQuantiles(a, levels)).toBeCloseTo(brute, 6);
  });

  it('is near zero for a sample against its own quantile function: at most 2·(max − min)/n from the interpolation', () => {
    const rng = seededRandom(3);
    const values = Array.from({ length: 2001 }, () => rng.normal());
    const q = quantileFunction(values, 2000);
    const range = Math.max(...values) - Math.min(...values);
    expect(wasserstein1ToQuantiles(values, q)).toBeLessThan((2 * range) / values.length);
    expect(wasserstein1ToQuantiles(values.map((v) => v + 0.7), q)).toBeCloseTo(0.7, 2);
  });

  it('refuses empty inputs', () => {
    expect(() => wasserstein1ToQuantiles([], [0, 1])).toThrow(RangeError);
    expect(() => wasserstein1ToQuantiles([0], [0])).toThrow(RangeError);
  });
});

describe('image statistics', () => {
  it('intensityDistance takes the largest channel', () => {
    // two channels: channel 0 matches U[0,1] at ½ … channel 1 is shifted by 5
    const x = [0.5, 5.5, 0.5, 5.5];
    const d = intensityDistance(x, 2, [
      [0, 1],
      [0, 1],
    ]);
    expect(d.channel).toBe(1);
    expect(d.distance).toBeCloseTo(5, 12); // ∫|5.5 − t| dt = 5.5 − ½
  });

  it('roughness: zero for a constant, the step for a vertical edge, the closed form for a checkerboard', () => {
    expect(roughness(new Float32Array(12).fill(3), 3, 4, 1)).toBe(0);
    // 2×2 image [[0, 1], [0, 1]]: pairs (0,1) (0,1) horizontally, (0,0) (1,1) vertically → 2/4
    expect(roughness([0, 1, 0, 1], 2, 2, 1)).toBeCloseTo(0.5, 12);
    // 3×3 checkerboard of ±1: every one of the 12 adjacent pairs differs by 2
    const board = Array.from({ length: 9 }, (_, i) => ((Math.floor(i / 3) + (i % 3)) % 2 === 0 ? 1 : -1));
    expect(roughness(board, 3, 3, 1)).toBeCloseTo(2, 12);
  });

  it('channelMoments: per-channel mean and population std', () => {
    const m = channelMoments([1, 10, 3, 10], 2);
    expect(m.mean).toEqual([2, 10]);
    expect(m.std[0]).toBeCloseTo(1, 12);
    expect(m.std[1]).toBe(0);
  });

  it('normalisedEntropy: 1 for uniform predictions, 0 in the limit of certainty, the binary entropy in between', () => {
    expect(normalisedEntropy('softmax', [0, 0, 0, 0])).toBeCloseTo(1, 12);
    expect(normalisedEntropy('sigmoid', [0, 0])).toBeCloseTo(1, 12);
    expect(normalisedEntropy('softmax', [0, 800])).toBeCloseTo(0, 12);
    expect(normalisedEntropy('sigmoid', [-900])).toBeCloseTo(0, 12);
    const p = 0.9;
    const hb = -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
    expect(normalisedEntropy('softmax', [0, Math.log(p / (1 - p))])).toBeCloseTo(hb, 12);
    expect(normalisedEntropy('sigmoid', [Math.log(p / (1 - p)), 0])).toBeCloseTo((hb + 1) / 2, 12);
  });

  it('meanChroma: zero for gray stored as RGB, max − min otherwise', () => {
    expect(meanChroma([0.3, 0.3, 0.3, 0.8, 0.8, 0.8], 3)).toBe(0);
    expect(meanChroma([1, 0, 0.5, 0.2, 0.4, 0.3], 3)).toBeCloseTo((1 + 0.2) / 2, 12);
    expect(meanChroma([0.1, 0.9], 1)).toBe(0);
  });
});
