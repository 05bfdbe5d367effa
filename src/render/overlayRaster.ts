import type { ColorMap } from './colorMaps';
import { DIVERGING_BLUE_RED, SEQUENTIAL_VIRIDIS, divergingIndex, sequentialIndex } from './colorMaps';
import type { ImageValues } from './imageRaster';
import type { RgbaRaster } from './raster';
import { emptyRaster, setOpaqueFromLut } from './raster';

/**
 * Overlays drawn over the image: a field in colour where it is strong, transparent where it is
 * weak. The threshold is a fraction (0…1) of the colour range's half-width, so that "0.2" means
 * "hide everything below a fifth of the saturating value" whatever the field's units. Opacity is
 * not baked in: the canvas applies it (globalAlpha), so the opacity slider needs no new raster.
 */

/** Signed per-pixel values → the diverging map where |v| ≥ threshold·limit, transparent elsewhere. */
export function signedOverlayRaster(
  values: ArrayLike<number>,
  width: number,
  height: number,
  limit: number,
  threshold: number,
  map: ColorMap = DIVERGING_BLUE_RED,
): RgbaRaster {
  checkSize(values, width, height);
  const raster = emptyRaster(width, height);
  const out = raster.data;
  const cut = Math.max(0, threshold) * limit;
  for (let p = 0; p < width * height; p++) {
    const v = values[p];
    if (!(limit > 0) || !(Math.abs(v) >= cut) || v === 0) continue;
    setOpaqueFromLut(out, p, map.lut, divergingIndex(v, limit, map.size));
  }
  return raster;
}

/** Magnitudes (≥ 0) → the sequential map where m ≥ threshold·limit, transparent elsewhere. */
export function magnitudeOverlayRaster(
  magnitudes: ArrayLike<number>,
  width: number,
  height: number,
  limit: number,
  threshold: number,
  map: ColorMap = SEQUENTIAL_VIRIDIS,
): RgbaRaster {
  checkSize(magnitudes, width, height);
  const raster = emptyRaster(width, height);
  const out = raster.data;
  const cut = Math.max(0, threshold) * limit;
  for (let p = 0; p < width * height; p++) {
    const m = magnitudes[p];
    if (!(limit > 0) || !(m >= cut) || m === 0) continue;
    setOpaqueFromLut(out, p, map.lut, sequentialIndex(m, limit, map.size));
  }
  return raster;
}

/** Magnitudes → an opaque raster in the sequential map over [0, limit] (the panel view of |x_high|). */
export function magnitudeToRaster(magnitudes: ArrayLike<number>, width: number, height: number, limit: number, map: ColorMap = SEQUENTIAL_VIRIDIS): RgbaRaster {
  checkSize(magnitudes, width, height);
  const raster = emptyRaster(width, height);
  const out = raster.data;
  for (let p = 0; p < width * height; p++) {
    setOpaqueFromLut(out, p, map.lut, sequentialIndex(magnitudes[p], limit, map.size));
  }
  return raster;
}

/** The Euclidean length of each pixel's channel vector: |x_high| of an RGB model is one number per pixel. */
export function perPixelMagnitude(field: ImageValues): Float64Array {
  const { width, height, channels, data } = field;
  const out = new Float64Array(width * height);
  for (let p = 0; p < out.length; p++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += data[p * channels + c] ** 2;
    out[p] = Math.sqrt(s);
  }
  return out;
}

/** A horizontal bar of a sequential map, 0 on the left, the limit on the right. */
export function sequentialBarRaster(width: number, height: number, map: ColorMap = SEQUENTIAL_VIRIDIS): RgbaRaster {
  const values = new Float64Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[y * width + x] = width > 1 ? x / (width - 1) : 0;
  return magnitudeToRaster(values, width, height, 1, map);
}

function checkSize(values: ArrayLike<number>, width: number, height: number): void {
  if (values.length < width * height) throw new RangeError(`field has ${values.length} values, ${width}×${height} needs ${width * height}`);
}
