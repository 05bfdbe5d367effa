import { ImageDecodeError } from '../imageDecodeError';
import { nativeFrameBits } from './pixelLayout';
import type { PixelLayout } from './pixelLayout';
import type { RawFrame } from './rawFrame';

/**
 * Uncompressed pixel data (PS3.5 §8.1): little or big endian words, 1-bit packing, planar
 * configuration, and the 4:2:2 subsampled YBR_FULL_422 layout.
 */

/** In Explicit VR Big Endian, 8-bit samples in an OW element come as byte-swapped 16-bit words (PS3.5 §8.1.1). */
export function swapBytePairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  if (bytes.length % 2 === 1) out[bytes.length - 1] = bytes[bytes.length - 1];
  return out;
}

/** Checks that the element holds every frame, so truncated files are refused rather than zero-filled. */
export function checkNativeLength(pixelBytes: Uint8Array, layout: PixelLayout): void {
  const needed = Math.ceil((nativeFrameBits(layout) * layout.frames) / 8);
  if (pixelBytes.length < needed) {
    throw new ImageDecodeError('truncated', `pixel data holds ${pixelBytes.length} bytes; ${layout.frames} frame(s) of ${layout.columns}×${layout.rows} need ${needed}`);
  }
}

function readWords(bytes: Uint8Array, offset: number, count: number, bitsAllocated: number, bigEndian: boolean): Uint8Array | Uint16Array | Uint32Array {
  if (bitsAllocated === 8) return bytes.slice(offset, offset + count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * (bitsAllocated / 8));
  if (bitsAllocated === 16) {
    const out = new Uint16Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getUint16(i * 2, !bigEndian);
    return out;
  }
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getUint32(i * 4, !bigEndian);
  return out;
}

/** Bits Allocated 1 (segmentations, overlays): packed eight to a byte, least significant bit first, frames contiguous. */
function readBits(bytes: Uint8Array, firstBit: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = firstBit + i;
    out[i] = (bytes[bit >> 3] >> (bit & 7)) & 1;
  }
  return out;
}

function planarToInterleaved<T extends Uint8Array | Uint16Array | Uint32Array>(planar: T, pixels: number): T {
  const out = new (planar.constructor as new (n: number) => T)(planar.length);
  for (let p = 0; p < pixels; p++) {
    out[p * 3] = planar[p];
    out[p * 3 + 1] = planar[pixels + p];
    out[p * 3 + 2] = planar[2 * pixels + p];
  }
  return out;
}

/** YBR_FULL_422: Y1 Y2 Cb Cr for each horizontal pair → Y Cb Cr per pixel (chroma repeated). */
function expand422<T extends Uint8Array | Uint16Array | Uint32Array>(packed: T, rows: number, columns: number): T {
  const out = new (packed.constructor as new (n: number) => T)(rows * columns * 3);
  let src = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x += 2) {
      const y1 = packed[src];
      const y2 = packed[src + 1];
      const cb = packed[src + 2];
      const cr = packed[src + 3];
      src += 4;
      const at = (y * columns + x) * 3;
      out[at] = y1;
      out[at + 1] = cb;
      out[at + 2] = cr;
      if (x + 1 < columns) {
        out[at + 3] = y2;
        out[at + 4] = cb;
        out[at + 5] = cr;
      }
    }
  }
  return out;
}

export function readNativeFrame(pixelBytes: Uint8Array, frame: number, layout: PixelLayout, bigEndian: boolean): RawFrame {
  const { rows, columns, samplesPerPixel, bitsAllocated } = layout;
  const pixels = rows * columns;
  const frameBits = nativeFrameBits(layout);
  if (bitsAllocated === 1) return { samples: readBits(pixelBytes, frame * frameBits, pixels), components: 1, colourIsRgb: false };
  const offset = (frame * frameBits) / 8;
  if (layout.photometric === 'YBR_FULL_422') {
    const packed = readWords(pixelBytes, offset, pixels * 2, bitsAllocated, bigEndian);
    return { samples: expand422(packed, rows, columns), components: 3, colourIsRgb: false };
  }
  const words = readWords(pixelBytes, offset, pixels * samplesPerPixel, bitsAllocated, bigEndian);
  if (samplesPerPixel === 3 && layout.planarConfiguration === 1) return { samples: planarToInterleaved(words, pixels), components: 3, colourIsRgb: false };
  return { samples: words, components: samplesPerPixel, colourIsRgb: false };
}
