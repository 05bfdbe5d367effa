import type { ClassificationSummary, PerturbationFamily, SlopeFit } from '../core/perturbation';
import { classificationSummary, fitSmallEpsilonSlope, isEpsilonFamily, mean, median, quantile } from '../core/perturbation';
import { probabilitiesFromLogits } from '../core';
import type { Classifier } from './classifier';
import type { ImagePerturbationStudy, PerturbationStudyOptions } from './perturbationStudy';
import { perturbationStudy } from './perturbationStudy';
import { throwIfCancelled } from './studyControl';

/** A labelled set of images already in model input space. */
export interface LabelledSet {
  readonly count: number;
  /** count × H × W × Ch values, image after image. */
  readonly images: Float32Array;
  /** softmax: count class indices. sigmoid: count × C values of 0/1. */
  readonly labels: Int32Array;
}

export interface DatasetStudyProgress {
  readonly imagesDone: number;
  readonly imageCount: number;
  /** Overall fraction done, 0 … 1, updated within images too. */
  readonly fraction: number;
}

export interface DatasetStudyOptions extends Omit<PerturbationStudyOptions, 'imageIndex' | 'analysis' | 'onProgress'> {
  readonly onProgress?: (progress: DatasetStudyProgress) => void;
}

export interface DatasetMetricRow {
  readonly family: PerturbationFamily;
  /** ε for the ε families; the mean |x_high(k)| over the images for the removals. */
  readonly epsilon: number;
  /** Mean over draws of the set's accuracy (one perturbed copy of every image per draw). */
  readonly accuracy: number;
  /** Mean over draws of the set's AUC (core classificationSummary). */
  readonly auc: number;
}

export interface SlopeSummary {
  /** Fit to the median over images of each image's mean-over-draws KL. */
  readonly pooled: SlopeFit;
  /** Distribution of the per-image fits with status 'ok'. */
  readonly perImage: { readonly count: number; readonly median: number; readonly q25: number; readonly q75: number };
}

export interface SecondOrderCheck {
  /** measured KL / (½ ε² Σ u_i² λ_i) over leading draws at each image's smallest ε above the floor. */
  readonly medianRatio: number;
  readonly q25: number;
  readonly q75: number;
  readonly count: number;
}

export type ImageStudySummary = Omit<ImagePerturbationStudy, 'perturbedLogits'>;

export interface DatasetStudyResult {
  readonly images: ImageStudySummary[];
  /** The unperturbed set. */
  readonly clean: ClassificationSummary;
  readonly table: DatasetMetricRow[];
  readonly slopes: Partial<Record<PerturbationFamily, SlopeSummary>>;
  readonly secondOrder: SecondOrderCheck;
  /** Median over images of the KL noise floor. */
  readonly noiseFloor: number;
}

/**
 * The data-set study: the per-image perturbation study on every image (the same directions serve
 * the per-image metrics and the set's accuracy and AUC), then accuracy and AUC against ε per family.
 * An image for which a family could not be drawn (rank 0) enters that family's metrics unperturbed.
 * Cancellable between batches (signal or checkCancelled); reports progress for the worker.
 */
