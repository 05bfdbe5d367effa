import jpeg from 'jpeg-js';
import type { PngImage } from './pngDecode';

/** Baseline/progressive JPEG → [0, 1] intensities (grayscale kept as one channel). */
export function decodeJpeg(bytes: Uint8Array): PngImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  } catch (error) {
    throw new Error(`not a readable JPEG file (${error instanceof Error ? error.message : String(error)})`);
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
