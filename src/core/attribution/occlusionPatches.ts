/**
 * Occlusion (Zeiler & Fergus 2014, ECCV §4.2): slide a patch over the image, replace it by a
 * baseline, and record how much the target's score drops. A pixel's value is the mean drop over
 * the patches that cover it.
 */
export interface Patch {
  readonly top: number;
  readonly left: number;
}

/** Patch corners on a stride grid, with a last row/column flush with the edge so every pixel is covered. */
export function occlusionPatches(height: number, width: number, size: number, stride: number): Patch[] {
  if (!Number.isInteger(size) || size < 1 || size > Math.min(height, width)) throw new RangeError(`patch size ${size} must be 1…${Math.min(height, width)}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be a whole number ≥ 1, got ${stride}`);
  const starts = (extent: number): number[] => {
    const out: number[] = [];
    for (let s = 0; s + size <= extent; s += stride) out.push(s);
    if (out[out.length - 1] !== extent - size) out.push(extent - size);
    return out;
  };
  const patches: Patch[] = [];
  for (const top of starts(height)) for (const left of starts(width)) patches.push({ top, left });
  return patches;
}

/** Writes x with the patch replaced by the baseline into `out` (H×W×Ch). */
export function occludedImage(x: ArrayLike<number>, baseline: ArrayLike<number>, width: number, channels: number, patch: Patch, size: number, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i];
  for (let y = patch.top; y < patch.top + size; y++) {
    for (let xx = patch.left; xx < patch.left + size; xx++) {
      const p = (y * width + xx) * channels;
      for (let c = 0; c < channels; c++) out[p + c] = baseline[p + c];
    }
  }
}

/** Mean score drop per pixel over the patches covering it (H×W). */
export function occlusionMap(drops: ArrayLike<number>, patches: readonly Patch[], height: number, width: number, size: number): Float32Array {
  const sum = new Float64Array(height * width);
  const count = new Float64Array(height * width);
  patches.forEach((patch, i) => {
    for (let y = patch.top; y < patch.top + size; y++) {
      for (let x = patch.left; x < patch.left + size; x++) {
        sum[y * width + x] += drops[i];
        count[y * width + x] += 1;
      }
    }
  });
  return Float32Array.from(sum, (s, p) => (count[p] > 0 ? s / count[p] : 0));
}
