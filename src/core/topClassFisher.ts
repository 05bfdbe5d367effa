import { probabilitiesFromLogits } from './divergence';
import { DEFAULT_RANK_TOLERANCE, numericalRank } from './numericalRank';
import { symmetricEigen } from './symmetricEigen';
import type { HeadType, MatrixF64 } from './types';
import { matrixF64 } from './types';

/**
 * The iFIM restricted to the m classes of largest weight, plus an unbiased estimate of the total
 * trace from sampled left-out classes (docs/many-classes.md). F = Σ_y π_y s_y s_yᵀ with
 * softmax: π = p, s_c = ∇z_c − Jᵀp;  sigmoid: π = q(1 − q), s_c = ∇z_c.
 */
export interface TopClassPlan {
  readonly head: HeadType;
  readonly classCount: number;
  /** p (softmax) or q (sigmoid). */
  readonly probabilities: Float64Array;
  /** π_c: p_c, or q_c(1 − q_c). */
  readonly weights: Float64Array;
  /** Kept classes, by decreasing weight. */
  readonly kept: Int32Array;
  /** π_rest = Σ of the weights left out. */
  readonly restWeight: number;
  /** Sampled left-out classes, with replacement (y_s ∼ π restricted to the rest). */
  readonly samples: Int32Array;
  /** The distinct sampled classes: each needs one gradient row. */
  readonly sampledClasses: Int32Array;
}

/** mulberry32: a small seeded uniform generator, so that a run can be repeated exactly. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planTopClassAnalysis(head: HeadType, logits: ArrayLike<number>, keptCount: number, sampleCount: number, uniform: () => number): TopClassPlan {
  const c = logits.length;
  const m = Math.max(1, Math.min(Math.floor(keptCount), c));
  const probabilities = probabilitiesFromLogits(head, logits);
  const weights = head === 'softmax' ? Float64Array.from(probabilities) : probabilities.map((q) => q * (1 - q));
  const order = Array.from({ length: c }, (_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);
  const kept = Int32Array.from(order.slice(0, m));
  const rest = order.slice(m);
  let restWeight = 0;
  for (const y of rest) restWeight += weights[y];
  const samples = new Int32Array(rest.length > 0 && restWeight > 0 ? Math.max(0, Math.floor(sampleCount)) : 0);
  // Inverse-CDF sampling over the rest, π_y / π_rest.
  const cumulative = new Float64Array(rest.length);
  let sum = 0;
  rest.forEach((y, i) => (cumulative[i] = sum += weights[y]));
  for (let s = 0; s < samples.length; s++) {
    const u = uniform() * sum;
    let lo = 0;
    let hi = rest.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    samples[s] = rest[lo];
  }
  const sampledClasses = Int32Array.from(new Set(samples)).sort();
  return { head, classCount: c, probabilities, weights, kept, restWeight, samples, sampledClasses };
}

/**
 * The weight rows of one batched backward pass (R × C, row-major): one-hots of the kept classes,
 * then (softmax) the probability row, whose gradient is the mean gradient Jᵀp, then one-hots of
 * the distinct sampled classes.
 */
export function gradientSelectorRows(plan: TopClassPlan): { readonly rows: Float32Array; readonly count: number } {
  const c = plan.classCount;
  const mean = plan.head === 'softmax' ? 1 : 0;
  const count = plan.kept.length + mean + plan.sampledClasses.length;
  const rows = new Float32Array(count * c);
  plan.kept.forEach((cls, r) => (rows[r * c + cls] = 1));
  if (mean) for (let j = 0; j < c; j++) rows[plan.kept.length * c + j] = plan.probabilities[j];
  const offset = plan.kept.length + mean;
  plan.sampledClasses.forEach((cls, i) => (rows[(offset + i) * c + cls] = 1));
  return { rows, count };
}

export interface TopClassFisherInput {
  readonly plan: TopClassPlan;
  /** Gradient rows in the order of gradientSelectorRows, N values each (float32 from the model). */
  readonly gradients: Float32Array;
  readonly inputSize: number;
  readonly maxModes?: number;
  readonly rankTolerance?: number;
}

export interface Estimate {
  readonly value: number;
  /** Standard error; 0 when exact, NaN when fewer than two samples. */
  readonly standardError: number;
}

export interface TopClassFisher {
  readonly head: HeadType;
  readonly kept: Int32Array;
  readonly probabilities: Float64Array;
  /** K_T = A_T R Rᵀ A_Tᵀ (m × m). */
  readonly fisherGram: MatrixF64;
  /** All m eigenvalues of K_T, descending: lower bounds of F's leading eigenvalues. */
  readonly eigenvalues: Float64Array;
  /** m × m, column i is u_i. */
  readonly gramEigenvectors: MatrixF64;
  readonly rank: number;
  readonly modeCount: number;
  /** modeCount × N, row-major: orthonormal image-space modes of F_T. */
  readonly imageEigenvectors: Float64Array;
  /** modeCount × (rows of R): v_i = Σ_r w_i[r] R_r, R = [∇z_kept; Jᵀp]. */
  readonly modeRowWeights: Float64Array;
  /** tr F_T = Σ_kept π_c |s_c|², exact. */
  readonly keptTrace: number;
  /** Σ of p over the kept classes (softmax), or of q(1−q) (sigmoid). */
  readonly keptWeight: number;
  /** tr F: kept trace + π_rest · mean |s_y|² over the samples; unbiased. */
  readonly traceFisher: Estimate;
  /** tr F_T / tr F, with a delta-method standard error. */
  readonly share: Estimate;
  readonly sampleCount: number;
}

