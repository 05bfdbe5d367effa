/**
 * Window/level: the value range [low, high] mapped onto black…white. Radiology speaks of a
 * window centre (level) and width; both forms convert to this one.
 */
export interface DisplayWindow {
  readonly low: number;
  readonly high: number;
}

export const UNIT_WINDOW: DisplayWindow = { low: 0, high: 1 };

export function windowFromLevel(level: number, width: number): DisplayWindow {
  return { low: level - width / 2, high: level + width / 2 };
}

/** The full range of the finite values (a constant image gets a window of width 0). */
export function rangeWindow(values: ArrayLike<number>): DisplayWindow {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return low <= high ? { low, high } : UNIT_WINDOW;
}

/**
 * The range between two quantiles (0…1) of the finite values: robust to a few extreme pixels,
 * which gradient-based fields often have.
 */
export function quantileWindow(values: ArrayLike<number>, lowQuantile: number, highQuantile: number): DisplayWindow {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return UNIT_WINDOW;
  return { low: quantileOfSorted(sorted, lowQuantile), high: quantileOfSorted(sorted, highQuantile) };
}

export function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[n++] = values[i];
  return out.subarray(0, n).sort();
}

/** Linear interpolation between order statistics (the "type 7" definition of R and NumPy). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Value → 0…255 under a window; a window of width 0 splits at its level. */
export function windowedByte(value: number, window: DisplayWindow): number {
  const span = window.high - window.low;
  if (!(span > 0)) return value > window.low ? 255 : 0;
  const t = (value - window.low) / span;
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
}

/**
 * quantileWindow in O(N) for large images: a histogram of `bins` bins over the value range, read
 * at the two quantiles with linear interpolation inside the bin. Off by at most one bin
 * (range / bins) — invisible in a display window — where sorting a 4-megapixel frame would block
 * the page for half a second.
 */
export function histogramQuantileWindow(values: ArrayLike<number>, lowQuantile: number, highQuantile: number, bins = 65536): DisplayWindow {
  const range = rangeWindow(values);
  if (range === UNIT_WINDOW || !(range.high > range.low)) return range;
  const counts = new Uint32Array(bins);
  const scale = bins / (range.high - range.low);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - range.low) * scale))]++;
    n++;
  }
  const at = (q: number): number => {
    const target = Math.min(Math.max(q, 0), 1) * (n - 1);
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      const c = counts[b];
      if (seen + c > target) return range.low + (b + (target - seen + 0.5) / c) / scale;
      seen += c;
    }
    return range.high;
  };
  return { low: Math.max(range.low, at(lowQuantile)), high: Math.min(range.high, at(highQuantile)) };
}

/**
 * A derived image's own window: its 1st–99th percentile, so a field with a few extreme pixels (or
 * a small spread about a large offset, as x_high has) still shows its contrast. A flat field gets
 * its full range.
 */
export function ownWindow(values: ArrayLike<number>): DisplayWindow {
  const w = quantileWindow(values, 0.01, 0.99);
  return w.high > w.low ? w : rangeWindow(values);
}
