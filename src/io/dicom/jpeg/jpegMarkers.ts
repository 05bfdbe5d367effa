import { ImageDecodeError } from '../../imageDecodeError';

/**
 * The marker segments of a sequential DCT JPEG (ITU-T T.81 Annex B): enough structure to decode
 * baseline (SOF0) and extended (SOF1, 8- or 12-bit) Huffman files, including the 12-bit ones
 * DICOM stores under 1.2.840.10008.1.2.4.51.
 */

export interface FrameComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly quantTable: number;
}

export interface FrameHeader {
  readonly marker: number;
  readonly precision: number;
  readonly height: number;
  readonly width: number;
  readonly components: readonly FrameComponent[];
}

export interface HuffmanSpec {
  /** Number of codes of each length 1…16 (BITS). */
  readonly counts: Uint8Array;
  /** Symbols in code order (HUFFVAL). */
  readonly symbols: Uint8Array;
}

export interface ScanComponent {
  readonly componentIndex: number;
  readonly dcTable: number;
  readonly acTable: number;
}

export interface Scan {
  readonly components: readonly ScanComponent[];
  readonly spectralStart: number;
  readonly spectralEnd: number;
  readonly approximation: number;
  /** Offset of the first entropy-coded byte. */
  readonly dataOffset: number;
  /** Tables in force when this scan starts (DHT/DQT/DRI may change between scans). */
  readonly dcTables: readonly (HuffmanSpec | undefined)[];
  readonly acTables: readonly (HuffmanSpec | undefined)[];
  readonly quantTables: readonly (Int32Array | undefined)[];
  readonly restartInterval: number;
}

export interface JpegStructure {
  readonly frame: FrameHeader;
  readonly scans: readonly Scan[];
  readonly sawJfif: boolean;
  /** Adobe APP14 colour transform flag (0: none/RGB, 1: YCbCr, 2: YCCK), or null when absent. */
  readonly adobeTransform: number | null;
}

/** Zig-zag order → natural (row-major) index, T.81 Figure A.6. */
export const ZIGZAG = Int32Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29,
  22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

const corrupt = (message: string): ImageDecodeError => new ImageDecodeError('corrupt-stream', `JPEG stream: ${message}`);

/** Skips the entropy-coded data of a scan: up to the next marker that is not a stuffed 0xFF00 or an RSTn. */
export function skipEntropyData(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i + 1 < bytes.length) {
    if (bytes[i] === 0xff) {
      const next = bytes[i + 1];
      if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) return i;
    }
    i++;
  }
  return bytes.length;
}

