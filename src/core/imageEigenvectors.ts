import type { LogitJacobian, MatrixF64 } from './types';

/**
 * Image-space eigenvectors v_i = Jᵀ (Aᵀ u_i) / √λ_i for the first `count` modes, without forming
 * G (N×C) or F (N×N): each v_i is a weighted sum of the C logit-gradient rows (METHOD: "The Gram
 * trick"). Returns `count` rows of N values, row-major, unit norm and mutually orthogonal when
 * λ_i > 0.
 */
export function imageSpaceEigenvectors(
  jacobian: LogitJacobian,
  weights: MatrixF64,
  gramEigenvectors: MatrixF64,
  eigenvalues: ArrayLike<number>,
  count: number,
): Float64Array {
  const { classes: c, inputSize: n, rows } = jacobian;
  const out = new Float64Array(count * n);
  const rowWeights = classWeightsOfModes(weights, gramEigenvectors, eigenvalues, count);
  for (let i = 0; i < count; i++) {
    const vi = out.subarray(i * n, (i + 1) * n);
    for (let r = 0; r < c; r++) {
      const w = rowWeights[i * c + r];
      if (w === 0) continue;
      const row = rows.subarray(r * n, (r + 1) * n);
      for (let k = 0; k < n; k++) vi[k] += w * row[k];
    }
  }
  return out;
}

/**
 * The coefficients of each mode over the Jacobian rows: w_i = Aᵀ u_i / √λ_i (count × C, row-major),
 * so that v_i = Σ_c w_i[c] ∇x z_c. Exposed because it tells which logits a mode moves.
 */
export function classWeightsOfModes(
  weights: MatrixF64,
  gramEigenvectors: MatrixF64,
  eigenvalues: ArrayLike<number>,
  count: number,
): Float64Array {
  const c = weights.rows;
  const out = new Float64Array(count * c);
  for (let i = 0; i < count; i++) {
    const lambda = eigenvalues[i];
    if (!(lambda > 0)) throw new RangeError(`mode ${i} has eigenvalue ${lambda}; only positive modes have image-space eigenvectors`);
    const scale = 1 / Math.sqrt(lambda);
    for (let col = 0; col < c; col++) {
      let sum = 0;
      for (let r = 0; r < c; r++) sum += weights.data[r * c + col] * gramEigenvectors.data[r * c + i];
      out[i * c + col] = sum * scale;
    }
  }
  return out;
}
