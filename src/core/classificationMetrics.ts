/**
 * Classification metrics over plain arrays, shared by the training scripts, the shipped-weights
 * test and the evidence experiments.
 */

/**
 * Area under the ROC curve by the Mann–Whitney U statistic: the probability that a random positive
 * scores above a random negative, ties counting one half. NaN when a class is absent.
 */
export function aucRoc(scores: ArrayLike<number>, positives: ArrayLike<boolean | number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveCount = 0;
  let rankSumPositives = 0;
  let i = 0;
  while (i < n) {
    // Average rank over a run of tied scores.
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (positives[order[t]]) {
        positiveCount++;
        rankSumPositives += averageRank;
      }
    }
    i = j + 1;
  }
  const negativeCount = n - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return NaN;
  return (rankSumPositives - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}

/** Index of the largest value in each row of a (rows × cols) array. */
export function argmaxRows(values: ArrayLike<number>, cols: number): Int32Array {
  const rows = Math.floor(values.length / cols);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c] > values[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Fraction of predictions equal to the labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) throw new RangeError('predictions and labels differ in length');
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return labels.length === 0 ? NaN : correct / labels.length;
}

/** Column c of a (rows × cols) array. */
export function column(values: ArrayLike<number>, cols: number, c: number): Float64Array {
  const rows = Math.floor(values.length / cols);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = values[r * cols + c];
  return out;
}
