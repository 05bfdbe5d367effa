import { accuracy, argmaxRows, aucRoc, column } from '../classificationMetrics';
import type { HeadType } from '../types';

export interface ClassificationSummary {
  /**
   * softmax: fraction of images whose most probable class is the label.
   * sigmoid: mean over labels of the fraction decided correctly at q = ½ (as the model card).
   */
  readonly accuracy: number;
  /**
   * softmax with 2 classes: AUC of p_1. More classes: mean of the one-vs-rest AUCs.
   * sigmoid: mean of the per-label AUCs. Classes or labels absent from the set are left out of the
   * mean; NaN when every one is.
   */
  readonly auc: number;
}

/**
 * Accuracy and AUC of a labelled set from its predicted probabilities (count × C, row-major).
 * `labels`: softmax, count class indices; sigmoid, count × C values of 0/1.
 */
export function classificationSummary(head: HeadType, probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes: number): ClassificationSummary {
  const count = Math.floor(probabilities.length / classes);
  if (head === 'softmax') {
    if (labels.length !== count) throw new RangeError(`${count} predictions but ${labels.length} labels`);
    const acc = accuracy(argmaxRows(probabilities, classes), labels);
    if (classes === 2) return { accuracy: acc, auc: aucRoc(column(probabilities, 2, 1), Array.from(labels, (l) => l === 1)) };
    const aucs = Array.from({ length: classes }, (_, c) => aucRoc(column(probabilities, classes, c), Array.from(labels, (l) => l === c)));
    return { accuracy: acc, auc: meanOfFinite(aucs) };
  }
  if (labels.length !== count * classes) throw new RangeError(`${count} predictions of ${classes} labels but ${labels.length} label values`);
  let correct = 0;
  for (let i = 0; i < count * classes; i++) if ((probabilities[i] >= 0.5 ? 1 : 0) === labels[i]) correct++;
  const aucs = Array.from({ length: classes }, (_, c) => aucRoc(column(probabilities, classes, c), Array.from(column(labels, classes, c), (l) => l === 1)));
  return { accuracy: count === 0 ? NaN : correct / (count * classes), auc: meanOfFinite(aucs) };
}

function meanOfFinite(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
}
