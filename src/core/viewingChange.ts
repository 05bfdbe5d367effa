import { resizeImage } from './preprocess';
import type { UnitImage } from './preprocess';

/**
 * Changes of the viewing pipeline applied to a second image for the subspace-stability
 * comparison (`ifim compare`, the viewer's compare view), in display space ([0, 1] intensities,
 * before the model's preprocessing):
 * - window/level: intensities mapped linearly so that [centre − width/2, centre + width/2] spans
 *   [0, 1], clipped (what a viewer's window/level does to what the model is shown);
 * - resampling: the image resized by a factor (bilinear, half-pixel centres) before the model's own
 *   resize brings it back to the input size (a different acquisition or export resolution).
 */
export interface ViewingChange {
  readonly window?: { readonly centre: number; readonly width: number };
  readonly scale?: number;
}

export function applyViewingChange(image: UnitImage, change: ViewingChange): UnitImage {
  let out = image;
  const window = change.window;
  if (window) {
    const low = window.centre - window.width / 2;
    const data = out.data.map((v) => Math.min(Math.max((v - low) / window.width, 0), 1));
    out = { ...out, data };
  }
  if (change.scale !== undefined && change.scale !== 1) {
    const height = Math.max(1, Math.round(out.height * change.scale));
    const width = Math.max(1, Math.round(out.width * change.scale));
    out = resizeImage(out, height, width, 'bilinear');
  }
  return out;
}