function dot(a: Float32Array | Float64Array, b: Float32Array | Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

export function topClassFisherAnalysis(input: TopClassFisherInput): TopClassFisher {
  const { plan, gradients, inputSize: n } = input;
  const m = plan.kept.length;
  const softmax = plan.head === 'softmax';
  const rowCount = m + (softmax ? 1 : 0);
  const expectedRows = rowCount + plan.sampledClasses.length;
  if (gradients.length !== expectedRows * n) throw new RangeError(`expected ${expectedRows} gradient rows of ${n} values, got ${gradients.length} values`);
  const row = (r: number) => gradients.subarray(r * n, (r + 1) * n);
  const mean = softmax ? row(m) : null;

  // Gram of R = [kept rows; mean row], float64.
  const gram = new Float64Array(rowCount * rowCount);
  for (let a = 0; a < rowCount; a++) {
    for (let b = a; b < rowCount; b++) {
      const v = dot(row(a), row(b));
      gram[a * rowCount + b] = v;
      gram[b * rowCount + a] = v;
    }
  }
  // A_T (m × rowCount): row c = √π_c (e_c − e_mean) for softmax, √π_c e_c for sigmoid.
  const a = new Float64Array(m * rowCount);
  for (let i = 0; i < m; i++) {
    const s = Math.sqrt(plan.weights[plan.kept[i]]);
    a[i * rowCount + i] = s;
    if (softmax) a[i * rowCount + m] = -s;
  }
  const t = new Float64Array(m * rowCount); // A · gram
  for (let i = 0; i < m; i++) for (let j = 0; j < rowCount; j++) {
    let s = 0;
    for (let l = 0; l < rowCount; l++) s += a[i * rowCount + l] * gram[l * rowCount + j];
    t[i * rowCount + j] = s;
  }
  const k = matrixF64(m, m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) {
    let s = 0;
    for (let l = 0; l < rowCount; l++) s += t[i * rowCount + l] * a[j * rowCount + l];
    k.data[i * m + j] = s;
    k.data[j * m + i] = s;
  }
  const { values: eigenvalues, vectors } = symmetricEigen(k);
  const rank = numericalRank(eigenvalues, input.rankTolerance ?? DEFAULT_RANK_TOLERANCE);
  const modeCount = Math.min(rank, input.maxModes ?? rank);
  const modeRowWeights = new Float64Array(modeCount * rowCount);
  const imageEigenvectors = new Float64Array(modeCount * n);
  for (let i = 0; i < modeCount; i++) {
    const scale = 1 / Math.sqrt(eigenvalues[i]);
    for (let r = 0; r < rowCount; r++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += a[c * rowCount + r] * vectors.data[c * m + i];
      modeRowWeights[i * rowCount + r] = s * scale;
    }
    const v = imageEigenvectors.subarray(i * n, (i + 1) * n);
    for (let r = 0; r < rowCount; r++) {
      const w = modeRowWeights[i * rowCount + r];
      if (w === 0) continue;
      const g = row(r);
      for (let p = 0; p < n; p++) v[p] += w * g[p];
    }
  }

  let keptTrace = 0;
  let keptWeight = 0;
  for (let i = 0; i < m; i++) {
    keptTrace += k.data[i * m + i];
    keptWeight += plan.weights[plan.kept[i]];
  }
  // |s_y|² of each sampled class: softmax |∇z_y − ḡ|² = |∇z_y|² − 2 ∇z_y·ḡ + |ḡ|².
  const meanNorm = mean ? dot(mean, mean) : 0;
  const squaredScore = new Map<number, number>();
  plan.sampledClasses.forEach((cls, i) => {
    const g = row(rowCount + i);
    squaredScore.set(cls, dot(g, g) + (mean ? meanNorm - 2 * dot(g, mean) : 0));
  });
  const traceFisher = traceEstimate(keptTrace, plan, squaredScore);
  const share = shareEstimate(keptTrace, traceFisher);
  return {
    head: plan.head,
    kept: plan.kept,
    probabilities: plan.probabilities,
    fisherGram: k,
    eigenvalues,
    gramEigenvectors: vectors,
    rank,
    modeCount,
    imageEigenvectors,
    modeRowWeights,
    keptTrace,
    keptWeight,
    traceFisher,
    share,
    sampleCount: plan.samples.length,
  };
}

/**
 * tr F̂ = tr F_T + π_rest · (1/S) Σ_s |s_{y_s}|², unbiased because y_s ∼ π_y / π_rest over the
 * left-out classes; standard error π_rest · sd / √S.
 */
export function traceEstimate(keptTrace: number, plan: TopClassPlan, squaredScore: ReadonlyMap<number, number>): Estimate {
  if (plan.restWeight === 0 || plan.kept.length === plan.classCount) return { value: keptTrace, standardError: 0 };
  const s = plan.samples.length;
  if (s === 0) return { value: NaN, standardError: NaN };
  const values = Array.from(plan.samples, (y) => plan.restWeight * (squaredScore.get(y) ?? NaN));
  const meanValue = values.reduce((x, y) => x + y, 0) / s;
  if (s < 2) return { value: keptTrace + meanValue, standardError: NaN };
  const variance = values.reduce((acc, v) => acc + (v - meanValue) ** 2, 0) / (s - 1);
  return { value: keptTrace + meanValue, standardError: Math.sqrt(variance / s) };
}

/** ρ̂ = tr F_T / tr F̂ with the delta-method standard error tr F_T · SE / tr F̂². */
export function shareEstimate(keptTrace: number, trace: Estimate): Estimate {
  if (!(trace.value > 0)) return { value: NaN, standardError: NaN };
  return { value: keptTrace / trace.value, standardError: (keptTrace * trace.standardError) / (trace.value * trace.value) };
}
