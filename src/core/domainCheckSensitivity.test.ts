import { describe, expect, it } from 'vitest';
import { probabilitiesFromLogits } from './divergence';
import { GREY_LEVEL, INSENSITIVE_PROBABILITY_CHANGE, insensitivityWarning, probabilityChangePerGreyLevel } from './domainCheckSensitivity';
import { fisherEigenAnalysis } from './fisherAnalysis';
import type { LinearModel } from './testing/linearSoftmax';
import { linearLogits } from './testing/linearSoftmax';
import { randomArray } from './testing/seededRandom';
import type { HeadType } from './types';

/**
 * The insensitive-model note on linear models z = W x + b, where J = W and λ₁ has a closed form:
 * binary softmax λ₁ = p₁p₂‖w₁ − w₂‖², one sigmoid label λ₁ = q(1 − q)‖w‖².
 */
const N = 64;
const STD = [0.2];

function linear(classes: number, scale: number, seed: number): LinearModel {
  return { classes, inputSize: N, weights: randomArray(classes * N, seed, scale), bias: randomArray(classes, seed + 1, 0.1) };
}

function lambda1(model: LinearModel, x: Float64Array, head: HeadType): number {
  const logits = linearLogits(model, x);
  const eigen = fisherEigenAnalysis({ jacobian: { classes: model.classes, inputSize: N, rows: Float32Array.from(model.weights) }, logits, head });
  return eigen.eigenvalues[0];
}

/** The largest probability change under the worst perturbation of one grey level per pixel for a one-direction model. */
function worstGreyLevelChange(model: LinearModel, x: Float64Array, head: HeadType, direction: Float64Array): number {
  const delta = Float64Array.from(direction, (d) => (Math.sign(d) * GREY_LEVEL) / STD[0]);
  const p0 = probabilitiesFromLogits(head, linearLogits(model, x));
  const p1 = probabilitiesFromLogits(head, linearLogits(model, Float64Array.from(x, (v, i) => v + delta[i])));
  return Math.max(...Array.from(p0, (p, i) => Math.abs(p1[i] - p)));
}

describe('probabilityChangePerGreyLevel', () => {
  const x = randomArray(N, 5, 0.5);

  it('binary softmax: λ₁ = p₁p₂‖w₁ − w₂‖² and the bound √λ₁·√N·g/std holds, and the sign perturbation reaches its first-order value', () => {
    const model = linear(2, 0.05, 11);
    const p = probabilitiesFromLogits('softmax', linearLogits(model, x));
    const diff = Float64Array.from({ length: N }, (_, k) => model.weights[k] - model.weights[N + k]);
    const norm2 = diff.reduce((s, v) => s + v * v, 0);
    const l1 = lambda1(model, x, 'softmax');
    expect(l1).toBeCloseTo(p[0] * p[1] * norm2, 6);
    const bound = probabilityChangePerGreyLevel(l1, 'softmax', N, STD);
    expect(bound).toBeCloseTo((Math.sqrt(l1) * Math.sqrt(N) * GREY_LEVEL) / STD[0], 12);
    const actual = worstGreyLevelChange(model, x, 'softmax', diff);
    expect(actual).toBeLessThanOrEqual(bound);
    // to first order the sign perturbation achieves p₁p₂‖w₁ − w₂‖₁ g/std (second order: a logit step of 0.05 here)
    const norm1 = diff.reduce((s, v) => s + Math.abs(v), 0);
    const firstOrder = (p[0] * p[1] * norm1 * GREY_LEVEL) / STD[0];
    expect(Math.abs(actual - firstOrder) / firstOrder).toBeLessThan(0.02);
  });

  it('one sigmoid label: λ₁ = q(1 − q)‖w‖² and the bound has the factor ½', () => {
    const model = linear(1, 0.05, 12);
    const [q] = probabilitiesFromLogits('sigmoid', linearLogits(model, x));
    const w = model.weights;
    const l1 = lambda1(model, x, 'sigmoid');
    expect(l1).toBeCloseTo(q * (1 - q) * w.reduce((s, v) => s + v * v, 0), 6);
    const bound = probabilityChangePerGreyLevel(l1, 'sigmoid', N, STD);
    expect(worstGreyLevelChange(model, x, 'sigmoid', w)).toBeLessThanOrEqual(bound);
  });
});

describe('insensitivityWarning', () => {
  const x = randomArray(N, 5, 0.5);

  it('appears for a model with tiny weights and not for the same model at ordinary scale', () => {
    const tiny = linear(2, 1e-6, 11);
    const ordinary = linear(2, 0.05, 11);
    const note = insensitivityWarning({ lambda1: lambda1(tiny, x, 'softmax'), head: 'softmax', inputSize: N, std: STD });
    expect(note?.code).toBe('insensitive-model');
    expect(note?.message).toMatch(/^The model barely reacts to small changes of this image: changing every pixel by up to one grey level \(1\/255\) moves no class probability by more than /);
    expect(insensitivityWarning({ lambda1: lambda1(ordinary, x, 'softmax'), head: 'softmax', inputSize: N, std: STD })).toBeNull();
  });

  it('switches exactly where the bound crosses 0.1 percentage points', () => {
    // bound = √λ₁ · √N · g / std  ⇒  λ₁* = (0.001 · std / (√N g))²
    const critical = ((INSENSITIVE_PROBABILITY_CHANGE * STD[0]) / (Math.sqrt(N) * GREY_LEVEL)) ** 2;
    expect(insensitivityWarning({ lambda1: critical * 0.99, head: 'softmax', inputSize: N, std: STD })).not.toBeNull();
    expect(insensitivityWarning({ lambda1: critical * 1.01, head: 'softmax', inputSize: N, std: STD })).toBeNull();
    expect(insensitivityWarning({ lambda1: 0, head: 'softmax', inputSize: N, std: STD })).not.toBeNull();
  });

  it('quotes the training range of λ₁ when given', () => {
    const note = insensitivityWarning({ lambda1: 1e-12, head: 'sigmoid', inputSize: N, std: STD, typicalLambda1: { low: 0.05, high: 3, lowPercentile: 5, highPercentile: 95 } });
    expect(note?.message).toContain('on its training images λ₁ lies between 0.05 and 3 (5th to 95th percentile)');
  });
});
