/**
 * The image statistics the domain check compares against a model's training images, all in model
 * input space (after normalisation, so one unit is one training standard deviation of the channel).
 * Pure and exact: the same functions summarise the training images (scripts) and check an image.
 */

/** One channel of an interleaved H×W×Ch image, as float64. */
export function channelValues(image: ArrayLike<number>, channels: number, channel: number): Float64Array {
  const n = Math.floor(image.length / channels);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = image[i * channels + channel];
  return out;
}

/**
 * Quantile at probability t ∈ [0, 1] of sorted values, interpolating linearly between order
 * statistics (numpy's default, "type 7").
 */
export function quantileOfSorted(sorted: ArrayLike<number>, t: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const position = Math.min(1, Math.max(0, t)) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Quantiles at the levels k / steps, k = 0 … steps (steps + 1 values). */
export function quantileFunction(values: ArrayLike<number>, steps: number): number[] {
  const sorted = Float64Array.from(values).sort();
  return Array.from({ length: steps + 1 }, (_, k) => quantileOfSorted(sorted, k / steps));
}

/** Percentiles (0–100) of values. */
export function percentilesOf(values: ArrayLike<number>, percentiles: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return percentiles.map((p) => quantileOfSorted(sorted, p / 100));
}

/**
 * ∫ over [ta, tb] of |c − L(t)|, L linear from la (at ta) to lb (at tb): the area between a constant
 * and a line, split where they cross.
 */
function absAreaConstantVsLine(c: number, la: number, lb: number, width: number): number {
  const da = c - la;
  const db = c - lb;
  if (da * db >= 0) return (width * Math.abs(da + db)) / 2;
  return (width * (da * da + db * db)) / (2 * (Math.abs(da) + Math.abs(db)));
}

/**
 * Wasserstein-1 (earth mover's) distance between the empirical distribution of `values` and the
 * distribution whose quantile function is piecewise linear through `quantiles` at the levels
 * k / (quantiles.length − 1) (a mixture of uniforms, one per quantile step): W₁ = ∫₀¹ |Q_image(t) −
 * Q_training(t)| dt, computed exactly. In model input space it reads as "training standard deviations".
 */
export function wasserstein1ToQuantiles(values: ArrayLike<number>, quantiles: readonly number[]): number {
  const n = values.length;
  const steps = quantiles.length - 1;
  if (n === 0) throw new RangeError('no values');
  if (steps < 1) throw new RangeError('at least two quantiles are needed');
  const sorted = Float64Array.from(values).sort();
  const qAt = (t: number): number => {
    const s = Math.min(steps - 1, Math.floor(t * steps));
    return quantiles[s] + (quantiles[s + 1] - quantiles[s]) * (t * steps - s);
  };
  let total = 0;
  let i = 0; // the image's quantile is sorted[i] on ((i)/n, (i+1)/n]
  let k = 0; // the training quantile is linear on [k/steps, (k+1)/steps]
  let t = 0;
  while (t < 1) {
    const nextImage = (i + 1) / n;
    const nextTraining = (k + 1) / steps;
    const next = Math.min(nextImage, nextTraining, 1);
    if (next > t) total += absAreaConstantVsLine(sorted[i], qAt(t), qAt(next), next - t);
    t = next;
    if (next >= nextImage) i = Math.min(n - 1, i + 1);
    if (next >= nextTraining) k = Math.min(steps - 1, k + 1);
    if (next >= 1) break;
  }
  return total;
}

/** The largest W₁ over channels, and the channel it was found on. */
export function intensityDistance(xModelSpace: ArrayLike<number>, channels: number, quantiles: readonly (readonly number[])[]): { distance: number; channel: number } {
  let distance = -Infinity;
  let channel = 0;
  for (let c = 0; c < channels; c++) {
    const d = wasserstein1ToQuantiles(channelValues(xModelSpace, channels, c), quantiles[c]);
    if (d > distance) [distance, channel] = [d, c];
  }
  return { distance, channel };
}

/**
 * Mean absolute difference of pixels `lag` apart horizontally and vertically, averaged over
 * channels (a first-order structure function, or variogram, at one distance): with lag 1, how much
 * the image changes from one pixel to the next (high for noise, zero for a constant image); with a
 * larger lag, how much it changes over a few pixels (the texture and the size of its structures).
 */
export function roughness(xModelSpace: ArrayLike<number>, height: number, width: number, channels: number, lag = 1): number {
  let sum = 0;
  let pairs = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const v = xModelSpace[(y * width + x) * channels + c];
        if (x + lag < width) {
          sum += Math.abs(xModelSpace[(y * width + x + lag) * channels + c] - v);
          pairs++;
        }
        if (y + lag < height) {
          sum += Math.abs(xModelSpace[((y + lag) * width + x) * channels + c] - v);
          pairs++;
        }
      }
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/** The distance, in pixels of the model input, of the coarse structure statistic. */
export const COARSE_LAG = 4;

/** Mean and (population) standard deviation of each channel. */
export function channelMoments(xModelSpace: ArrayLike<number>, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  const n = xModelSpace.length / channels;
  for (let i = 0; i < xModelSpace.length; i++) {
    const v = xModelSpace[i];
    sum[i % channels] += v;
    sumSq[i % channels] += v * v;
  }
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(0, s / n - mean[c] * mean[c])));
  return { mean, std };
}

/**
 * Normalised predictive entropy in [0, 1], from logits in log space (saturated predictions do not
 * underflow): softmax H(p) / ln C; sigmoid the mean over labels of the binary entropy / ln 2.
 */
export function normalisedEntropy(head: 'softmax' | 'sigmoid', logits: ArrayLike<number>): number {
  const c = logits.length;
  if (head === 'softmax') {
    if (c < 2) return 0;
    let max = -Infinity;
    for (let i = 0; i < c; i++) max = Math.max(max, logits[i]);
    let z = 0;
    for (let i = 0; i < c; i++) z += Math.exp(logits[i] - max);
    const logZ = max + Math.log(z);
    let h = 0;
    for (let i = 0; i < c; i++) {
      const logP = logits[i] - logZ;
      h -= Math.exp(logP) * logP;
    }
    return Math.min(1, Math.max(0, h / Math.log(c)));
  }
  let h = 0;
  for (let i = 0; i < c; i++) {
    const a = logits[i];
    const logQ = a >= 0 ? -Math.log1p(Math.exp(-a)) : a - Math.log1p(Math.exp(a));
    const log1mQ = logQ - a; // log(1 − σ(a)) = log σ(a) − a
    h -= Math.exp(logQ) * logQ + Math.exp(log1mQ) * log1mQ;
  }
  return Math.min(1, Math.max(0, h / (c * Math.LN2)));
}

/**
 * How colourful an RGB(A) image is: the mean over pixels of max(R, G, B) − min(R, G, B), in [0, 1].
 * 0 for a gray image stored as RGB; 0 for a one-channel image.
 */
export function meanChroma(data: ArrayLike<number>, channels: number): number {
  if (channels < 3) return 0;
  const n = Math.floor(data.length / channels);
  let sum = 0;
  for (let p = 0; p < n; p++) {
    const r = data[p * channels];
    const g = data[p * channels + 1];
    const b = data[p * channels + 2];
    sum += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return n === 0 ? 0 : sum / n;
}
