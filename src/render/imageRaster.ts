import type { DisplayWindow } from './displayWindow';
import { windowedByte } from './displayWindow';
import type { RgbaRaster } from './raster';
import { emptyRaster } from './raster';

/** Interleaved image values (H×W×Ch) as they come from the io layer or the model space. */
export interface ImageValues {
  readonly width: number;
  readonly height: number;
  /** 1 (gray) or 3 (RGB); other counts show their first channel as gray. */
  readonly channels: number;
  readonly data: ArrayLike<number>;
}

/**
 * Gray or RGB values → an opaque raster under one window (the same window for all three channels,
 * so colours keep their balance). `invert` swaps black and white (a display choice only).
 */
export function imageToRaster(image: ImageValues, window: DisplayWindow, invert = false): RgbaRaster {
  const { width, height, channels, data } = image;
  const pixels = width * height;
  if (data.length < pixels * channels) throw new RangeError(`image has ${data.length} values, ${width}×${height}×${channels} needs ${pixels * channels}`);
  const raster = emptyRaster(width, height);
  const out = raster.data;
  const rgb = channels === 3;
  for (let p = 0; p < pixels; p++) {
    const o = p * 4;
    if (rgb) {
      out[o] = windowedByte(data[p * 3], window);
      out[o + 1] = windowedByte(data[p * 3 + 1], window);
      out[o + 2] = windowedByte(data[p * 3 + 2], window);
    } else {
      const g = windowedByte(data[p * channels], window);
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
    }
    out[o + 3] = 255;
  }
  if (invert) for (let p = 0; p < pixels; p++) for (let c = 0; c < 3; c++) out[p * 4 + c] = 255 - out[p * 4 + c];
  return raster;
}
