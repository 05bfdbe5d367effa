/** Default relative tolerance below which an eigenvalue counts as numerically zero (METHOD: "Rank"). */
export const DEFAULT_RANK_TOLERANCE = 1e-7;

/**
 * Number of eigenvalues above `relativeTolerance · λ₁` (values descending). Zero when λ₁ itself is
 * not positive: a model whose output does not depend on the input has no sensitive direction.
 */
export function numericalRank(valuesDescending: ArrayLike<number>, relativeTolerance = DEFAULT_RANK_TOLERANCE): number {
  const largest = valuesDescending.length > 0 ? valuesDescending[0] : 0;
  if (!(largest > 0)) return 0;
  let rank = 0;
  for (let i = 0; i < valuesDescending.length; i++) if (valuesDescending[i] > relativeTolerance * largest) rank++;
  return rank;
}

/** The structural upper bound on the rank: softmax loses one dimension to Σp = 1. */
export function maximumRank(head: 'softmax' | 'sigmoid', classes: number): number {
  return head === 'softmax' ? Math.max(classes - 1, 0) : classes;
}
