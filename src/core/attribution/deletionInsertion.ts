import { mixSeed, seededRng } from '../perturbation/seededRng';

/**
 * Deletion and insertion curves (Petsiuk, Das & Saenko 2018, "RISE", BMVC §4.1): pixels are taken
 * in the order of a map, most important first. Deletion moves them from the image to a baseline and
 * tracks the target's probability (a good map makes it fall fast: small area); insertion moves them
 * from a baseline into the image (a good map makes it rise fast: large area). All channels of a
 * pixel move together. Pure: the engine evaluates the images these functions build.
 */

/**
 * Pixel indices by decreasing map value. Ties (flat regions of Grad-CAM, occlusion) are broken by
 * a seeded random key, not by raster order, which would favour the top of the image.
 */
export function pixelOrder(map: ArrayLike<number>, seed = 0): Int32Array {
  const rng = seededRng(mixSeed(seed, map.length));
  const keys = Float64Array.from({ length: map.length }, () => rng.uniform());
  const value = (i: number): number => (Number.isNaN(map[i]) ? -Infinity : map[i]);
  const order = Array.from({ length: map.length }, (_, i) => i).sort((a, b) => value(b) - value(a) || keys[a] - keys[b]);
  return Int32Array.from(order);
}

/** Pixels moved after each of `steps` equal steps: 0, …, pixels (steps + 1 values). */
export function stepPixelCounts(pixels: number, steps: number): Int32Array {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a whole number ≥ 1, got ${steps}`);
  return Int32Array.from({ length: steps + 1 }, (_, i) => Math.round((i * pixels) / steps));
}

/**
 * Writes into `out` the image whose first `count` pixels in `order` come from `to` and the others
 * from `from` (H×W×Ch, channels interleaved).
 */
export function compositeImage(from: ArrayLike<number>, to: ArrayLike<number>, order: Int32Array, count: number, channels: number, out: Float32Array): void {
  if (from.length !== to.length || out.length !== from.length) throw new RangeError('images differ in size');
  for (let i = 0; i < from.length; i++) out[i] = from[i];
  for (let r = 0; r < count; r++) {
    const p = order[r] * channels;
    for (let c = 0; c < channels; c++) out[p + c] = to[p + c];
  }
}

export type CurveKind = 'deletion' | 'insertion';

/** The (from, to) pair of a curve: deletion goes from x to the baseline, insertion the other way. */
export function curveEnds<T>(kind: CurveKind, x: T, baseline: T): { from: T; to: T } {
  return kind === 'deletion' ? { from: x, to: baseline } : { from: baseline, to: x };
}

/** Area under a curve sampled at increasing fractions in [0, 1], by the trapezoid rule. */
export function curveArea(fractions: ArrayLike<number>, values: ArrayLike<number>): number {
  if (fractions.length !== values.length) throw new RangeError('fractions and values differ in length');
  let area = 0;
  for (let i = 1; i < fractions.length; i++) area += 0.5 * (fractions[i] - fractions[i - 1]) * (values[i] + values[i - 1]);
  return area;
}
