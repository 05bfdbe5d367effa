/**
 * The exact path from a decoded image to the model input tensor, as typed-array code shared by the
 * app, the worker and the CLI so that all three feed the model the same numbers.
 */

/** An image as the io layer delivers it: intensities scaled to [0, 1], channels interleaved. */
export interface UnitImage {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Float32Array;
}

export interface ModelInputSpec {
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly resize: 'bilinear' | 'nearest';
}

/** Gray ↔ RGB (ITU-R BT.601 luma for RGB → gray); alpha is dropped. */
export function convertChannels(image: UnitImage, channels: 1 | 3): UnitImage {
  const { width, height, channels: src, data } = image;
  if (src === channels) return image;
  const n = width * height;
  const out = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    if (channels === 3) {
      const g = data[p * src];
      out[p * 3] = g;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = g;
    } else if (src >= 3) {
      out[p] = 0.299 * data[p * src] + 0.587 * data[p * src + 1] + 0.114 * data[p * src + 2];
    } else {
      out[p] = data[p * src]; // gray + alpha
    }
  }
  return { width, height, channels, data: out };
}

/**
 * Resize with half-pixel centres (the convention of TF's `align_corners=false, half_pixel_centers=true`
 * and of browsers' canvas scaling), so a same-size resize is the identity.
 */
export function resizeImage(image: UnitImage, height: number, width: number, method: 'bilinear' | 'nearest'): UnitImage {
  if (image.height === height && image.width === width) return image;
  const { channels: ch, data } = image;
  const out = new Float32Array(height * width * ch);
  const sy = image.height / height;
  const sx = image.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < ch; c++) {
        const o = (y * width + x) * ch + c;
        if (method === 'nearest') {
          const ny = Math.min(Math.floor((y + 0.5) * sy), image.height - 1);
          const nx = Math.min(Math.floor((x + 0.5) * sx), image.width - 1);
          out[o] = data[(ny * image.width + nx) * ch + c];
        } else {
          const a = data[(y0 * image.width + x0) * ch + c];
          const b = data[(y0 * image.width + x1) * ch + c];
          const d = data[(y1 * image.width + x0) * ch + c];
          const e = data[(y1 * image.width + x1) * ch + c];
          out[o] = (1 - wy) * ((1 - wx) * a + wx * b) + wy * ((1 - wx) * d + wx * e);
        }
      }
    }
  }
  return { width, height, channels: ch, data: out };
}

/** (x − mean[c]) / std[c] per channel. */
export function normalizeChannels(image: UnitImage, mean: readonly number[], std: readonly number[]): Float32Array {
  const { channels: ch, data } = image;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - mean[i % ch]) / std[i % ch];
  return out;
}

/** Decoded image → the model's input (H×W×Ch, float32), in the model's input space. */
export function toModelInput(image: UnitImage, spec: ModelInputSpec): Float32Array {
  const converted = convertChannels(image, spec.channels);
  const resized = resizeImage(converted, spec.height, spec.width, spec.resize);
  return normalizeChannels(resized, spec.mean, spec.std);
}

/** Model space → [0, 1] display space (inverse of the normalisation), for showing components. */
export function fromModelSpace(xModelSpace: ArrayLike<number>, channels: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const out = new Float32Array(xModelSpace.length);
  for (let i = 0; i < out.length; i++) out[i] = xModelSpace[i] * std[i % channels] + mean[i % channels];
  return out;
}
