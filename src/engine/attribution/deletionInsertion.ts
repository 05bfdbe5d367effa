import type { CurveKind } from '../../core/attribution';
import { blackBaseline, blurredBaseline, compositeImage, constantBaseline, curveArea, curveEnds, pixelOrder, stepPixelCounts } from '../../core/attribution';
import { probabilitiesFromLogits } from '../../core';
import { forwardLogits } from '../analyzeImage';
import type { Classifier } from '../classifier';
import type { StudyControl } from '../studyControl';
import { throwIfCancelled } from '../studyControl';
import type { AttributionMap, InputNormalization } from './types';

/** What replaces pixels (deletion) or what pixels are inserted into (insertion). */
export type CurveBaseline = 'zero' | 'black' | 'blur';

export interface DeletionInsertionOptions extends StudyControl {
  /** The class whose probability is tracked. */
  readonly target: number;
  /** Equal steps from 0 to all pixels (default 32: 33 points per curve). */
  readonly steps?: number;
  /** Default 'zero' (model-space 0, the training mean), as Petsiuk et al.'s constant. */
  readonly deletionBaseline?: CurveBaseline;
  /** Default 'blur', as Petsiuk et al. */
  readonly insertionBaseline?: CurveBaseline;
  /** Needed for 'black'. */
  readonly normalization?: InputNormalization;
  readonly seed?: number;
  readonly batchSize?: number;
}

export interface DeletionInsertionCurves {
  /** Fraction of pixels moved at each point, 0 … 1. */
  readonly fractions: Float64Array;
  /** Probability of the target class along each curve. */
  readonly deletion: Float64Array;
  readonly insertion: Float64Array;
  /** Areas under the curves (trapezoid): deletion lower is better, insertion higher is better. */
  readonly deletionArea: number;
  readonly insertionArea: number;
}

export interface DeletionInsertionRow extends DeletionInsertionCurves {
  readonly label: string;
}

/** Both curves for one map (H×W) at one image. */
export async function deletionInsertionCurves(classifier: Classifier, x: Float32Array, map: ArrayLike<number>, options: DeletionInsertionOptions): Promise<DeletionInsertionCurves> {
  const [h, w, c] = classifier.info.inputShape;
  if (map.length !== h * w) throw new RangeError(`the map has ${map.length} values; the input has ${h}×${w} pixels`);
  const steps = options.steps ?? 32;
  const counts = stepPixelCounts(h * w, steps);
  const order = pixelOrder(map, options.seed ?? 0);
  const fractions = Float64Array.from(counts, (k) => k / (h * w));
  const curve = async (kind: CurveKind, baselineKind: CurveBaseline): Promise<Float64Array> => {
    const { from, to } = curveEnds(kind, x, baselineImage(baselineKind, x, [h, w, c], options.normalization));
    return targetProbabilities(classifier, counts.length, (i, out) => compositeImage(from, to, order, counts[i], c, out), options);
  };
  const deletion = await curve('deletion', options.deletionBaseline ?? 'zero');
  const insertion = await curve('insertion', options.insertionBaseline ?? 'blur');
  return { fractions, deletion, insertion, deletionArea: curveArea(fractions, deletion), insertionArea: curveArea(fractions, insertion) };
}

/**
 * One table for several maps of the same image, plus a `random` row (pixels in random order) as
 * the reference any map should beat.
 */
export async function deletionInsertionTable(
  classifier: Classifier,
  x: Float32Array,
  maps: readonly AttributionMap[],
  options: DeletionInsertionOptions,
): Promise<DeletionInsertionRow[]> {
  const rows: DeletionInsertionRow[] = [];
  const [h, w] = classifier.info.inputShape;
  const named: Array<{ label: string; values: ArrayLike<number> }> = [...maps.map((m) => ({ label: m.label, values: m.values })), { label: 'random', values: new Float32Array(h * w) }];
  for (const { label, values } of named) {
    throwIfCancelled(options);
    rows.push({ label, ...(await deletionInsertionCurves(classifier, x, values, options)) });
  }
  return rows;
}

function baselineImage(kind: CurveBaseline, x: Float32Array, [h, w, c]: readonly number[], normalization: InputNormalization | undefined): Float32Array {
  if (kind === 'blur') return blurredBaseline(x, h, w, c);
  if (kind === 'black') {
    if (!normalization) throw new Error('a black baseline needs the model\'s normalisation (mean and std)');
    return blackBaseline(h * w, normalization.mean, normalization.std);
  }
  return constantBaseline(h * w, new Array<number>(c).fill(0));
}

async function targetProbabilities(
  classifier: Classifier,
  count: number,
  image: (index: number, out: Float32Array) => void,
  options: DeletionInsertionOptions,
): Promise<Float64Array> {
  const [h, w, c] = classifier.info.inputShape;
  const n = h * w * c;
  const classes = classifier.info.classes.length;
  const out = new Float64Array(count);
  const batchSize = options.batchSize ?? 32;
  for (let start = 0; start < count; start += batchSize) {
    throwIfCancelled(options);
    const b = Math.min(batchSize, count - start);
    const batch = new Float32Array(b * n);
    for (let j = 0; j < b; j++) image(start + j, batch.subarray(j * n, (j + 1) * n));
    const z = await forwardLogits(classifier, batch, b);
    for (let j = 0; j < b; j++) out[start + j] = probabilitiesFromLogits(classifier.info.head, z.subarray(j * classes, (j + 1) * classes))[options.target];
  }
  return out;
}
