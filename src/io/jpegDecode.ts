import jpeg from 'jpeg-js';
import { describeThrown } from '../core/userFacingError';
import { ImageDecodeError } from './imageDecodeError';
import { MAX_DECODED_BYTES, MAX_IMAGE_PIXELS } from './limits';
import type { PngImage } from './pngDecode';

/** Baseline/progressive JPEG → [0, 1] intensities (grayscale kept as one channel). */
export function decodeJpeg(bytes: Uint8Array): PngImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    // The size was checked from SOF before (decodeImage.ts); jpeg-js's own caps are the second guard.
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: MAX_DECODED_BYTES / 2 ** 20 });
  } catch (error) {
    throw new ImageDecodeError('corrupt-stream', 'the JPEG file is damaged or uses a variant this app cannot read', { details: describeThrown(error) });
  }
  const { width, height, data: rgba } = decoded;
  const n = width * height;
  let gray = true;
  for (let p = 0; p < n && gray; p++) gray = rgba[p * 4] === rgba[p * 4 + 1] && rgba[p * 4] === rgba[p * 4 + 2];
  const channels = gray ? 1 : 3;
  const data = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < channels; c++) {
      data[p * channels + c] = rgba[p * 4 + c] / 255;
    }
  }
  return { width, height, channels, data, bitDepth: 8 };
}
