import type { LogitJacobian, MatrixF64 } from './types';
import { matrixF64 } from './types';

/** J Jᵀ (C×C), accumulated in float64 from the float32 Jacobian rows. */
export function logitGramFromJacobian(jacobian: LogitJacobian): MatrixF64 {
  const { classes: c, inputSize: n, rows } = jacobian;
  if (rows.length !== c * n) throw new RangeError(`Jacobian has ${rows.length} values, expected ${c}×${n}`);
  const gram = matrixF64(c, c);
  for (let i = 0; i < c; i++) {
    const ri = i * n;
    for (let j = i; j < c; j++) {
      const rj = j * n;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += rows[ri + k] * rows[rj + k];
      gram.data[i * c + j] = sum;
      gram.data[j * c + i] = sum;
    }
  }
  return gram;
}
