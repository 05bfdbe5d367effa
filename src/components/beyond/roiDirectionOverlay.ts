import type { RgbaRaster } from '../../render';
import { DIVERGING_MAPS, perPixelSum, signedOverlayRaster, symmetricLimit } from '../../render';
import type { AppState } from '../../store';

/** As the mode overlay (store/displayRasters): the 99th percentile of |v| saturates. */
const LIMIT_QUANTILE = 0.99;

export interface RoiDirectionOverlay {
  readonly raster: RgbaRaster;
  readonly limit: number;
}

let cached: { vector: Float32Array; colorMap: string; threshold: number; overlay: RoiDirectionOverlay } | null = null;

/**
 * The region's leading direction v_M (zero outside the ROI) as an overlay of the image panel,
 * drawn exactly as the mode overlay is (diverging map, channels summed, the overlay threshold);
 * null when it is hidden, absent, or belongs to an earlier analysis. Built once per result.
 */
export function roiDirectionOverlay(s: AppState): RoiDirectionOverlay | null {
  const region = s.regionFisher;
  const vector = region?.result.leadingEigenvector;
  if (!s.showRoiDirection || !region || !vector || region.key !== s.analysisKey || !s.payload) return null;
  if (cached && cached.vector === vector && cached.colorMap === s.colorMap && cached.threshold === s.overlayThreshold) return cached.overlay;
  const [height, width, channels] = s.payload.inputShape;
  const field = channels === 1 ? Float64Array.from(vector) : perPixelSum({ width, height, channels, data: vector });
  const limit = symmetricLimit(field, LIMIT_QUANTILE);
  const overlay = { raster: signedOverlayRaster(field, width, height, limit, s.overlayThreshold, DIVERGING_MAPS[s.colorMap]), limit };
  cached = { vector, colorMap: s.colorMap, threshold: s.overlayThreshold, overlay };
  return overlay;
}
