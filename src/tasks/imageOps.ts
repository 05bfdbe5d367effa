/**
 * Small image helpers shared by the task generators: separable Gaussian blur, clipping into the
 * output buffer, and run-length coding of masks. Deterministic (exact arithmetic plus dexp).
 */
import { dexp } from './random';

/** Normalised 1D Gaussian kernel of standard deviation sigma, radius ⌈3σ⌉ (at least 1). */
export function gaussianKernel(sigma: number, radius = Math.max(1, Math.ceil(3 * sigma))): Float64Array {
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = dexp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

const kernelCache = new Map<number, Float64Array>();

function cachedKernel(sigma: number): Float64Array {
  let k = kernelCache.get(sigma);
  if (!k) {
    k = gaussianKernel(sigma);
    kernelCache.set(sigma, k);
  }
  return k;
}

let padBuf = new Float64Array(0);

/**
 * Separable Gaussian blur of a single-channel H×W image (edges replicated), in place
 * (src is overwritten with the result). tmp must hold at least H×W values.
 */
export function blurInPlace(src: Float64Array, height: number, width: number, sigma: number, tmp: Float64Array): void {
  const k = cachedKernel(sigma);
  const r = (k.length - 1) >> 1;
  const taps = k.length;
  if (padBuf.length < width + 2 * r) padBuf = new Float64Array(width + 2 * r);
  const pad = padBuf;
  // Horizontal pass: each row copied into a padded buffer with replicated ends, src → tmp.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const first = src[row];
    const last = src[row + width - 1];
    for (let j = 0; j < r; j++) {
      pad[j] = first;
      pad[r + width + j] = last;
    }
    for (let x = 0; x < width; x++) pad[r + x] = src[row + x];
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += k[j] * pad[x + j];
      tmp[row + x] = acc;
    }
  }
  // Vertical pass, row by row (contiguous inner loops): tmp → src.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) src[row + x] = 0;
    for (let j = 0; j < taps; j++) {
      let yy = y + j - r;
      if (yy < 0) yy = 0;
      else if (yy >= height) yy = height - 1;
      const w = k[j];
      const from = yy * width;
      for (let x = 0; x < width; x++) src[row + x] += w * tmp[from + x];
    }
  }
}

/** Writes a single-channel image into out[offset…], clipped to [0, 1]. */
export function writeClipped(src: Float64Array, out: Float32Array, offset: number): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    out[offset + i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}

/** Smooth Hermite step: 0 for x ≤ 0, 1 for x ≥ 1. */
export function smoothstep01(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/** Number of non-zero entries. */
export function countNonZero(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  return n;
}

/**
 * Run-length encoding of a binary H×W mask, as used in the sample sidecars ("maskRle").
 *
 * Encoding: the mask is read in row-major order (row 0 left to right, then row 1, …; unlike
 * COCO's column-major RLE). `counts` holds the lengths of alternating runs, starting with a run
 * of zeros (of length 0 when the first pixel is set): zeros, ones, zeros, ones, … Their sum is
 * height × width. An all-zero mask is `counts: [height × width]`.
 */
export interface MaskRle {
  readonly size: readonly [number, number];
  readonly order: 'row-major';
  readonly counts: readonly number[];
}

export function encodeMaskRle(mask: Uint8Array, height: number, width: number): MaskRle {
  if (mask.length !== height * width) throw new RangeError(`mask has ${mask.length} values, expected ${height}×${width}`);
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i] !== 0 ? 1 : 0;
    if (v !== current) {
      counts.push(run);
      run = 0;
      current = v;
    }
    run++;
  }
  counts.push(run);
  return { size: [height, width], order: 'row-major', counts };
}

export function decodeMaskRle(rle: MaskRle): Uint8Array {
  const [height, width] = rle.size;
  const mask = new Uint8Array(height * width);
  let pos = 0;
  let value = 0;
  for (const n of rle.counts) {
    if (value === 1) mask.fill(1, pos, pos + n);
    pos += n;
    value ^= 1;
  }
  if (pos !== height * width) throw new RangeError(`RLE covers ${pos} pixels, expected ${height * width}`);
  return mask;
}
