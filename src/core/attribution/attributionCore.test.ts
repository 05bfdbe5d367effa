import { describe, expect, it } from 'vitest';
import { randomArray } from '../testing/seededRandom';
import { blackBaseline, blurredBaseline } from './baselines';
import { reduceChannels } from './channelReduction';
import { compositeImage, curveArea, pixelOrder, stepPixelCounts } from './deletionInsertion';
import { gaussianBlur } from './gaussianBlur';
import { gradCamMap } from './gradCamMap';
import { completenessGap, integratedGradientsAttributions, newAlphas, trapezoidWeight } from './integratedGradientsPath';
import { occlusionMap, occlusionPatches } from './occlusionPatches';

describe('deletion and insertion curves (pure part)', () => {
  it('orders pixels by decreasing value, ties in a seeded random order', () => {
    expect(Array.from(pixelOrder([0.1, 0.9, 0.5]))).toEqual([1, 2, 0]);
    const flat = pixelOrder(new Float32Array(64), 3);
    expect(new Set(flat).size).toBe(64);
    expect(Array.from(flat)).not.toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(Array.from(pixelOrder(new Float32Array(64), 3))).toEqual(Array.from(flat));
  });

  it('moves whole pixels (all channels) in order; counts cover 0 … all', () => {
    const from = Float32Array.from([1, 1, 2, 2, 3, 3]);
    const to = Float32Array.from([-1, -1, -2, -2, -3, -3]);
    const out = new Float32Array(6);
    compositeImage(from, to, Int32Array.from([2, 0, 1]), 2, 2, out);
    expect(Array.from(out)).toEqual([-1, -1, 2, 2, -3, -3]);
    expect(Array.from(stepPixelCounts(10, 4))).toEqual([0, 3, 5, 8, 10]);
  });

  it('areas by the trapezoid rule', () => {
    expect(curveArea([0, 0.5, 1], [1, 1, 1])).toBeCloseTo(1, 15);
    expect(curveArea([0, 0.25, 0.5, 0.75, 1], [0, 0.25, 0.5, 0.75, 1])).toBeCloseTo(0.5, 15);
  });
});

describe('blur and baselines', () => {
  it('keeps constants constant and the mean of a periodic-free image close', () => {
    const constant = new Float32Array(12 * 10 * 3).fill(0.4);
    for (const v of gaussianBlur(constant, 12, 10, 3, 2)) expect(v).toBeCloseTo(0.4, 6);
    const image = Float32Array.from(randomArray(16 * 16, 5));
    const blurred = blurredBaseline(image, 16, 16, 1, 3);
    const variance = (a: ArrayLike<number>): number => {
      const m = Array.from(a).reduce((s, v) => s + v, 0) / a.length;
      return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
    };
    expect(variance(blurred)).toBeLessThan(0.1 * variance(image));
  });

  it('black is intensity 0 through the normalisation', () => {
    expect(Array.from(blackBaseline(2, [0.5, 0.25, 0], [0.25, 0.5, 1]))).toEqual([-2, -0.5, -0, -2, -0.5, -0]);
  });

  it('reduces channels by max |v|, sum or L2 norm', () => {
    const v = [1, -3, 2, 2];
    expect(Array.from(reduceChannels(v, 2, 'max-abs'))).toEqual([3, 2]);
    expect(Array.from(reduceChannels(v, 2, 'sum'))).toEqual([-2, 4]);
    expect(reduceChannels(v, 2, 'l2')[0]).toBeCloseTo(Math.sqrt(10), 6);
  });
});

describe('Integrated Gradients quadrature', () => {
  it('refinement adds only the midpoints, and the trapezoid weights sum to 1', () => {
    expect(newAlphas(4, true)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(newAlphas(8, false)).toEqual([0.125, 0.375, 0.625, 0.875]);
    let sum = 0;
    for (let j = 0; j <= 8; j++) sum += trapezoidWeight(j, 8);
    expect(sum).toBeCloseTo(1, 15);
  });

  it('is exact for f(x) = ½ Σ a_i x_i² (gradient linear along the path): completeness gap 0', () => {
    const a = [1, -2, 0.5];
    const x = [1, 2, -1];
    const baseline = [0.5, -1, 0];
    const m = 4;
    const g = (alpha: number): number[] => a.map((ai, i) => ai * (baseline[i] + alpha * (x[i] - baseline[i])));
    const ends = Float64Array.from(a.map((_, i) => g(0)[i] + g(1)[i]));
    const interior = Float64Array.from(a.map((_, i) => [1, 2, 3].reduce((s, j) => s + g(j / m)[i], 0)));
    const attributions = integratedGradientsAttributions(x, baseline, ends, interior, m);
    const f = (v: number[]): number => v.reduce((s, vi, i) => s + 0.5 * a[i] * vi * vi, 0);
    expect(completenessGap(attributions, f(x), f(baseline)).relativeGap).toBeLessThan(1e-14);
  });
});

describe('Grad-CAM and occlusion maps', () => {
  it('Grad-CAM: ReLU of the gradient-weighted channel sum, upsampled', () => {
    // 2×2 positions, 2 channels; mean gradients α = (1, −1).
    const activations = [1, 0, 0, 1, 2, 2, 0, 0];
    const gradients = [1, -1, 1, -1, 1, -1, 1, -1];
    const { coarse, channelWeights, map } = gradCamMap(activations, gradients, [2, 2, 2], 4, 4);
    expect(Array.from(channelWeights)).toEqual([1, -1]);
    expect(Array.from(coarse)).toEqual([1, 0, 0, 0]);
    expect(map.length).toBe(16);
    expect(map[0]).toBe(1);
  });

  it('occlusion patches cover every pixel; the map is the mean drop of the covering patches', () => {
    const patches = occlusionPatches(7, 7, 3, 2);
    expect(patches.map((p) => p.top).filter((t, i, all) => all.indexOf(t) === i)).toEqual([0, 2, 4]);
    const map = occlusionMap(patches.map((_, i) => i), patches, 7, 7, 3);
    expect(map.every((v) => Number.isFinite(v))).toBe(true);
    expect(map[0]).toBe(0);
    expect(map[48]).toBe(patches.length - 1);
    expect(() => occlusionPatches(7, 7, 8, 1)).toThrow();
  });
});
