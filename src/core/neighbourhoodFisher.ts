import { probabilitiesFromLogits } from './divergence';
import { fisherWeightMatrix } from './fisherWeights';
import { DEFAULT_RANK_TOLERANCE, numericalRank } from './numericalRank';
import { mixSeed, seededRng } from './perturbation/seededRng';
import { symmetricEigen } from './symmetricEigen';
import type { HeadType, MatrixF64 } from './types';
import { matrixF64 } from './types';

/**
 * The neighbourhood-averaged iFIM F̄ = (1/M) Σ_m F(x + σ ξ_m), ξ_m ~ N(0, I_N) seeded
 * (docs/method.md, "Neighbourhood-averaged Fisher information"). With F(x_m) = G_m G_mᵀ,
 * F̄ = Ḡ Ḡᵀ for the N × MC matrix Ḡ = [G_1 … G_M] / √M, so its nonzero eigenvalues are those of the
 * MC × MC Gram Ḡᵀ Ḡ, whose block (m, m') is A_m (J_m J_{m'}ᵀ) A_{m'}ᵀ / M.
 *
 * Samples are added one at a time (the engine computes each J_m and hands it over): the new row
 * and column of blocks are accumulated against the samples already held, so only the M Jacobians
 * (M·C·N float32) and the Gram are in memory; `maxStoredBytes` and `maxGramSize` refuse more up
 * front (neighbourhoodLimits).
 */
export interface NeighbourhoodSample {
  /** C × N row-major: the logit Jacobian at x + σ ξ_m. */
  readonly jacobian: Float32Array;
  readonly logits: ArrayLike<number>;
}

export interface NeighbourhoodFisher {
  readonly samples: number;
  readonly classes: number;
  /** All MC eigenvalues of the Gram, descending: the nonzero eigenvalues of F̄. */
  readonly eigenvalues: Float64Array;
  readonly rank: number;
  /** tr F̄ = (1/M) Σ_m tr F(x_m). */
  readonly traceFisher: number;
  /** modeCount × N: the leading eigenvectors of F̄ in image space, unit norm. */
  readonly imageEigenvectors: Float64Array;
  readonly modeCount: number;
}

/** Limits checked before any Jacobian is computed. The cyclic Jacobi solve of an MC × MC Gram takes ~3 s at 256 and ~1 min at 512 in Node. */
export const NEIGHBOURHOOD_MAX_GRAM = 256;
export const NEIGHBOURHOOD_MAX_STORED_BYTES = 512 * 1024 * 1024;

/** The storage an M-sample neighbourhood needs, and a message when it exceeds the limits (null when it fits). */
export function neighbourhoodLimits(samples: number, classes: number, inputSize: number, maxStoredBytes = NEIGHBOURHOOD_MAX_STORED_BYTES, maxGramSize = NEIGHBOURHOOD_MAX_GRAM): string | null {
  const gram = samples * classes;
  const bytes = samples * classes * inputSize * 4;
  if (gram > maxGramSize) {
    return `M·C = ${samples}·${classes} = ${gram} exceeds the largest Gram solved here (${maxGramSize}); use M ≤ ${Math.floor(maxGramSize / classes)}`;
  }
  if (bytes > maxStoredBytes) {
    return `M = ${samples} Jacobians of ${classes}×${inputSize} need ${(bytes / 2 ** 20).toFixed(0)} MiB, above the ${(maxStoredBytes / 2 ** 20).toFixed(0)} MiB limit; use M ≤ ${Math.max(1, Math.floor(maxStoredBytes / (classes * inputSize * 4)))}`;
  }
  return null;
}

/** x + σ ξ_m with ξ_m the seeded standard-normal draw m (mulberry32 + Box–Muller, one stream per m). */
export function neighbourhoodPoint(x: ArrayLike<number>, sigma: number, seed: number, m: number): Float32Array {
  const rng = seededRng(mixSeed(seed, m));
  const out = new Float32Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[k] + sigma * rng.normal();
  return out;
}

export class NeighbourhoodFisherAccumulator {
  private readonly jacobians: Float32Array[] = [];
  private readonly weights: MatrixF64[] = [];
  /** Cross logit Grams J_m J_{m'}ᵀ (C×C) for m' ≤ m, indexed [m][m']. */
  private readonly crossGrams: MatrixF64[][] = [];

  constructor(
    readonly head: HeadType,
    readonly classes: number,
    readonly inputSize: number,
    readonly capacity: number,
  ) {
    const problem = neighbourhoodLimits(capacity, classes, inputSize);
    if (problem) throw new RangeError(problem);
  }

