import { ImageDecodeError } from './imageDecodeError';
import type { PngImage } from './pngDecode';

/**
 * Formats only a browser can decode here (WebP, GIF): createImageBitmap, then the pixels back
 * through an OffscreenCanvas. Feature-checked, so Node callers get a clear refusal instead of a
 * ReferenceError. No colour management or premultiplication, so 8-bit values come back as stored.
 */
export function canDecodeInBrowser(): boolean {
  return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

export async function decodeWithBrowser(bytes: Uint8Array, label: string): Promise<PngImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (error) {
    throw new ImageDecodeError('corrupt-stream', `the ${label} image could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  }
  const { width, height } = bitmap;
  const context = new OffscreenCanvas(width, height).getContext('2d');
  if (!context) throw new ImageDecodeError('unsupported-format', `this browser cannot read back ${label} pixels`);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const n = width * height;
  let gray = true;
  for (let p = 0; p < n && gray; p++) gray = rgba[p * 4] === rgba[p * 4 + 1] && rgba[p * 4] === rgba[p * 4 + 2];
  const channels = gray ? 1 : 3;
  const data = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) for (let c = 0; c < channels; c++) data[p * channels + c] = rgba[p * 4 + c] / 255;
  return { width, height, channels, data, bitDepth: 8 };
}
