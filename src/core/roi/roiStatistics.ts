import type { LengthMeasurement } from './roiTypes';

/** [row spacing, column spacing] in mm, DICOM Pixel Spacing order: the distance between rows, then between columns. */
export type PixelSpacingMm = readonly [number, number];

export interface ScalarImage {
  readonly width: number;
  readonly height: number;
  /** Values in the image's units (HU for CT, the file's units for NIfTI); `channels` interleaved. */
  readonly data: ArrayLike<number>;
  readonly channels?: number;
}

export interface RoiStatistics {
  /** Pixels inside (mask ≠ 0) with a finite value. */
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation √(Σ(v − mean)² / count), as OHIF/Cornerstone report it. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** count × pixel area: mm² when the spacing is known, else px². */
  readonly area: number;
  readonly areaUnit: 'mm²' | 'px²';
}

/**
 * Mean, SD, min, max and area of the image values under a 0/1 mask (width × height, row-major),
 * for one channel. Two passes in float64, so the SD of large flat regions does not cancel.
 * Non-finite values (NaN in float NIfTI) are left out of every statistic.
 */
export function roiStatistics(image: ScalarImage, mask: ArrayLike<number>, spacing: PixelSpacingMm | null = null, channel = 0): RoiStatistics {
  const { width, height, data } = image;
  const channels = image.channels ?? 1;
  if (mask.length !== width * height) throw new RangeError(`the mask has ${mask.length} values; the image has ${width}×${height}`);
  if (channel < 0 || channel >= channels) throw new RangeError(`channel ${channel} does not exist; the image has ${channels}`);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 0) continue;
    const v = data[p * channels + channel];
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : NaN;
  let squares = 0;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 0) continue;
    const v = data[p * channels + channel];
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  const pixelArea = spacing ? spacing[0] * spacing[1] : 1;
  return {
    count,
    mean,
    sd: count > 0 ? Math.sqrt(squares / count) : NaN,
    min: count > 0 ? min : NaN,
    max: count > 0 ? max : NaN,
    area: count * pixelArea,
    areaUnit: spacing ? 'mm²' : 'px²',
  };
}

/** An area in px² in the image's units (for a shape's geometric area). */
export function areaInUnits(areaPx: number, spacing: PixelSpacingMm | null): { value: number; unit: 'mm²' | 'px²' } {
  return spacing ? { value: areaPx * spacing[0] * spacing[1], unit: 'mm²' } : { value: areaPx, unit: 'px²' };
}

/** The length tool: mm when the spacing is known (x steps are column spacings, y steps row spacings), else px. */
export function measureLength(segment: LengthMeasurement, spacing: PixelSpacingMm | null): { value: number; unit: 'mm' | 'px' } {
  const dx = segment.x1 - segment.x0;
  const dy = segment.y1 - segment.y0;
  if (!spacing) return { value: Math.hypot(dx, dy), unit: 'px' };
  return { value: Math.hypot(dx * spacing[1], dy * spacing[0]), unit: 'mm' };
}
