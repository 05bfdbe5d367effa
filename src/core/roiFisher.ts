import { fisherEigenAnalysis } from './fisherAnalysis';
import type { FisherEigen } from './fisherAnalysis';
import type { HeadType, LogitJacobian } from './types';

export interface RoiFisherInput {
  readonly jacobian: LogitJacobian;
  readonly logits: ArrayLike<number>;
  readonly head: HeadType;
  /** N values in the layout of x (model space): nonzero = inside the region M. */
  readonly mask: ArrayLike<number>;
  /** The full-image analysis of the same J and logits: its modes' energies inside M are reported. */
  readonly full: FisherEigen;
  readonly maxModes?: number;
  readonly rankTolerance?: number;
}

export interface RoiFisher {
  /** The analysis of F_M = P_M F P_M: eigenvalues (all C, descending), rank, modes (zero outside M). */
  readonly eigen: FisherEigen;
  /** ‖P_M v_i‖² for each kept full-image mode v_i, in mode order (each in [0, 1]). */
  readonly energyInRoi: Float64Array;
  /** tr F_M / tr F: the region's share of the total local sensitivity (0 when tr F = 0). */
  readonly traceShare: number;
  /** Number of model-space values inside M. */
  readonly insideCount: number;
}

/**
 * The iFIM restricted to a region M (docs/method.md, "Region-restricted Fisher information"):
 * F_M = P_M F P_M with P_M the diagonal 0/1 projector onto M. Since F = Jᵀ Aᵀ A J,
 * F_M = J_Mᵀ Aᵀ A J_M, where J_M is J with every column outside M set to zero: its nonzero
 * eigenpairs come from the C×C Gram A J_M J_Mᵀ Aᵀ exactly as for the whole image, and its
 * eigenvectors vanish outside M. tr F_M = Σ_{k∈M} F_kk, so traceShare is the fraction of the
 * diagonal of F (the per-pixel sensitivities) that lies inside M.
 */
export function roiFisherAnalysis(input: RoiFisherInput): RoiFisher {
  const { jacobian, mask, full } = input;
  const { classes: c, inputSize: n, rows } = jacobian;
  if (mask.length !== n) throw new RangeError(`the region mask has ${mask.length} values; the image has ${n}`);
  const inside = new Uint8Array(n);
  let insideCount = 0;
  for (let k = 0; k < n; k++) {
    if (mask[k] !== 0) {
      inside[k] = 1;
      insideCount++;
    }
  }
  const masked = new Float32Array(c * n);
  for (let r = 0; r < c; r++) {
    const offset = r * n;
    for (let k = 0; k < n; k++) if (inside[k]) masked[offset + k] = rows[offset + k];
  }
  const eigen = fisherEigenAnalysis({
    jacobian: { classes: c, inputSize: n, rows: masked },
    logits: input.logits,
    head: input.head,
    maxModes: input.maxModes,
    rankTolerance: input.rankTolerance,
  });
  return {
    eigen,
    energyInRoi: modeEnergyInside(full.imageEigenvectors, full.modeCount, inside),
    traceShare: full.traceFisher > 0 ? eigen.traceFisher / full.traceFisher : 0,
    insideCount,
  };
}

/** ‖P_M v_i‖² = Σ_{k∈M} v_i[k]² for `count` rows of N values. */
export function modeEnergyInside(vectors: ArrayLike<number>, count: number, inside: ArrayLike<number>): Float64Array {
  const n = inside.length;
  if (vectors.length < count * n) throw new RangeError(`${count} modes of ${n} values need ${count * n} values, got ${vectors.length}`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    const offset = i * n;
    for (let k = 0; k < n; k++) if (inside[k] !== 0) sum += vectors[offset + k] * vectors[offset + k];
    out[i] = sum;
  }
  return out;
}
