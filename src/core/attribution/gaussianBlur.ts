/**
 * Separable Gaussian blur of an H×W×Ch image (channels interleaved), edges reflected (the
 * "reflect" mode of scipy.ndimage: d c b a | a b c d). The kernel is truncated at 3σ and
 * normalised, so a constant image stays constant. σ in pixels; σ ≤ 0 returns a copy.
 */
export function gaussianBlur(image: ArrayLike<number>, height: number, width: number, channels: number, sigma: number): Float32Array {
  if (image.length !== height * width * channels) throw new RangeError(`image has ${image.length} values, not ${height}×${width}×${channels}`);
  if (!(sigma > 0)) return Float32Array.from(image);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) total += kernel[i + radius] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] /= total;
  const pass = (src: ArrayLike<number>, alongRows: boolean): Float64Array => {
    const out = new Float64Array(src.length);
    const length = alongRows ? width : height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let i = -radius; i <= radius; i++) {
            const t = reflect((alongRows ? x : y) + i, length);
            const index = alongRows ? (y * width + t) * channels + c : (t * width + x) * channels + c;
            sum += kernel[i + radius] * src[index];
          }
          out[(y * width + x) * channels + c] = sum;
        }
      }
    }
    return out;
  };
  return Float32Array.from(pass(pass(image, true), false));
}

/** Index into [0, n) with reflection at both ends (period 2n). */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let t = ((i % period) + period) % period;
  if (t >= n) t = period - 1 - t;
  return t;
}
