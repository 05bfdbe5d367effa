import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageAnalysis } from './analyzeImage';
import { analyzeImage } from './analyzeImage';
import type { Classifier } from './classifier';
import type { TopClassPlan } from '../core';
import { gradientSelectorRows, planTopClassAnalysis, seededUniform, topClassFisherAnalysis } from '../core';
import { analysisProgramOf } from './analysisMode/analysisJacobian';
import { classifierFromArtifacts } from './classifier';
import { loadClassifierFromFiles } from './loadModel';
import { weightedLogitGradients } from './logitJacobian';
import { fixtureFiles } from './testing/modelFixtures';
import { modelArtifacts, testImage } from './testing/smallModels';
import { analyzeImageTopClasses, topClassAnalysisWorthwhile } from './topClassFisher';

/**
 * The top-m analysis (docs/many-classes.md) on a 40-class model, where the full analysis is also
 * feasible: kept eigenvalues rise monotonically to the full ones, and the trace and share
 * estimates are unbiased.
 */
const C = 40;
const N = 144;
let classifier: Classifier;
let x: Float32Array;
let full: ImageAnalysis;

beforeAll(async () => {
  await tf.setBackend('cpu');
  ({ classifier } = await loadClassifierFromFiles(await fixtureFiles('layers-40-classes')));
  x = testImage(N, 6).map((v) => 0.8 * v);
  full = await analyzeImage(classifier, x);
});
afterAll(() => classifier.dispose());

/** Gradient rows for a plan, taken from the full Jacobian: what the batched pass computes. */
function rowsFromFullJacobian(plan: TopClassPlan): Float32Array {
  const { rows, count } = gradientSelectorRows(plan);
  const out = new Float32Array(count * N);
  for (let r = 0; r < count; r++) {
    for (let k = 0; k < N; k++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += rows[r * C + c] * full.jacobian[c * N + k];
      out[r * N + k] = s;
    }
  }
  return out;
}

describe('top-m classes of a 40-class softmax model', () => {
  it('spreads its probability over many classes (the test needs left-out mass)', () => {
    const p = Array.from(full.eigen.probabilities).sort((a, b) => b - a);
    expect(p[0]).toBeLessThan(0.5);
    expect(p.slice(8).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.1);
    expect(full.eigen.rank).toBe(C - 1);
  });

  it('kept eigenvalues are lower bounds that rise monotonically with m and reach the full ones at m = C', async () => {
    let previous: Float64Array | null = null;
    for (const m of [1, 2, 4, 8, 16, 24, 32, 39, 40]) {
      const top = await analyzeImageTopClasses(classifier, x, { keptClasses: m, samples: 8, seed: 3 });
      const lambda = top.fisher.eigenvalues;
      expect(lambda).toHaveLength(m);
      const scale = full.eigen.eigenvalues[0];
      for (let i = 0; i < m; i++) {
        expect(lambda[i]).toBeLessThanOrEqual(full.eigen.eigenvalues[i] + 1e-6 * scale);
        if (previous && i < previous.length) expect(lambda[i]).toBeGreaterThanOrEqual(previous[i] - 1e-6 * scale);
      }
      // The gaps add up to the left-out trace: Σ_i (λ_i(F) − λ_i(F_T)) = tr F − tr F_T.
      const gap = Array.from(full.eigen.eigenvalues).reduce((s, v, i) => s + v - (i < m ? lambda[i] : 0), 0);
      expect(gap).toBeCloseTo(full.eigen.traceFisher - top.fisher.keptTrace, 6);
      previous = lambda;
    }
    const all = await analyzeImageTopClasses(classifier, x, { keptClasses: C, samples: 8 });
    for (let i = 0; i < C - 1; i++) expect(Math.abs(all.fisher.eigenvalues[i] - full.eigen.eigenvalues[i])).toBeLessThan(1e-6 * full.eigen.eigenvalues[0]);
    expect(all.fisher.traceFisher).toEqual({ value: all.fisher.keptTrace, standardError: 0 });
    expect(all.fisher.share.value).toBe(1);
    expect(all.fisher.traceFisher.value).toBeCloseTo(full.eigen.traceFisher, 6);
  });

  it('gives orthonormal image-space modes of F_T, and costs m + 1 + distinct samples backward copies', async () => {
    const top = await analyzeImageTopClasses(classifier, x, { keptClasses: 8, samples: 12, seed: 5 });
    expect(top.gradientRows).toBe(8 + 1 + top.plan.sampledClasses.length);
    expect(top.plan.sampledClasses.length).toBeLessThanOrEqual(12);
    const v = top.fisher.imageEigenvectors;
    for (let i = 0; i < top.fisher.modeCount; i++) {
      for (let j = i; j < top.fisher.modeCount; j++) {
        let dot = 0;
        for (let k = 0; k < N; k++) dot += v[i * N + k] * v[j * N + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 6);
      }
    }
  });

  it('the batched pass computes what the full Jacobian gives for the same plan', async () => {
    const top = await analyzeImageTopClasses(classifier, x, { keptClasses: 6, samples: 10, seed: 11 });
    const core = topClassFisherAnalysis({ plan: top.plan, gradients: rowsFromFullJacobian(top.plan), inputSize: N });
    for (let i = 0; i < 6; i++) expect(top.fisher.eigenvalues[i]).toBeCloseTo(core.eigenvalues[i], 7);
    expect(top.fisher.traceFisher.value).toBeCloseTo(core.traceFisher.value, 7);
    expect(top.fisher.share.value).toBeCloseTo(core.share.value, 7);
  });

  it.each([
    [4, 6],
    [8, 16],
  ])('m = %i, S = %i: the trace and share estimates average to the exact values over 2000 seeds, with calibrated standard errors', (m, samples) => {
    const seeds = 2000;
    const traces: number[] = [];
    const shares: number[] = [];
    const reportedShareErrors: number[] = [];
    let keptTrace = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const plan = planTopClassAnalysis('softmax', full.logits, m, samples, seededUniform(seed));
      const result = topClassFisherAnalysis({ plan, gradients: rowsFromFullJacobian(plan), inputSize: N, maxModes: 0 });
      traces.push(result.traceFisher.value);
      shares.push(result.share.value);
      reportedShareErrors.push(result.share.standardError);
      keptTrace = result.keptTrace;
    }
    const exactTrace = full.eigen.traceFisher;
    const exactShare = keptTrace / exactTrace;
    expect(exactShare).toBeGreaterThan(0.2);
    expect(exactShare).toBeLessThan(0.95);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));
    // The mean over seeds lies within 3 of its standard errors of the exact value.
    expect(Math.abs(mean(traces) - exactTrace)).toBeLessThan((3 * sd(traces)) / Math.sqrt(seeds));
    expect(Math.abs(mean(shares) - exactShare)).toBeLessThan((3 * sd(shares)) / Math.sqrt(seeds));
    // The reported standard error of one run matches the spread of the estimates.
    expect(mean(reportedShareErrors) / sd(shares)).toBeGreaterThan(0.75);
    expect(mean(reportedShareErrors) / sd(shares)).toBeLessThan(1.25);
  });

  it('for a sigmoid head keeps the largest Bernoulli variances, and at m = C equals the full analysis', async () => {
    const { classifier: sigmoid, metadata } = await loadClassifierFromFiles(await fixtureFiles('layers-40-classes'));
    sigmoid.applyMetadata({ ...metadata, head: 'sigmoid' });
    const exact = await analyzeImage(sigmoid, x);
    const top = await analyzeImageTopClasses(sigmoid, x, { keptClasses: C, samples: 4 });
    expect(top.gradientRows).toBe(C);
    for (let i = 0; i < C; i++) expect(Math.abs(top.fisher.eigenvalues[i] - exact.eigen.eigenvalues[i])).toBeLessThan(1e-6 * exact.eigen.eigenvalues[0]);
    const partial = await analyzeImageTopClasses(sigmoid, x, { keptClasses: 10, samples: 4 });
    const w = Array.from(partial.plan.probabilities, (q) => q * (1 - q));
    const keptWeights = Array.from(partial.plan.kept, (c) => w[c]);
    expect(Math.min(...keptWeights)).toBeGreaterThanOrEqual(Math.max(...w.filter((_, c) => !partial.plan.kept.includes(c))));
    sigmoid.dispose();
  });

  it('is proposed only when it saves backward passes', () => {
    expect(topClassAnalysisWorthwhile(40)).toBe(false);
    expect(topClassAnalysisWorthwhile(1000)).toBe(true);
    expect(topClassAnalysisWorthwhile(40, 8, 8)).toBe(true);
  });
});

