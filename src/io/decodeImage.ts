import { decodeJpeg } from './jpegDecode';
import type { PngImage } from './pngDecode';
import { decodePng } from './pngDecode';

/** Refuse before allocating: 16k × 16k is already 1 GiB of float32 per channel. */
export const MAX_IMAGE_PIXELS = 64 * 1024 * 1024;

export type ImageFormat = 'png' | 'jpeg';

/** Recognises the format from the first bytes, not from the file name. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Any supported raster file → [0, 1] intensities, with a message naming the problem otherwise. */
export function decodeImageBytes(bytes: Uint8Array, name: string): PngImage {
  if (bytes.length === 0) throw new Error(`${name} is empty`);
  const format = sniffImageFormat(bytes);
  if (!format) throw new Error(`${name} is not a PNG or JPEG image`);
  let image: PngImage;
  try {
    image = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (image.width * image.height > MAX_IMAGE_PIXELS) {
    throw new Error(`${name} is ${image.width}×${image.height}; images above ${MAX_IMAGE_PIXELS} pixels are refused`);
  }
  return image;
}
