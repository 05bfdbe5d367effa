import type { ColorMap } from './colorMaps';
import { DIVERGING_BLUE_RED, divergingIndex } from './colorMaps';
import { finiteSorted, quantileOfSorted } from './displayWindow';
import type { ImageValues } from './imageRaster';
import type { RgbaRaster } from './raster';
import { emptyRaster, setOpaqueFromLut } from './raster';

/**
 * One signed value per pixel. A multi-channel field (the eigenvector of an RGB model) is summed
 * over its channels: the change of the field's inner product when every channel of that pixel
 * moves together.
 */
export function perPixelSum(field: ImageValues): Float64Array {
  const { width, height, channels, data } = field;
  const out = new Float64Array(width * height);
  for (let p = 0; p < out.length; p++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += data[p * channels + c];
    out[p] = s;
  }
  return out;
}

/**
 * The half-width of a symmetric colour range: the given quantile of |v| (1 = the maximum). A
 * quantile below 1 keeps a handful of extreme pixels from washing out the rest; they saturate.
 */
export function symmetricLimit(values: ArrayLike<number>, quantile = 1): number {
  const magnitudes = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) magnitudes[i] = Math.abs(values[i]);
  const limit = quantileOfSorted(finiteSorted(magnitudes), quantile);
  return Number.isFinite(limit) && limit > 0 ? limit : 0;
}

/** Signed per-pixel values → raster with the diverging map over [−limit, limit]; zero is the centre colour. */
export function signedToRaster(values: ArrayLike<number>, width: number, height: number, limit: number, map: ColorMap = DIVERGING_BLUE_RED): RgbaRaster {
  if (values.length < width * height) throw new RangeError(`field has ${values.length} values, ${width}×${height} needs ${width * height}`);
  const raster = emptyRaster(width, height);
  const out = raster.data;
  for (let p = 0; p < width * height; p++) {
    setOpaqueFromLut(out, p, map.lut, divergingIndex(values[p], limit, map.size));
  }
  return raster;
}

/** A horizontal colour bar, −limit on the left, +limit on the right. */
export function colorBarRaster(width: number, height: number, map: ColorMap = DIVERGING_BLUE_RED): RgbaRaster {
  const row = new Float64Array(width);
  for (let x = 0; x < width; x++) row[x] = width > 1 ? (2 * x) / (width - 1) - 1 : 0;
  const values = new Float64Array(width * height);
  for (let y = 0; y < height; y++) values.set(row, y * width);
  return signedToRaster(values, width, height, 1, map);
}
