import { describe, expect, it } from 'vitest';
import { fisherEigenAnalysis } from './fisherAnalysis';
import { complementaryComponent, highSensitivityComponent, highSensitivitySeries, projectionCoefficients } from './projections';
import { randomArray } from './testing/seededRandom';

const N = 64;
const C = 6;
const eigen = fisherEigenAnalysis({
  jacobian: { classes: C, inputSize: N, rows: Float32Array.from(randomArray(C * N, 21)) },
  logits: randomArray(C, 22),
  head: 'softmax',
});
const x = randomArray(N, 23, 2);
const v = eigen.imageEigenvectors;
const coefficients = projectionCoefficients(v, x, N);

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('projections onto the leading modes', () => {
  it.each([0, 1, 3, 5])('k = %i: x_high + x_low = x, x_high ⟂ x_low, projecting twice changes nothing', (k) => {
    const high = highSensitivityComponent(v, coefficients, k, N);
    const low = complementaryComponent(x, high);
    for (let i = 0; i < N; i++) expect(high[i] + low[i]).toBeCloseTo(x[i], 12);
    expect(Math.abs(dot(high, low))).toBeLessThan(1e-9 * dot(x, x));
    const again = highSensitivityComponent(v, projectionCoefficients(v, high, N), k, N);
    for (let i = 0; i < N; i++) expect(again[i]).toBeCloseTo(high[i], 9);
    // The complement has no component along any kept mode.
    for (let i = 0; i < k; i++) expect(Math.abs(dot(low, v.subarray(i * N, (i + 1) * N)))).toBeLessThan(1e-9);
  });

  it('the running series equals the direct sums for every k, and its energy grows by c_i²', () => {
    const series = highSensitivitySeries(v, coefficients, N);
    expect(series.length).toBe(eigen.modeCount + 1);
    for (let k = 0; k <= eigen.modeCount; k++) {
      const direct = highSensitivityComponent(v, coefficients, k, N);
      for (let i = 0; i < N; i++) expect(series[k][i]).toBeCloseTo(direct[i], 12);
      const energy = coefficients.slice(0, k).reduce((s, c) => s + c * c, 0);
      expect(dot(series[k], series[k])).toBeCloseTo(energy, 9);
    }
  });

  it('refuses a k outside 0…R and an image of the wrong size', () => {
    expect(() => highSensitivityComponent(v, coefficients, eigen.modeCount + 1, N)).toThrow(RangeError);
    expect(() => projectionCoefficients(v, new Float64Array(N - 1), N)).toThrow(/values/);
  });
});
