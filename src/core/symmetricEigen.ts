import type { MatrixF64 } from './types';
import { matrixF64 } from './types';

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  readonly values: Float64Array;
  /** n×n, column i is the unit eigenvector of values[i]. */
  readonly vectors: MatrixF64;
  /** Jacobi sweeps used; reported so benchmarks and tests can see convergence. */
  readonly sweeps: number;
}

const MAX_SWEEPS = 64;

/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method
 * (Golub & Van Loan, Matrix Computations, §8.5). Jacobi is chosen over QR because at C ≤ a few
 * hundred it is simple, unconditionally stable and accurate to high relative precision in the
 * small eigenvalues, which matter here: the rank decision compares them with λ₁.
 *
 * Each eigenvector's sign is fixed so that its largest-magnitude component is positive, so that
 * every platform (browser, worker, Node) returns the same vectors.
 */
export function symmetricEigen(matrix: MatrixF64): SymmetricEigen {
  const n = matrix.rows;
  if (matrix.cols !== n) throw new RangeError(`symmetricEigen needs a square matrix, got ${matrix.rows}×${matrix.cols}`);
  const a = Float64Array.from(matrix.data);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[i * n + j];
      const y = a[j * n + i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError('symmetricEigen: matrix has a non-finite entry');
      // Average the two triangles: callers build symmetric matrices, rounding may differ slightly.
      a[i * n + j] = a[j * n + i] = 0.5 * (x + y);
    }
    if (!Number.isFinite(a[i * n + i])) throw new RangeError('symmetricEigen: matrix has a non-finite entry');
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let frobenius = 0;
  for (let i = 0; i < n * n; i++) frobenius += a[i] * a[i];
  frobenius = Math.sqrt(frobenius);

  let sweeps = 0;
  while (sweeps < MAX_SWEEPS) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (Math.sqrt(2 * off) <= 1e-15 * frobenius || off === 0) break;
    sweeps++;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle ≤ π/4 (stability).
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, n, p, q, c, s);
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = new Float64Array(n);
  const vectors = matrixF64(n, n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    let largest = 0;
    for (let r = 0; r < n; r++) if (Math.abs(v[r * n + src]) > Math.abs(largest)) largest = v[r * n + src];
    const sign = largest < 0 ? -1 : 1;
    for (let r = 0; r < n; r++) vectors.data[r * n + dst] = sign * v[r * n + src];
  });
  return { values, vectors, sweeps };
}

/** A ← Jᵀ A J and V ← V J for the plane rotation J in the (p, q) plane. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k];
    const aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  // The rotation zeroes a_pq up to rounding; set it exactly so the sweep measure sees it.
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
