/** Output head of a classifier: one label out of C (softmax) or C independent labels (sigmoid). */
export type HeadType = 'softmax' | 'sigmoid';

/**
 * A dense row-major matrix of float64 values. Kept as a plain record so that it crosses worker
 * boundaries as a transferable buffer and serialises to JSON without a class.
 */
export interface MatrixF64 {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrixF64(rows: number, cols: number, data?: Float64Array): MatrixF64 {
  if (data && data.length !== rows * cols) {
    throw new RangeError(`matrix data has ${data.length} values, expected ${rows}×${cols}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** Rows of a matrix as nested arrays, for JSON output. */
export function matrixToNestedArrays(m: MatrixF64): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/**
 * The logit Jacobian J = ∂z/∂x, C rows of N values each (row c is ∇x z_c), row-major.
 * Float32 because that is what the model computes; every reduction over it accumulates in float64.
 */
export interface LogitJacobian {
  readonly classes: number;
  readonly inputSize: number;
  readonly rows: Float32Array;
}
