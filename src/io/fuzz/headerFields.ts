import dicomParser from 'dicom-parser';
import { parseDicomBytes, sniffDicomLayout } from '../dicom/parseDataset';
import { sniffImageFormat } from '../decodeImage';

/**
 * Where a fixture's header fields sit in its bytes, so that the fuzzer can edit one in place (as a
 * buggy writer would) and know that the edit contradicts the rest of the file: Rows, Columns,
 * Number of Frames, Bits Allocated, Samples per Pixel in DICOM; IHDR in PNG; the BMP info header.
 */
export interface HeaderField {
  readonly name: string;
  readonly offset: number;
  /** 'u16le' | 'u16be' | 'u32be' | 'i32le' binary fields, or a fixed-width decimal string (IS). */
  readonly kind: 'u16le' | 'u16be' | 'u32be' | 'i32le' | 'u8' | 'decimal';
  readonly length: number;
  readonly value: number;
  /** A PNG chunk whose CRC must be recomputed after the edit (a re-saved file has a correct CRC). */
  readonly crcChunk?: { readonly start: number; readonly end: number };
}

const DICOM_FIELDS: readonly [string, string][] = [
  ['Rows', 'x00280010'],
  ['Columns', 'x00280011'],
  ['SamplesPerPixel', 'x00280002'],
  ['BitsAllocated', 'x00280100'],
  ['NumberOfFrames', 'x00280008'],
];

function dicomFields(bytes: Uint8Array): HeaderField[] {
  const layout = sniffDicomLayout(bytes);
  if (!layout) return [];
  let parsed;
  try {
    parsed = parseDicomBytes(bytes, layout);
  } catch {
    return [];
  }
  // Deflated datasets: the offsets are in the inflated copy, not in the file.
  if (parsed.transferSyntax.deflated) return [];
  const shift = layout.kind === 'meta-without-preamble' ? -132 : 0;
  const fields: HeaderField[] = [];
  for (const [name, tag] of DICOM_FIELDS) {
    const element = parsed.dataSet.elements[tag];
    if (!element || element.length <= 0) continue;
    const offset = element.dataOffset + shift;
    if (name === 'NumberOfFrames') {
      const value = Number(dicomParser.readFixedString(parsed.dataSet.byteArray, element.dataOffset, element.length).trim());
      fields.push({ name, offset, kind: 'decimal', length: element.length, value });
    } else {
      fields.push({ name, offset, kind: parsed.transferSyntax.bigEndian ? 'u16be' : 'u16le', length: 2, value: parsed.dataSet.uint16(tag) ?? 0 });
    }
  }
  return fields;
}

export function headerFields(bytes: Uint8Array): HeaderField[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (sniffImageFormat(bytes)) {
    case 'dicom':
      return dicomFields(bytes);
    case 'png': {
      if (bytes.length < 33) return [];
      const crcChunk = { start: 12, end: 29 };
      return [
        { name: 'IHDR width', offset: 16, kind: 'u32be', length: 4, value: view.getUint32(16), crcChunk },
        { name: 'IHDR height', offset: 20, kind: 'u32be', length: 4, value: view.getUint32(20), crcChunk },
        { name: 'IHDR bit depth', offset: 24, kind: 'u8', length: 1, value: bytes[24], crcChunk },
        { name: 'IHDR colour type', offset: 25, kind: 'u8', length: 1, value: bytes[25], crcChunk },
      ];
    }
    case 'bmp':
      if (bytes.length < 30) return [];
      return [
        { name: 'BMP width', offset: 18, kind: 'i32le', length: 4, value: view.getInt32(18, true) },
        { name: 'BMP height', offset: 22, kind: 'i32le', length: 4, value: view.getInt32(22, true) },
      ];
    default:
      return [];
  }
}

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A copy of `bytes` with `field` set to `value` (false when the value does not fit the field). */
export function withField(bytes: Uint8Array, field: HeaderField, value: number): Uint8Array | null {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  switch (field.kind) {
    case 'u8':
      if (value < 0 || value > 255) return null;
      out[field.offset] = value;
      break;
    case 'u16le':
    case 'u16be':
      if (value < 0 || value > 0xffff) return null;
      view.setUint16(field.offset, value, field.kind === 'u16le');
      break;
    case 'u32be':
      if (value < 0 || value > 0xffffffff) return null;
      view.setUint32(field.offset, value);
      break;
    case 'i32le':
      view.setInt32(field.offset, value, true);
      break;
    case 'decimal': {
      const text = String(value);
      if (text.length > field.length) return null;
      out.set(new TextEncoder().encode(text.padEnd(field.length, ' ')), field.offset);
      break;
    }
  }
  if (field.crcChunk) view.setUint32(field.crcChunk.end, crc32(out.subarray(field.crcChunk.start, field.crcChunk.end)));
  return out;
}
