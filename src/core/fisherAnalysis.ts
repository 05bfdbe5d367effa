import { probabilitiesFromLogits } from './divergence';
import { fisherGramFromLogitGram } from './fisherGram';
import { fisherWeightMatrix } from './fisherWeights';
import { classWeightsOfModes, imageSpaceEigenvectors } from './imageEigenvectors';
import { logitGramFromJacobian } from './logitGram';
import { DEFAULT_RANK_TOLERANCE, numericalRank } from './numericalRank';
import { symmetricEigen } from './symmetricEigen';
import type { HeadType, LogitJacobian, MatrixF64 } from './types';
import { UserFacingError } from './userFacingError';

/**
 * Infinite or NaN logits or Gram entries (infinite weights, an overflowing input) would reach the
 * eigensolver and fail there in its own words; refuse first, saying what is wrong and what to check.
 */
function refuseNonFinite(what: string, values: ArrayLike<number>, columns = 0): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue;
    const where = columns > 0 ? `entry (${Math.floor(i / columns) + 1}, ${(i % columns) + 1})` : `entry ${i + 1}`;
    throw new UserFacingError(
      'non-finite-analysis',
      `the model gives non-finite values for this image (${what} ${where} is ${values[i]}), so no Fisher information can be computed; the model's weights or the input hold infinite or NaN values — check the weights (e.g. load them in the framework that trained them)`,
    );
  }
}

export interface FisherEigenInput {
  readonly jacobian: LogitJacobian;
  readonly logits: ArrayLike<number>;
  readonly head: HeadType;
  /** Keep at most this many image-space modes (default: every numerically nonzero one). */
  readonly maxModes?: number;
  readonly rankTolerance?: number;
}

export interface FisherEigen {
  readonly head: HeadType;
  readonly probabilities: Float64Array;
  /** J Jᵀ (C×C). */
  readonly logitGram: MatrixF64;
  /** K = A J Jᵀ Aᵀ (C×C). */
  readonly fisherGram: MatrixF64;
  /** All C eigenvalues of K, descending: the nonzero eigenvalues of F(x). */
  readonly eigenvalues: Float64Array;
  /** C×C, column i is u_i. */
  readonly gramEigenvectors: MatrixF64;
  readonly rank: number;
  /** tr F = tr K = Σ λ_i: the total local sensitivity. */
  readonly traceFisher: number;
  /** Modes kept in image space (≤ rank). */
  readonly modeCount: number;
  /** modeCount × N, row-major: v_1 … v_R. */
  readonly imageEigenvectors: Float64Array;
  /** modeCount × C: v_i = Σ_c w_i[c] ∇x z_c. */
  readonly modeClassWeights: Float64Array;
}

/** From the logit Jacobian and the logits of one image to the eigenpairs of its iFIM. */
export function fisherEigenAnalysis(input: FisherEigenInput): FisherEigen {
  const { jacobian, logits, head } = input;
  if (logits.length !== jacobian.classes) {
    throw new RangeError(`${logits.length} logits but the Jacobian has ${jacobian.classes} rows`);
  }
  refuseNonFinite('logit', logits);
  const probabilities = probabilitiesFromLogits(head, logits);
  const weights = fisherWeightMatrix(head, probabilities);
  const logitGram = logitGramFromJacobian(jacobian);
  refuseNonFinite('the logit Gram J Jᵀ', logitGram.data, logitGram.cols);
  const fisherGram = fisherGramFromLogitGram(logitGram, weights);
  refuseNonFinite('the Fisher Gram', fisherGram.data, fisherGram.cols);
  const { values: eigenvalues, vectors: gramEigenvectors } = symmetricEigen(fisherGram);
  const rank = numericalRank(eigenvalues, input.rankTolerance ?? DEFAULT_RANK_TOLERANCE);
  const modeCount = Math.min(rank, input.maxModes ?? rank);
  let traceFisher = 0;
  for (let i = 0; i < fisherGram.rows; i++) traceFisher += fisherGram.data[i * fisherGram.rows + i];
  return {
    head,
    probabilities,
    logitGram,
    fisherGram,
    eigenvalues,
    gramEigenvectors,
    rank,
    traceFisher,
    modeCount,
    imageEigenvectors: imageSpaceEigenvectors(jacobian, weights, gramEigenvectors, eigenvalues, modeCount),
    modeClassWeights: classWeightsOfModes(weights, gramEigenvectors, eigenvalues, modeCount),
  };
}
