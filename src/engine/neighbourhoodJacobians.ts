import * as tf from '@tensorflow/tfjs';
import type { NeighbourhoodFisher } from '../core/neighbourhoodFisher';
import { NeighbourhoodFisherAccumulator, neighbourhoodLimits, neighbourhoodPoint } from '../core/neighbourhoodFisher';
import type { Classifier } from './classifier';
import { classesPerChunkForBudget, logitJacobianBatched } from './logitJacobian';

export interface NeighbourhoodOptions {
  /** M, the number of points x + σ ξ_m. */
  readonly samples: number;
  /** σ, the noise standard deviation in model input space. */
  readonly sigma: number;
  readonly seed: number;
  readonly maxModes?: number;
  readonly jacobianBudgetBytes?: number;
  readonly onSample?: (done: number, total: number) => void;
  readonly checkCancelled?: () => void;
}

const DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024;

/**
 * F̄ = (1/M) Σ_m F(x + σ ξ_m) (core/neighbourhoodFisher): one forward pass and one batched Jacobian
 * per point, each handed to the accumulator before the next is computed. The limits are checked
 * before the first pass. Leaves tf.memory().numTensors where it found it.
 */
export async function neighbourhoodFisher(classifier: Classifier, xModelSpace: Float32Array, options: NeighbourhoodOptions): Promise<NeighbourhoodFisher> {
  const [h, w, c] = classifier.info.inputShape;
  const n = h * w * c;
  if (xModelSpace.length !== n) throw new Error(`the model input has ${xModelSpace.length} values; the model takes ${h}×${w}×${c} = ${n}`);
  if (!Number.isInteger(options.samples) || options.samples < 1) throw new RangeError(`the neighbourhood needs a whole number of samples ≥ 1, not ${options.samples}`);
  if (!(options.sigma >= 0) || !Number.isFinite(options.sigma)) throw new RangeError(`σ must be a finite number ≥ 0, not ${options.sigma}`);
  const classes = classifier.info.classes.length;
  const problem = neighbourhoodLimits(options.samples, classes, n);
  if (problem) throw new RangeError(problem);
  const accumulator = new NeighbourhoodFisherAccumulator(classifier.info.head, classes, n, options.samples);
  const classesPerChunk = classesPerChunkForBudget(classifier, options.jacobianBudgetBytes ?? DEFAULT_BUDGET_BYTES);
  for (let m = 0; m < options.samples; m++) {
    options.checkCancelled?.();
    const point = neighbourhoodPoint(xModelSpace, options.sigma, options.seed, m);
    const x = tf.tensor4d(point, [1, h, w, c]);
    try {
      const logitsTensor = classifier.logits(x);
      const jacobianTensor = logitJacobianBatched(classifier, x, classesPerChunk);
      try {
        const [logits, jacobian] = await Promise.all([logitsTensor.data(), jacobianTensor.data()]);
        accumulator.add({ jacobian: jacobian as Float32Array, logits: logits as Float32Array });
      } finally {
        logitsTensor.dispose();
        jacobianTensor.dispose();
      }
    } finally {
      x.dispose();
    }
    options.onSample?.(m + 1, options.samples);
  }
  return accumulator.result({ maxModes: options.maxModes });
}
