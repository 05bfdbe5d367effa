/**
 * Image dimensions read from headers alone, so that a file declaring absurd dimensions is refused
 * before any decoder allocates for it (a 100000 × 100000 PNG would ask for 40 GB).
 */
export type RasterFormat = 'png' | 'jpeg' | 'bmp' | 'gif' | 'webp';

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

function pngDimensions(b: Uint8Array, view: DataView): Dimensions | null {
  // Signature (8) + IHDR length (4) + "IHDR" (4) + width + height, big endian (PNG §11.2.2).
  return b.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : null;
}

function jpegDimensions(b: Uint8Array, view: DataView): Dimensions | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: view.getUint16(i + 7), height: view.getUint16(i + 5) };
    if (marker === 0xda) return null; // start of scan before any frame header
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2;
      continue;
    }
    i += 2 + view.getUint16(i + 2);
  }
  return null;
}

function webpDimensions(b: Uint8Array, view: DataView): Dimensions | null {
  if (b.length < 30) return null;
  const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
  if (chunk === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  return null;
}

export function rasterDimensions(bytes: Uint8Array, format: RasterFormat): Dimensions | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  switch (format) {
    case 'png':
      return pngDimensions(bytes, view);
    case 'jpeg':
      return jpegDimensions(bytes, view);
    case 'bmp':
      return bytes.length >= 26 ? { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) } : null;
    case 'gif':
      return bytes.length >= 10 ? { width: view.getUint16(6, true), height: view.getUint16(8, true) } : null;
    case 'webp':
      return webpDimensions(bytes, view);
  }
}
