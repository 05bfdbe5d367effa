import { describe, expect, it } from 'vitest';
import { classificationSummary } from './datasetMetrics';
import { perturbationOutcome, theoreticalKlNoiseFloor } from './outcome';
import { fitSmallEpsilonSlope, leastSquaresLine } from './slopeFit';
import { geometricMean, median, quantile } from './statistics';

describe('fitSmallEpsilonSlope', () => {
  const eps = [1e-3, 1e-2, 1e-1, 1, 10];

  it('recovers the exponent of an exact power law from the lowest points', () => {
    const fit = fitSmallEpsilonSlope(eps, eps.map((e) => 0.7 * e ** 2), { noiseFloor: 0 });
    expect(fit.status).toBe('ok');
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(Math.log10(0.7), 12);
    expect(fit.epsilons).toEqual([1e-3, 1e-2, 1e-1]);
  });

  it('skips points at the noise floor and uses the lowest above it', () => {
    const values = eps.map((e) => Math.max(1e-6, e ** 3));
    const fit = fitSmallEpsilonSlope(eps, values, { noiseFloor: 1e-6 });
    expect(fit.epsilons).toEqual([1e-1, 1, 10]);
    expect(fit.slope).toBeCloseTo(3, 12);
  });

  it('reports when nothing or one point is above the floor', () => {
    expect(fitSmallEpsilonSlope(eps, eps.map(() => 1e-15), { noiseFloor: 1e-14 }).status).toBe('below-noise-floor');
    expect(fitSmallEpsilonSlope(eps, [0, 0, 0, 0, 1], { noiseFloor: 1e-14 }).status).toBe('too-few-points');
  });

  it('least squares through noisy points', () => {
    const { slope, intercept, r2 } = leastSquaresLine([0, 1, 2, 3], [1, 3.1, 4.9, 7]);
    expect(slope).toBeCloseTo(1.98, 10);
    expect(intercept).toBeCloseTo(1.03, 10);
    expect(r2).toBeGreaterThan(0.99);
  });
});

describe('outcomes and summaries', () => {
  it('Δp of the predicted class, KL and flip for a softmax prediction', () => {
    const o = perturbationOutcome('softmax', [2, 0, 0], [0, 2.5, 0]);
    const p0 = Math.exp(2) / (Math.exp(2) + 2);
    const p1 = 1 / (Math.exp(2.5) + 2);
    expect(o.deltaP).toBeCloseTo(p1 - p0, 14);
    expect(o.flipped).toBe(true);
    expect(o.kl).toBeGreaterThan(0);
    expect(perturbationOutcome('softmax', [2, 0, 0], [2, 0, 0]).kl).toBe(0);
  });

  it('sigmoid: a flip is any label crossing ½', () => {
    expect(perturbationOutcome('sigmoid', [3, -1], [3, 0.5]).flipped).toBe(true);
    expect(perturbationOutcome('sigmoid', [3, -1], [2, -0.5]).flipped).toBe(false);
  });

  it('the theoretical noise floor grows with the logits’ magnitude', () => {
    expect(theoreticalKlNoiseFloor([30, 0])).toBeGreaterThan(100 * theoreticalKlNoiseFloor([0.3, 0]));
  });

  it('accuracy and AUC of a set for both heads', () => {
    // p_1 = 0.1, 0.6, 0.7, 0.2 with labels 0, 1, 0, 1: accuracy 2/4; AUC: 2 of the 4 pairs ordered.
    const softmax = classificationSummary('softmax', [0.9, 0.1, 0.4, 0.6, 0.3, 0.7, 0.8, 0.2], [0, 1, 0, 1], 2);
    expect(softmax.accuracy).toBe(0.5);
    expect(softmax.auc).toBeCloseTo(0.5, 14);
    const sigmoid = classificationSummary('sigmoid', [0.9, 0.2, 0.1, 0.7], [1, 0, 0, 1], 2);
    expect(sigmoid).toEqual({ accuracy: 1, auc: 1 });
  });

  it('quantiles as NumPy’s default', () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(geometricMean([1, 100, 0])).toBeCloseTo(10, 12);
  });
});
