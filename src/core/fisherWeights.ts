import type { HeadType, MatrixF64 } from './types';
import { matrixF64 } from './types';

/**
 * The C×C matrix A with Gᵀ = A J (METHOD: "The iFIM").
 * softmax: A = diag(√p)(I − 1 pᵀ), so row c of A J is √p_c (∇z_c − Σ_j p_j ∇z_j) = √p_c s_c.
 * sigmoid: A = diag(√(q(1−q))), the Bernoulli variance of each independent label.
 */
export function fisherWeightMatrix(head: HeadType, probabilities: ArrayLike<number>): MatrixF64 {
  const c = probabilities.length;
  const a = matrixF64(c, c);
  for (let i = 0; i < c; i++) {
    const pi = probabilities[i];
    if (!(pi >= 0 && pi <= 1)) throw new RangeError(`probability ${i} is ${pi}, outside [0, 1]`);
    if (head === 'softmax') {
      const sqrtPi = Math.sqrt(pi);
      for (let j = 0; j < c; j++) a.data[i * c + j] = sqrtPi * ((i === j ? 1 : 0) - probabilities[j]);
    } else {
      a.data[i * c + i] = Math.sqrt(pi * (1 - pi));
    }
  }
  return a;
}
