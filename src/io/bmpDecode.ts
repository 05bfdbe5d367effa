import type { UserWarning } from '../core/userFacingError';
import { ImageDecodeError } from './imageDecodeError';
import { checkPixelCount } from './limits';
import type { PngImage } from './pngDecode';

/**
 * Windows BMP → [0, 1] intensities, in plain TypeScript so the app and the CLI read BMPs the same
 * way (browsers could, Node cannot). Uncompressed 1/4/8-bit palette, 16/24/32-bit and BITFIELDS;
 * RLE-compressed BMPs are refused. A palette of grays gives one channel.
 */

interface BmpHeader {
  readonly width: number;
  readonly height: number;
  readonly topDown: boolean;
  readonly bitCount: number;
  readonly compression: number;
  readonly dataOffset: number;
  readonly headerSize: number;
}

/** Reads dimensions from the header alone, so oversized files are refused before decoding. */
export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new ImageDecodeError('not-an-image', 'not a BMP file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const headerSize = view.getUint32(14, true);
  if (headerSize === 12) {
    return { width: view.getUint16(18, true), height: view.getUint16(20, true), topDown: false, bitCount: view.getUint16(24, true), compression: 0, dataOffset: view.getUint32(10, true), headerSize };
  }
  if (bytes.length < 54) throw new ImageDecodeError('truncated', 'the BMP header is truncated');
  const rawHeight = view.getInt32(22, true);
  return {
    width: view.getInt32(18, true),
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitCount: view.getUint16(28, true),
    compression: view.getUint32(30, true),
    dataOffset: view.getUint32(10, true),
    headerSize,
  };
}

/** Bit position and width of a BITFIELDS mask; values are scaled to [0, 1] by the mask's width. */
function maskShape(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

export function decodeBmp(bytes: Uint8Array): PngImage {
  const header = readBmpHeader(bytes);
  const { width, height, bitCount, compression } = header;
  checkPixelCount(width, height, 'the BMP image');
  if (compression !== 0 && compression !== 3) throw new ImageDecodeError('unsupported-format', 'compressed (RLE/JPEG/PNG) BMP files are not supported; save it uncompressed or as PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const rowBytes = Math.ceil((width * bitCount) / 32) * 4;
  if (header.dataOffset + rowBytes * height > bytes.length) throw new ImageDecodeError('truncated', `the BMP pixel data is truncated: the file has ${bytes.length} bytes, its ${width}×${height} header needs ${header.dataOffset + rowBytes * height}`);

  // Writers pad the file by a few bytes at most: a whole row or more beyond the image means the
  // header's size disagrees with the data (a wrong width or height shows a sheared or cut image).
  const warnings: UserWarning[] = [];
  const extra = bytes.length - header.dataOffset - rowBytes * height;
  if (extra >= rowBytes && extra >= 4) {
    warnings.push({ code: 'pixel-data-longer-than-header', message: `the BMP file holds ${extra} bytes more pixel data than its ${width}×${height} header needs: the header may be wrong, and the image shown may be cut or sheared` });
  }

  let channelMasks: { shift: number; max: number }[] | null = null;
  if (bitCount === 16 || bitCount === 32) {
    const masks =
      compression === 3
        ? [view.getUint32(14 + 40, true), view.getUint32(14 + 44, true), view.getUint32(14 + 48, true)]
        : bitCount === 16
          ? [0x7c00, 0x03e0, 0x001f]
          : [0xff0000, 0x00ff00, 0x0000ff];
    channelMasks = masks.map(maskShape);
  } else if (![1, 4, 8, 24].includes(bitCount)) {
    throw new ImageDecodeError('unsupported-format', `BMP with ${bitCount} bits per pixel is not supported`);
  }

  let palette: number[][] = [];
  if (bitCount <= 8) {
    const entrySize = header.headerSize === 12 ? 3 : 4;
    const start = 14 + header.headerSize;
    const count = Math.min(1 << bitCount, Math.floor((header.dataOffset - start) / entrySize));
    palette = Array.from({ length: count }, (_, i) => [bytes[start + i * entrySize + 2], bytes[start + i * entrySize + 1], bytes[start + i * entrySize]]);
  }
  const gray = bitCount <= 8 && palette.every(([r, g, b]) => r === g && g === b);
  const channels = gray ? 1 : 3;
  const data = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = header.dataOffset + (header.topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      let rgb: number[];
      if (bitCount <= 8) {
        const bit = x * bitCount;
        const index = (bytes[row + (bit >> 3)] >> (8 - bitCount - (bit & 7))) & ((1 << bitCount) - 1);
        const entry = palette[index];
        if (!entry) throw new ImageDecodeError('corrupt-stream', `BMP palette index ${index} is outside its ${palette.length}-entry palette`);
        rgb = entry.map((v) => v / 255);
      } else if (bitCount === 24) {
        const at = row + x * 3;
        rgb = [bytes[at + 2] / 255, bytes[at + 1] / 255, bytes[at] / 255];
      } else {
        const value = bitCount === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        rgb = channelMasks!.map(({ shift, max }) => (max === 0 ? 0 : ((value >>> shift) & max) / max));
      }
      const at = (y * width + x) * channels;
      if (gray) data[at] = rgb[0];
      else data.set(rgb, at);
    }
  }
  return { width, height, channels, data, bitDepth: bitCount === 16 ? 5 : 8, ...(warnings.length > 0 ? { warnings } : {}) };
}