export function parseJpeg(bytes: Uint8Array): JpegStructure {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw corrupt('no start-of-image marker');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const dcTables: (HuffmanSpec | undefined)[] = [];
  const acTables: (HuffmanSpec | undefined)[] = [];
  const quantTables: (Int32Array | undefined)[] = [];
  let restartInterval = 0;
  let frame: FrameHeader | undefined;
  const scans: Scan[] = [];
  let sawJfif = false;
  let adobeTransform: number | null = null;
  let i = 2;
  for (;;) {
    while (i < bytes.length && bytes[i] === 0xff && bytes[i + 1] === 0xff) i++; // fill bytes
    if (i + 1 >= bytes.length) {
      if (scans.length > 0) break; // tolerate a missing EOI, as libjpeg does (with a warning)
      throw corrupt('ends before its first scan');
    }
    if (bytes[i] !== 0xff) throw corrupt(`expected a marker at byte ${i}`);
    const marker = bytes[i + 1];
    i += 2;
    if (marker === 0xd9) break; // EOI
    if (marker >= 0xd0 && marker <= 0xd7) continue; // stray RSTn
    if (i + 2 > bytes.length) throw corrupt('truncated marker segment');
    const length = view.getUint16(i);
    const end = i + length;
    if (length < 2 || end > bytes.length) throw corrupt(`marker 0xFF${marker.toString(16).toUpperCase()} runs past the end`);
    const body = i + 2;
    switch (marker) {
      case 0xc0:
      case 0xc1: {
        const precision = bytes[body];
        const height = view.getUint16(body + 1);
        const width = view.getUint16(body + 3);
        const count = bytes[body + 5];
        const components: FrameComponent[] = [];
        for (let c = 0; c < count; c++) {
          const at = body + 6 + c * 3;
          components.push({ id: bytes[at], h: bytes[at + 1] >> 4, v: bytes[at + 1] & 15, quantTable: bytes[at + 2] });
        }
        if (precision !== 8 && precision !== 12) throw corrupt(`sample precision ${precision} (sequential DCT allows 8 or 12)`);
        if (width === 0 || height === 0) throw corrupt('zero width or height (DNL markers are not supported)');
        if (components.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4)) throw corrupt('invalid sampling factors');
        frame = { marker, precision, height, width, components };
        break;
      }
      case 0xc2:
      case 0xc3:
      case 0xc5:
      case 0xc6:
      case 0xc7:
      case 0xc9:
      case 0xca:
      case 0xcb:
      case 0xcd:
      case 0xce:
      case 0xcf:
        throw new ImageDecodeError('unsupported-pixel-format', `JPEG process SOF${marker - 0xc0} is not handled by the sequential decoder`);
      case 0xc4: {
        let at = body;
        while (at < end) {
          const tc = bytes[at] >> 4;
          const th = bytes[at] & 15;
          const counts = bytes.slice(at + 1, at + 17);
          const total = counts.reduce((s, n) => s + n, 0);
          if (at + 17 + total > end) throw corrupt('Huffman table runs past its segment');
          const spec = { counts, symbols: bytes.slice(at + 17, at + 17 + total) };
          (tc === 0 ? dcTables : acTables)[th] = spec;
          at += 17 + total;
        }
        break;
      }
      case 0xdb: {
        let at = body;
        while (at < end) {
          const wide = bytes[at] >> 4;
          const tq = bytes[at] & 15;
          const table = new Int32Array(64);
          for (let k = 0; k < 64; k++) table[ZIGZAG[k]] = wide ? view.getUint16(at + 1 + 2 * k) : bytes[at + 1 + k];
          quantTables[tq] = table;
          at += 1 + 64 * (wide ? 2 : 1);
        }
        break;
      }
      case 0xdd:
        restartInterval = view.getUint16(body);
        break;
      case 0xda: {
        if (!frame) throw corrupt('scan before frame header');
        const count = bytes[body];
        const components: ScanComponent[] = [];
        for (let c = 0; c < count; c++) {
          const id = bytes[body + 1 + c * 2];
          const tables = bytes[body + 2 + c * 2];
          const componentIndex = frame.components.findIndex((fc) => fc.id === id);
          if (componentIndex < 0) throw corrupt(`scan names unknown component ${id}`);
          components.push({ componentIndex, dcTable: tables >> 4, acTable: tables & 15 });
        }
        const at = body + 1 + count * 2;
        scans.push({
          components,
          spectralStart: bytes[at],
          spectralEnd: bytes[at + 1],
          approximation: bytes[at + 2],
          dataOffset: end,
          dcTables: [...dcTables],
          acTables: [...acTables],
          quantTables: [...quantTables],
          restartInterval,
        });
        i = skipEntropyData(bytes, end);
        continue;
      }
      case 0xe0:
        if (length >= 7 && bytes[body] === 0x4a && bytes[body + 1] === 0x46 && bytes[body + 2] === 0x49 && bytes[body + 3] === 0x46 && bytes[body + 4] === 0) sawJfif = true;
        break;
      case 0xee:
        if (length >= 14 && bytes[body] === 0x41 && bytes[body + 1] === 0x64 && bytes[body + 2] === 0x6f && bytes[body + 3] === 0x62 && bytes[body + 4] === 0x65) adobeTransform = bytes[body + 11];
        break;
      default:
        break; // APPn, COM and others carry nothing the decoder needs
    }
    i = end;
  }
  if (!frame) throw corrupt('no frame header');
  if (scans.length === 0) throw corrupt('no scan');
  return { frame, scans, sawJfif, adobeTransform };
}
