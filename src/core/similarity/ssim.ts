/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004, IEEE TIP 13(4), eqs. 13 and 17):
 * local means, variances and covariance under an 11×11 Gaussian window of σ = 1.5, constants
 * C1 = (0.01 L)², C2 = (0.03 L)², averaged over the positions where the window fits (as the
 * reference MATLAB code's 'valid' filtering). Images smaller than the window use a window of their
 * own size.
 */
export interface SsimOptions {
  /** Dynamic range L of the values (default 1: maps normalised to [0, 1]). */
  readonly dataRange?: number;
  readonly windowSize?: number;
  readonly sigma?: number;
}

export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, height: number, width: number, options: SsimOptions = {}): number {
  if (a.length !== height * width || b.length !== height * width) throw new RangeError(`maps must be ${height}×${width}`);
  const range = options.dataRange ?? 1;
  const size = Math.min(options.windowSize ?? 11, height, width);
  const sigma = options.sigma ?? 1.5;
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  const window = new Float64Array(size * size);
  let total = 0;
  const centre = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) total += window[y * size + x] = Math.exp(-((y - centre) ** 2 + (x - centre) ** 2) / (2 * sigma * sigma));
  }
  for (let i = 0; i < window.length; i++) window[i] /= total;
  let sum = 0;
  let count = 0;
  for (let top = 0; top + size <= height; top++) {
    for (let left = 0; left + size <= width; left++) {
      let ma = 0;
      let mb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const wgt = window[y * size + x];
          const i = (top + y) * width + left + x;
          ma += wgt * a[i];
          mb += wgt * b[i];
          saa += wgt * a[i] * a[i];
          sbb += wgt * b[i] * b[i];
          sab += wgt * a[i] * b[i];
        }
      }
      const va = saa - ma * ma;
      const vb = sbb - mb * mb;
      const cov = sab - ma * mb;
      sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      count++;
    }
  }
  return sum / count;
}

/** |map| scaled to [0, 1] by its maximum (all-zero maps stay zero): the normalisation before SSIM. */
export function normalizedMagnitude(map: ArrayLike<number>): Float32Array {
  let max = 0;
  for (let i = 0; i < map.length; i++) max = Math.max(max, Math.abs(map[i]));
  return Float32Array.from({ length: map.length }, (_, i) => (max > 0 ? Math.abs(map[i]) / max : 0));
}