describe('top-m classes of a 4000-class model (structure; the cost grows with m + 1 + S, not with C)', () => {
  it('computes m + 1 + distinct-sample gradient rows in analysis mode, whose rows equal plain tf.grad rows, leaving no tensors', async () => {
    const classes = 4000;
    const shape: [number, number, number] = [12, 12, 2];
    const n = shape[0] * shape[1] * shape[2];
    const input = tf.input({ shape });
    let h = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
    h = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ stddev: 2, seed: 2 }) }).apply(h) as tf.SymbolicTensor;
    const built = tf.model({ inputs: input, outputs: out });
    const artifacts = await modelArtifacts(built);
    built.dispose();
    const big = await classifierFromArtifacts(artifacts, null, 'wide');
    expect(typeof analysisProgramOf(big)).toBe('object');
    const image = testImage(n, 2);
    const tensors = tf.memory().numTensors;
    const top = await analyzeImageTopClasses(big, image, { keptClasses: 32, samples: 32, seed: 4 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(top.plan.classCount).toBe(classes);
    expect(top.gradientRows).toBe(32 + 1 + top.plan.sampledClasses.length);
    expect(top.rowsPerChunk).toBe(top.gradientRows);
    expect(top.fisher.eigenvalues).toHaveLength(32);
    // Rows of the kept classes, against the plain tf.grad Jacobian of those classes alone.
    const xt = tf.tensor4d(image, [1, ...shape]);
    const oneHots = (): tf.Tensor2D => tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(top.plan.kept.slice(0, 4)), 'int32'), classes).toFloat() as tf.Tensor2D);
    const selector = oneHots();
    const plain = weightedLogitGradients(big, xt, selector, 4, 'plain');
    const expected = await plain.data();
    tf.dispose([xt, selector, plain]);
    const ours = await (async () => {
      const x2 = tf.tensor4d(image, [1, ...shape]);
      const s2 = oneHots();
      const g = weightedLogitGradients(big, x2, s2, 4, 'analysis');
      const v = await g.data();
      tf.dispose([x2, s2, g]);
      return v;
    })();
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - ours[i]));
    }
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThan(1e-5 * scale);
    expect(tf.memory().numTensors).toBe(tensors);
    big.dispose();
  });
});
