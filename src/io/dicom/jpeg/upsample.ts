/**
 * Chroma upsampling as the IJG library does it by default (jdsample.c, "fancy" upsampling):
 * triangular interpolation for 2:1 horizontal (h2v1) and 2:1 both ways (h2v2), plain replication
 * for other ratios. Edges repeat the nearest real sample, as jdmainct.c's context rows do.
 * Matching this, rather than replicating everywhere, is what keeps subsampled colour exact.
 */

export interface Plane {
  readonly samples: Uint16Array;
  readonly stride: number;
  /** Real (downsampled) size of the component, before block padding. */
  readonly width: number;
  readonly height: number;
}

/** Upsamples by (sx, sy) and returns a plane of exactly outWidth × outHeight. */
export function upsample(plane: Plane, sx: number, sy: number, outWidth: number, outHeight: number): Uint16Array {
  const fancy = sx === 2 && (sy === 1 || sy === 2) && plane.width > 2;
  const full = fancy ? (sy === 1 ? h2v1(plane) : h2v2(plane)) : replicate(plane, sx, sy);
  const fullWidth = plane.width * sx;
  if (fullWidth === outWidth && plane.height * sy === outHeight) return full;
  const out = new Uint16Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) out.set(full.subarray(y * fullWidth, y * fullWidth + outWidth), y * outWidth);
  return out;
}

function replicate(plane: Plane, sx: number, sy: number): Uint16Array {
  const width = plane.width * sx;
  const out = new Uint16Array(width * plane.height * sy);
  for (let y = 0; y < plane.height * sy; y++) {
    const row = Math.floor(y / sy) * plane.stride;
    for (let x = 0; x < width; x++) out[y * width + x] = plane.samples[row + Math.floor(x / sx)];
  }
  return out;
}

/** jdsample.c h2v1_fancy_upsample: 3/4 nearer + 1/4 further, alternating rounding (+1, +2). */
function h2v1(plane: Plane): Uint16Array {
  const { samples, stride, width, height } = plane;
  const outWidth = width * 2;
  const out = new Uint16Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const o = y * outWidth;
    out[o] = samples[row];
    out[o + 1] = (samples[row] * 3 + samples[row + 1] + 2) >> 2;
    for (let x = 1; x < width - 1; x++) {
      const v = samples[row + x] * 3;
      out[o + 2 * x] = (v + samples[row + x - 1] + 1) >> 2;
      out[o + 2 * x + 1] = (v + samples[row + x + 1] + 2) >> 2;
    }
    const last = samples[row + width - 1];
    out[o + 2 * width - 2] = (last * 3 + samples[row + width - 2] + 1) >> 2;
    out[o + 2 * width - 1] = last;
  }
  return out;
}

/** jdsample.c h2v2_fancy_upsample: column sums 3·near + far, then 3:1 horizontally, /16 with rounding 8 or 7. */
function h2v2(plane: Plane): Uint16Array {
  const { samples, stride, width, height } = plane;
  const outWidth = width * 2;
  const out = new Uint16Array(outWidth * height * 2);
  for (let y = 0; y < height; y++) {
    for (let v = 0; v < 2; v++) {
      const near = y * stride;
      const farRow = v === 0 ? Math.max(0, y - 1) : Math.min(height - 1, y + 1);
      const far = farRow * stride;
      const o = (2 * y + v) * outWidth;
      const sum = (x: number): number => samples[near + x] * 3 + samples[far + x];
      let thisSum = sum(0);
      let nextSum = sum(1);
      out[o] = (thisSum * 4 + 8) >> 4;
      out[o + 1] = (thisSum * 3 + nextSum + 7) >> 4;
      let lastSum = thisSum;
      thisSum = nextSum;
      for (let x = 1; x < width - 1; x++) {
        nextSum = sum(x + 1);
        out[o + 2 * x] = (thisSum * 3 + lastSum + 8) >> 4;
        out[o + 2 * x + 1] = (thisSum * 3 + nextSum + 7) >> 4;
        lastSum = thisSum;
        thisSum = nextSum;
      }
      out[o + 2 * width - 2] = (thisSum * 3 + lastSum + 8) >> 4;
      out[o + 2 * width - 1] = (thisSum * 4 + 7) >> 4;
    }
  }
  return out;
}
