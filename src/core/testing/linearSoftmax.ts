import { logSoftmax, logSigmoid } from '../divergence';
import type { HeadType } from '../types';

/**
 * A linear classifier z = W x + b (C × N), for which J = W exactly and the Fisher information can
 * be written densely from its definition: the reference the Gram-trick code is checked against.
 */
export interface LinearModel {
  readonly classes: number;
  readonly inputSize: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export function linearLogits(model: LinearModel, x: ArrayLike<number>): Float64Array {
  const { classes: c, inputSize: n, weights, bias } = model;
  const z = new Float64Array(c);
  for (let i = 0; i < c; i++) {
    let s = bias[i];
    for (let k = 0; k < n; k++) s += weights[i * n + k] * x[k];
    z[i] = s;
  }
  return z;
}

/**
 * F = E_y~p [∇x log p(y|x) ∇x log p(y|x)ᵀ] (N × N), with the score ∇x log p(y|x) taken by central
 * finite differences of the log-likelihood in float64. Nothing here uses the A-matrix algebra.
 */
export function denseFisherByDefinition(model: LinearModel, x: ArrayLike<number>, head: HeadType, h = 1e-5): Float64Array {
  const n = model.inputSize;
  const outcomes = enumerateOutcomes(head, model.classes);
  const logLik = (xx: ArrayLike<number>, y: number[]): number => {
    const z = linearLogits(model, xx);
    if (head === 'softmax') return logSoftmax(z)[y[0]];
    let s = 0;
    for (let c = 0; c < z.length; c++) s += y[c] === 1 ? logSigmoid(z[c]) : logSigmoid(-z[c]);
    return s;
  };
  const f = new Float64Array(n * n);
  const xp = Float64Array.from(x);
  for (const y of outcomes) {
    const py = Math.exp(logLik(x, y));
    const score = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const orig = xp[k];
      xp[k] = orig + h;
      const up = logLik(xp, y);
      xp[k] = orig - h;
      const down = logLik(xp, y);
      xp[k] = orig;
      score[k] = (up - down) / (2 * h);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f[i * n + j] += py * score[i] * score[j];
  }
  return f;
}

/** softmax: the C one-label outcomes; sigmoid: all 2^C label vectors. */
function enumerateOutcomes(head: HeadType, classes: number): number[][] {
  if (head === 'softmax') return Array.from({ length: classes }, (_, c) => [c]);
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << classes; mask++) out.push(Array.from({ length: classes }, (_, c) => (mask >> c) & 1));
  return out;
}
