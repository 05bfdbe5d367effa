import type { MatrixF64 } from './types';
import { matrixF64 } from './types';

/**
 * K = A (J Jᵀ) Aᵀ = Gᵀ G, the C×C Gram matrix whose nonzero eigenvalues are those of F = G Gᵀ.
 * The result is symmetrised explicitly so that rounding cannot make the eigensolver see an
 * asymmetric input.
 */
export function fisherGramFromLogitGram(logitGram: MatrixF64, weights: MatrixF64): MatrixF64 {
  const c = logitGram.rows;
  if (logitGram.cols !== c || weights.rows !== c || weights.cols !== c) {
    throw new RangeError(`expected C×C matrices, got ${logitGram.rows}×${logitGram.cols} and ${weights.rows}×${weights.cols}`);
  }
  const m = logitGram.data;
  const a = weights.data;
  // t = A M
  const t = new Float64Array(c * c);
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      let sum = 0;
      for (let l = 0; l < c; l++) sum += a[i * c + l] * m[l * c + j];
      t[i * c + j] = sum;
    }
  }
  const k = matrixF64(c, c);
  for (let i = 0; i < c; i++) {
    for (let j = i; j < c; j++) {
      let sumIj = 0;
      let sumJi = 0;
      for (let l = 0; l < c; l++) {
        sumIj += t[i * c + l] * a[j * c + l];
        sumJi += t[j * c + l] * a[i * c + l];
      }
      const sym = 0.5 * (sumIj + sumJi);
      k.data[i * c + j] = sym;
      k.data[j * c + i] = sym;
    }
  }
  return k;
}