export async function datasetStudy(classifier: Classifier, set: LabelledSet, options: DatasetStudyOptions): Promise<DatasetStudyResult> {
  const [h, w, ch] = classifier.info.inputShape;
  const n = h * w * ch;
  const c = classifier.info.classes.length;
  const head = classifier.info.head;
  if (set.images.length !== set.count * n) throw new RangeError(`the set holds ${set.images.length} values; ${set.count} images of ${h}×${w}×${ch} need ${set.count * n}`);
  if (set.count === 0) throw new RangeError('the set is empty');

  const cleanProbabilities = new Float64Array(set.count * c);
  // (family, ε, draw) → probabilities of every image, count × C.
  const perturbed = new Map<string, Float64Array>();
  const keyOf = (family: PerturbationFamily, epsilonIndex: number, draw: number): string => `${family}|${epsilonIndex}|${draw}`;
  const images: ImageStudySummary[] = [];

  for (let i = 0; i < set.count; i++) {
    throwIfCancelled(options);
    const x = set.images.subarray(i * n, (i + 1) * n);
    const study = await perturbationStudy(classifier, x, {
      ...options,
      imageIndex: i,
      onProgress: (f) => options.onProgress?.({ imagesDone: i, imageCount: set.count, fraction: (i + f) / set.count }),
    });
    const clean = probabilitiesFromLogits(head, study.cleanLogits);
    cleanProbabilities.set(clean, i * c);
    study.records.forEach((record, r) => {
      const epsilonIndex = isEpsilonFamily(record.family) ? options.epsilons.indexOf(record.epsilon) : 0;
      const key = keyOf(record.family, epsilonIndex, record.draw);
      let target = perturbed.get(key);
      if (!target) {
        target = new Float64Array(set.count * c).fill(NaN);
        perturbed.set(key, target);
      }
      target.set(probabilitiesFromLogits(head, study.perturbedLogits.subarray(r * c, (r + 1) * c)), i * c);
    });
    const { perturbedLogits: _dropped, ...summary } = study;
    images.push(summary);
    options.onProgress?.({ imagesDone: i + 1, imageCount: set.count, fraction: (i + 1) / set.count });
  }
  // Images where a family was skipped keep their clean prediction in that family's metrics.
  for (const probabilities of perturbed.values()) {
    for (let t = 0; t < probabilities.length; t++) if (Number.isNaN(probabilities[t])) probabilities[t] = cleanProbabilities[t];
  }

  const summarize = (p: Float64Array): ClassificationSummary => classificationSummary(head, p, set.labels, c);
  const families = [...new Set(images.flatMap((s) => s.records.map((r) => r.family)))];
  const table: DatasetMetricRow[] = [];
  const draws = options.draws;
  for (const family of families) {
    const epsilonValues = isEpsilonFamily(family) ? options.epsilons : [mean(images.map((s) => s.highNorm))];
    epsilonValues.forEach((epsilon, e) => {
      const perDraw: ClassificationSummary[] = [];
      for (let d = 0; d < (family === 'removal-leading' ? 1 : draws); d++) {
        const p = perturbed.get(keyOf(family, e, d));
        if (p) perDraw.push(summarize(p));
      }
      table.push({ family, epsilon, accuracy: mean(perDraw.map((s) => s.accuracy)), auc: mean(perDraw.map((s) => s.auc)) });
    });
  }

  const noiseFloor = median(images.map((s) => s.noiseFloor.value));
  const slopes: Partial<Record<PerturbationFamily, SlopeSummary>> = {};
  for (const family of families.filter(isEpsilonFamily)) {
    const pooledKl = options.epsilons.map((epsilon) =>
      median(images.map((s) => mean(s.records.filter((r) => r.family === family && r.epsilon === epsilon).map((r) => r.kl))).filter((v) => !Number.isNaN(v))),
    );
    const fits = images.map((s) => s.slopes[family]).filter((f): f is SlopeFit => f !== undefined && f.status === 'ok').map((f) => f.slope);
    slopes[family] = {
      pooled: fitSmallEpsilonSlope(options.epsilons, pooledKl, { noiseFloor }),
      perImage: { count: fits.length, median: median(fits), q25: quantile(fits, 0.25), q75: quantile(fits, 0.75) },
    };
  }

  const ratios: number[] = [];
  for (const s of images) {
    const fit = s.slopes.leading;
    if (!fit || fit.epsilons.length === 0) continue;
    const smallest = fit.epsilons[0];
    for (const r of s.records) if (r.family === 'leading' && r.epsilon === smallest && r.predictedKl) ratios.push(r.kl / r.predictedKl);
  }
  return {
    images,
    clean: summarize(cleanProbabilities),
    table,
    slopes,
    secondOrder: { medianRatio: median(ratios), q25: quantile(ratios, 0.25), q75: quantile(ratios, 0.75), count: ratios.length },
    noiseFloor,
  };
}
