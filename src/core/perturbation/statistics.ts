/** Order statistics for summarising draws and images. */

/** Linear-interpolation quantile (NumPy's default, "type 7"); NaN for an empty sample. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * Math.min(Math.max(q, 0), 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Geometric mean of positive values (zeros and negatives are left out); NaN when none remain. */
export function geometricMean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 0) {
      sum += Math.log(values[i]);
      count++;
    }
  }
  return count === 0 ? NaN : Math.exp(sum / count);
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
