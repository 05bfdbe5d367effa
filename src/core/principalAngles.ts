import { symmetricEigen } from './symmetricEigen';
import { matrixF64 } from './types';

/**
 * Principal angles between span(A) and span(B) for orthonormal rows A (ka × N) and B (kb × N)
 * (Björck & Golub 1973; docs/method.md, "Subspace stability"). The cosines are the singular
 * values of M = A Bᵀ (ka × kb), found from the eigen-decomposition of Mᵀ M (kb × kb, float64).
 * Cosines near 1 lose the small angles (cos θ = 1 − θ²/2), so each angle is taken as
 * atan2(sin θ, cos θ) with sin θ = ‖B ᵀw − Aᵀ(M w)‖ the length of the part of the principal
 * vector Bᵀw outside span(A) (Knyazev & Argentati 2002): accurate for small and large angles.
 */
export interface PrincipalAngles {
  /** min(ka, kb) angles in radians, ascending. */
  readonly radians: Float64Array;
  readonly degrees: Float64Array;
  /** cos θ_j, descending. */
  readonly cosines: Float64Array;
}

export function principalAngles(a: ArrayLike<number>, ka: number, b: ArrayLike<number>, kb: number, inputSize: number): PrincipalAngles {
  const n = inputSize;
  if (a.length < ka * n || b.length < kb * n) throw new RangeError(`subspaces of ${ka} and ${kb} vectors of ${n} values need ${ka * n} and ${kb * n} values`);
  // Put the larger subspace first so that Mᵀ M is the smaller matrix and every angle is one of its eigenvalues.
  if (kb > ka) return principalAngles(b, kb, a, ka, inputSize);
  const count = kb;
  if (count === 0) return { radians: new Float64Array(0), degrees: new Float64Array(0), cosines: new Float64Array(0) };
  const m = new Float64Array(ka * kb);
  for (let i = 0; i < ka; i++) {
    for (let j = 0; j < kb; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k] * b[j * n + k];
      m[i * kb + j] = sum;
    }
  }
  const mtm = matrixF64(kb, kb);
  for (let i = 0; i < kb; i++) {
    for (let j = 0; j < kb; j++) {
      let sum = 0;
      for (let r = 0; r < ka; r++) sum += m[r * kb + i] * m[r * kb + j];
      mtm.data[i * kb + j] = sum;
    }
  }
  const { vectors } = symmetricEigen(mtm);
  const radians = new Float64Array(count);
  const cosines = new Float64Array(count);
  const principal = new Float64Array(n);
  const residual = new Float64Array(n);
  for (let j = 0; j < count; j++) {
    // w_j: right singular vector; principal vector of B is Bᵀ w_j; its projection on span(A) is Aᵀ (M w_j).
    principal.fill(0);
    residual.fill(0);
    for (let r = 0; r < kb; r++) {
      const w = vectors.data[r * kb + j];
      for (let k = 0; k < n; k++) principal[k] += w * b[r * n + k];
    }
    for (let i = 0; i < ka; i++) {
      let mw = 0;
      for (let r = 0; r < kb; r++) mw += m[i * kb + r] * vectors.data[r * kb + j];
      for (let k = 0; k < n; k++) residual[k] += mw * a[i * n + k];
    }
    let cosSq = 0;
    let sinSq = 0;
    for (let k = 0; k < n; k++) {
      cosSq += residual[k] * residual[k];
      const d = principal[k] - residual[k];
      sinSq += d * d;
    }
    radians[j] = Math.atan2(Math.sqrt(sinSq), Math.sqrt(cosSq));
  }
  radians.sort();
  for (let j = 0; j < count; j++) cosines[j] = Math.cos(radians[j]);
  return { radians, degrees: radians.map((r) => (r * 180) / Math.PI), cosines };
}
