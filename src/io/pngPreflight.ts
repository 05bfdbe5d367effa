import { Unzlib } from 'fflate';
import { describeThrown, formatBytes } from '../core/userFacingError';
import { ImageDecodeError } from './imageDecodeError';
import { checkDecodedBytes, checkPixelCount, pushInSlices } from './limits';

/**
 * Checks a PNG before fast-png decodes it (PNG spec, ISO/IEC 15948): the chunk structure, the
 * critical chunks' CRCs, IHDR's values, and — the point — that the IDAT stream inflates to exactly
 * the bytes IHDR declares, inflating with a cap so that a 2 MB file cannot expand to gigabytes.
 * fast-png then decodes a stream known to be bounded and complete.
 */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlaced: boolean;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bytes of filtered scanlines (one filter byte per row) for a pass of w × h pixels. */
function scanlineBytes(w: number, h: number, channels: number, depth: number): number {
  return w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * channels * depth) / 8));
}

/** Adam7: seven passes over sub-grids (PNG spec §8.2). */
function expectedInflatedBytes(header: PngHeader): number {
  const channels = CHANNELS[header.colourType];
  const { width, height, bitDepth } = header;
  if (!header.interlaced) return scanlineBytes(width, height, channels, bitDepth);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) total += scanlineBytes(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy), channels, bitDepth);
  return total;
}

function readIhdr(data: Uint8Array): PngHeader {
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  const header = { width: view.getUint32(0), height: view.getUint32(4), bitDepth: data[8], colourType: data[9], interlaced: data[12] === 1 };
  checkPixelCount(header.width, header.height, 'the PNG image');
  if (!(header.colourType in DEPTHS)) throw new ImageDecodeError('corrupt-stream', `the PNG header names colour type ${header.colourType}, which PNG does not define; the file is damaged`);
  if (!DEPTHS[header.colourType].includes(header.bitDepth)) {
    throw new ImageDecodeError('corrupt-stream', `the PNG header pairs colour type ${header.colourType} with ${header.bitDepth}-bit samples, which PNG does not allow; the file is damaged`);
  }
  if (data[10] !== 0 || data[11] !== 0 || data[12] > 1) throw new ImageDecodeError('corrupt-stream', 'the PNG header names an unknown compression, filter or interlace method; the file is damaged');
  return header;
}

/**
 * The filter type byte that starts every scanline must be 0–4 (§9.2): checked as the data streams
 * past (non-interlaced images), so nothing of the image's size is held here.
 */
function filterByteChecker(header: PngHeader): (chunk: Uint8Array, start: number) => void {
  if (header.interlaced) return () => {};
  const rowBytes = 1 + Math.ceil((header.width * CHANNELS[header.colourType] * header.bitDepth) / 8);
  return (chunk, start) => {
    for (let row = Math.ceil(start / rowBytes); row * rowBytes < start + chunk.length; row++) {
      const filter = chunk[row * rowBytes - start];
      if (filter > 4) throw new ImageDecodeError('corrupt-stream', `the PNG image data is damaged: row ${row + 1} has filter type ${filter} (PNG defines 0–4)`);
    }
  };
}

export function preflightPng(bytes: Uint8Array): PngHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let at = 8;
  let header: PngHeader | null = null;
  let expected = 0;
  let inflatedLength = 0;
  let sawPalette = false;
  let sawIdat = false;
  let idatEnded = false;
  let inflater: Unzlib | null = null;
  const overflow = new Error('inflates past IHDR');
  while (true) {
    if (at + 12 > bytes.length) throw new ImageDecodeError('truncated', `the PNG file is truncated: it ends after ${bytes.length} bytes${header ? ', before its image data is complete' : ''}`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new ImageDecodeError('corrupt-stream', `the PNG file is damaged: bytes ${at}–${at + 8} are not a chunk header`);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) {
      throw new ImageDecodeError('truncated', `the PNG file is truncated or damaged: its ${type} chunk declares ${formatBytes(length)}, but only ${formatBytes(Math.max(0, bytes.length - at - 12))} follow`);
    }
    const data = bytes.subarray(at + 8, at + 8 + length);
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new ImageDecodeError('corrupt-stream', `the PNG file is damaged: the checksum of its ${type} chunk does not match`);
    }
    if (!header) {
      if (type !== 'IHDR' || length !== 13) throw new ImageDecodeError('corrupt-stream', 'the PNG file is damaged: it does not start with an image header (IHDR)');
      header = readIhdr(data);
      expected = expectedInflatedBytes(header);
      checkDecodedBytes(expected, 'the PNG image');
      const checkFilters = filterByteChecker(header);
      inflater = new Unzlib((chunk) => {
        if (inflatedLength + chunk.length > expected) throw overflow;
        checkFilters(chunk, inflatedLength);
        inflatedLength += chunk.length;
      });
    } else if (type === 'PLTE') {
      sawPalette = true;
    } else if (type === 'IDAT') {
      if (idatEnded) throw new ImageDecodeError('corrupt-stream', 'the PNG file is damaged: its image data (IDAT) is split by other chunks');
      if (header.colourType === 3 && !sawPalette) throw new ImageDecodeError('corrupt-stream', 'the PNG file is damaged: a palette image without a palette (PLTE) before its data');
      sawIdat = true;
      try {
        pushInSlices((slice, final) => inflater!.push(slice, final), data, false);
      } catch (error) {
        if (error instanceof ImageDecodeError) throw error;
        if (error === overflow) {
          throw new ImageDecodeError('inconsistent-header', `the PNG image data inflates to more than the ${formatBytes(expected)} its ${header.width}×${header.height} header declares; the file is damaged or crafted`);
        }
        throw new ImageDecodeError('corrupt-stream', 'the PNG image data is damaged (it does not inflate)', { details: describeThrown(error) });
      }
    } else if (sawIdat) {
      idatEnded = true;
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header) throw new ImageDecodeError('corrupt-stream', 'the PNG file has no image header');
  if (!sawIdat) throw new ImageDecodeError('corrupt-stream', 'the PNG file has no image data (IDAT)');
  try {
    inflater!.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    if (error === overflow) throw new ImageDecodeError('inconsistent-header', `the PNG image data inflates to more than the ${formatBytes(expected)} its ${header.width}×${header.height} header declares`);
    throw new ImageDecodeError('truncated', `the PNG image data is incomplete: it inflates to ${formatBytes(inflatedLength)} of the ${formatBytes(expected)} its header declares`, { details: describeThrown(error) });
  }
  if (inflatedLength < expected) {
    throw new ImageDecodeError('inconsistent-header', `the PNG image data holds ${formatBytes(inflatedLength)}, but its ${header.width}×${header.height} header needs ${formatBytes(expected)}; the file is damaged`);
  }
  return header;
}