  get count(): number {
    return this.jacobians.length;
  }

  add(sample: NeighbourhoodSample): void {
    const { classes: c, inputSize: n } = this;
    if (this.count >= this.capacity) throw new RangeError(`the neighbourhood already holds its ${this.capacity} samples`);
    if (sample.jacobian.length !== c * n) throw new RangeError(`Jacobian has ${sample.jacobian.length} values, expected ${c}×${n}`);
    if (sample.logits.length !== c) throw new RangeError(`${sample.logits.length} logits, expected ${c}`);
    const row: MatrixF64[] = [];
    for (const other of [...this.jacobians, sample.jacobian]) row.push(crossLogitGram(sample.jacobian, other, c, n));
    this.jacobians.push(sample.jacobian);
    this.weights.push(fisherWeightMatrix(this.head, probabilitiesFromLogits(this.head, sample.logits)));
    this.crossGrams.push(row);
  }

  /** The MC × MC Gram Ḡᵀ Ḡ (block (m, m') = A_m J_m J_{m'}ᵀ A_{m'}ᵀ / M). */
  gram(): MatrixF64 {
    const { classes: c } = this;
    const m = this.count;
    const size = m * c;
    const out = matrixF64(size, size);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) {
        const block = weightedBlock(this.weights[a], this.crossGrams[a][b], this.weights[b], c);
        for (let i = 0; i < c; i++) {
          for (let j = 0; j < c; j++) {
            const value = block[i * c + j] / m;
            out.data[(a * c + i) * size + b * c + j] = value;
            out.data[(b * c + j) * size + a * c + i] = value;
          }
        }
      }
    }
    return out;
  }

  /** Eigenpairs of F̄ from the Gram; image-space modes v_i = Σ_m J_mᵀ A_mᵀ u_i^(m) / √(M λ_i). */
  result(options: { maxModes?: number; rankTolerance?: number } = {}): NeighbourhoodFisher {
    const { classes: c, inputSize: n } = this;
    const m = this.count;
    if (m === 0) throw new RangeError('the neighbourhood holds no samples');
    const gram = this.gram();
    const { values, vectors } = symmetricEigen(gram);
    const rank = numericalRank(values, options.rankTolerance ?? DEFAULT_RANK_TOLERANCE);
    const modeCount = Math.min(rank, options.maxModes ?? rank);
    let traceFisher = 0;
    for (let i = 0; i < gram.rows; i++) traceFisher += gram.data[i * gram.rows + i];
    const size = m * c;
    const imageEigenvectors = new Float64Array(modeCount * n);
    for (let i = 0; i < modeCount; i++) {
      const scale = 1 / Math.sqrt(m * values[i]);
      const vi = imageEigenvectors.subarray(i * n, (i + 1) * n);
      for (let s = 0; s < m; s++) {
        const a = this.weights[s].data;
        const rows = this.jacobians[s];
        for (let col = 0; col < c; col++) {
          // (A_sᵀ u^(s))[col]
          let w = 0;
          for (let r = 0; r < c; r++) w += a[r * c + col] * vectors.data[(s * c + r) * size + i];
          w *= scale;
          if (w === 0) continue;
          const offset = col * n;
          for (let k = 0; k < n; k++) vi[k] += w * rows[offset + k];
        }
      }
    }
    return { samples: m, classes: c, eigenvalues: values, rank, traceFisher, imageEigenvectors, modeCount };
  }
}

/** J_a J_bᵀ (C×C), accumulated in float64. */
function crossLogitGram(ja: Float32Array, jb: Float32Array, c: number, n: number): MatrixF64 {
  const out = matrixF64(c, c);
  for (let i = 0; i < c; i++) {
    const ri = i * n;
    for (let j = 0; j < c; j++) {
      const rj = j * n;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += ja[ri + k] * jb[rj + k];
      out.data[i * c + j] = sum;
    }
  }
  return out;
}

/** A_a X A_bᵀ for C×C matrices. */
function weightedBlock(aa: MatrixF64, x: MatrixF64, ab: MatrixF64, c: number): Float64Array {
  const t = new Float64Array(c * c);
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) {
    let sum = 0;
    for (let l = 0; l < c; l++) sum += aa.data[i * c + l] * x.data[l * c + j];
    t[i * c + j] = sum;
  }
  const out = new Float64Array(c * c);
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) {
    let sum = 0;
    for (let l = 0; l < c; l++) sum += t[i * c + l] * ab.data[j * c + l];
    out[i * c + j] = sum;
  }
  return out;
}
