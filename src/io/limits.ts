import { formatBytes, formatPixels } from '../core/userFacingError';
import { ImageDecodeError } from './imageDecodeError';

/**
 * The limits every decoder checks from headers, before it inflates or allocates anything. The
 * models take 224–512 px; a 16k × 16k image is already 1 GiB of float32 per channel.
 */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

/** Decoded bytes (before conversion to float): what an inflater or a codec may produce for one file. */
export const MAX_DECODED_BYTES = 512 * 1024 * 1024;

export interface PixelCountOptions {
  readonly frames?: number;
  /** Samples per pixel: the limit counts values, so a colour image counts three per pixel. */
  readonly samples?: number;
  readonly maxPixels?: number;
}

/** Refuses a width × height (× frames × samples) before any buffer exists for it. */
export function checkPixelCount(width: number, height: number, what = 'the image', options: PixelCountOptions = {}): void {
  const { frames = 1, samples = 1, maxPixels = MAX_IMAGE_PIXELS } = options;
  if (!(width > 0 && height > 0)) {
    throw new ImageDecodeError('zero-size', `${what} has no pixels: its header says ${width}×${height}; the file is damaged or was written wrongly — export it again`);
  }
  const values = width * height * frames * samples;
  if (values > maxPixels) {
    const size = `${width}×${height}${frames > 1 ? ` × ${frames} frames` : ''}${samples > 1 ? ` × ${samples} samples` : ''}`;
    throw new ImageDecodeError('too-large', `${what} is ${size} (${formatPixels(values)}), too large to open: the limit is ${formatPixels(maxPixels)} — downsample it before opening`);
  }
}

export function checkDecodedBytes(bytes: number, what: string, maxBytes = MAX_DECODED_BYTES): void {
  if (bytes > maxBytes) {
    throw new ImageDecodeError('too-large', `${what} would decode to ${formatBytes(bytes)}, too large to open: the limit is ${formatBytes(maxBytes)} — downsample it before opening`);
  }
}

/**
 * Feeds a streaming inflater in small slices: fflate inflates each push in one go, and deflate
 * expands at most ~1032:1, so 1 KiB in never produces more than ~1 MiB out before the cap is seen.
 */
export function pushInSlices(push: (slice: Uint8Array, final: boolean) => void, data: Uint8Array, final: boolean): void {
  const SLICE = 1024;
  if (data.length === 0) push(data, final);
  for (let at = 0; at < data.length; at += SLICE) push(data.subarray(at, at + SLICE), final && at + SLICE >= data.length);
}
