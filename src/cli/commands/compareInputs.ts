import type { UnitImage } from '../../core';
import { resizeImage } from '../../core';
import { CliError } from '../cliError';

/**
 * Changes of the viewing pipeline applied to the second image of `ifim compare`, in display space
 * ([0, 1] intensities, before the model's preprocessing):
 * - window/level: intensities mapped linearly so that [centre − width/2, centre + width/2] spans
 *   [0, 1], clipped (what a viewer's window/level does to what the model is shown);
 * - resampling: the image resized by a factor (bilinear, half-pixel centres) before the model's own
 *   resize brings it back to the input size (a different acquisition or export resolution).
 */
export interface ViewingChange {
  readonly window?: { readonly centre: number; readonly width: number };
  readonly scale?: number;
}

export function parseWindow(text: string | undefined): ViewingChange['window'] {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((v) => !Number.isFinite(v)) || !(parts[1] > 0)) {
    throw new CliError(`ifim compare: --window-b must be "centre,width" in [0, 1] display units with width > 0, not "${text}"`);
  }
  return { centre: parts[0], width: parts[1] };
}

export function parsePositive(text: string | undefined, flag: string, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new CliError(`ifim compare: --${flag} must be a number ${allowZero ? '≥' : '>'} 0, not "${text}"`);
  }
  return v;
}

export function applyViewingChange(image: UnitImage, change: ViewingChange): UnitImage {
  let out = image;
  if (change.window) {
    const low = change.window.centre - change.window.width / 2;
    const data = out.data.map((v) => Math.min(Math.max((v - low) / change.window!.width, 0), 1));
    out = { ...out, data };
  }
  if (change.scale !== undefined && change.scale !== 1) {
    const height = Math.max(1, Math.round(out.height * change.scale));
    const width = Math.max(1, Math.round(out.width * change.scale));
    out = resizeImage(out, height, width, 'bilinear');
  }
  return out;
}
