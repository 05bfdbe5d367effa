// dicom-parser is a UMD bundle: Node's ESM loader finds no named exports in it, only the default.
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import type { UserWarning } from '../../core/userFacingError';
import { Inflate } from 'fflate';
import { describeThrown, formatBytes } from '../../core/userFacingError';
import { ImageDecodeError } from '../imageDecodeError';
import { MAX_DECODED_BYTES, pushInSlices } from '../limits';
import { findTransferSyntax, transferSyntaxName } from './transferSyntaxes';
import type { TransferSyntax } from './transferSyntaxes';

/** Where a DICOM dataset starts, as far as the first bytes tell. */
export type DicomLayout =
  | { readonly kind: 'part10' } // 128-byte preamble + "DICM" + meta group (PS3.10 §7.1)
  | { readonly kind: 'meta-without-preamble' } // meta group 0002 at byte 0
  | { readonly kind: 'raw-dataset'; readonly transferSyntaxUid: string }; // no meta: old ACR-NEMA style

const PREAMBLE_LENGTH = 128;

function isUpper(b: number): boolean {
  return b >= 0x41 && b <= 0x5a;
}

/** Two upper-case letters after the tag: an explicit VR, as far as a sniff can tell. */
function looksExplicit(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 6 && isUpper(bytes[at + 4]) && isUpper(bytes[at + 5]);
}

/** Recognises a DICOM file from its first bytes, with or without preamble and meta header. */
export function sniffDicomLayout(bytes: Uint8Array): DicomLayout | null {
  const magicAt = PREAMBLE_LENGTH;
  if (bytes.length >= magicAt + 4 && bytes[magicAt] === 0x44 && bytes[magicAt + 1] === 0x49 && bytes[magicAt + 2] === 0x43 && bytes[magicAt + 3] === 0x4d) {
    return { kind: 'part10' };
  }
  if (bytes.length < 8) return null;
  // The meta group is always explicit VR little endian: (0002,xxxx) then a VR.
  if (bytes[0] === 0x02 && bytes[1] === 0x00 && looksExplicit(bytes, 0)) return { kind: 'meta-without-preamble' };
  // A bare dataset usually opens with group 0008 (Identifying); decide the VR style and byte order
  // from the first element, since no meta header says it.
  if (bytes[0] === 0x08 && bytes[1] === 0x00) {
    return { kind: 'raw-dataset', transferSyntaxUid: looksExplicit(bytes, 0) ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2' };
  }
  if (bytes[0] === 0x00 && bytes[1] === 0x08 && looksExplicit(bytes, 0)) return { kind: 'raw-dataset', transferSyntaxUid: '1.2.840.10008.1.2.2' };
  return null;
}

export interface ParsedDicom {
  readonly dataSet: DataSet;
  readonly transferSyntax: TransferSyntax;
  /** What was read differently from what the header says (an implicit-VR dataset under an explicit syntax). */
  readonly warnings?: readonly UserWarning[];
}

/** End of the meta group: 132 + the (0002,0000) group length element + its value (PS3.10 §7.1). */
function metaGroupEnd(bytes: Uint8Array): number | null {
  const at = 132;
  if (bytes.length < at + 12 || bytes[at] !== 0x02 || bytes[at + 1] !== 0 || bytes[at + 2] !== 0 || bytes[at + 3] !== 0) return null;
  const length = bytes[at + 8] | (bytes[at + 9] << 8) | (bytes[at + 10] << 16) | (bytes[at + 11] * 2 ** 24);
  const end = at + 12 + length;
  return end + 8 <= bytes.length ? end : null;
}

/**
 * Encapsulated pixel data read as a plain undefined-length element (implicit VR): its items, walked
 * by their lengths (PS3.5 A.4), as dicom-parser's fragments. The first item is the Basic Offset Table.
 */
function fragmentsOf(byteArray: Uint8Array, element: Element): void {
  const view = new DataView(byteArray.buffer, byteArray.byteOffset, byteArray.byteLength);
  let at = element.dataOffset;
  const items: { position: number; length: number }[] = [];
  while (at + 8 <= byteArray.length) {
    const group = view.getUint16(at, true);
    const tag = view.getUint16(at + 2, true);
    const length = view.getUint32(at + 4, true);
    if (group !== 0xfffe || tag !== 0xe000) break; // the sequence delimiter, or the end
    items.push({ position: at + 8, length });
    at += 8 + length;
  }
  if (items.length === 0) return;
  const [table, ...rest] = items;
  const basicOffsetTable: number[] = [];
  for (let i = 0; i + 4 <= table.length; i += 4) basicOffsetTable.push(view.getUint32(table.position + i, true));
  let offset = 0;
  element.fragments = rest.map((item) => {
    const fragment = { offset, position: item.position, length: item.length };
    offset += 8 + item.length;
    return fragment;
  });
  element.basicOffsetTable = basicOffsetTable;
  element.encapsulatedPixelData = true;
}

/**
 * Some writers put an Implicit VR dataset behind a meta header that declares an explicit syntax
 * (JPEG Baseline, say). pydicom reads such files with a warning; dicom-parser overruns. Detected
 * from the first element after the meta group: no two-letter VR where an explicit dataset has one.
 */
function implicitDatasetUnderExplicitSyntax(bytes: Uint8Array, layout: DicomLayout): number | null {
  if (layout.kind !== 'part10') return null;
  const end = metaGroupEnd(bytes);
  if (end === null || looksExplicit(bytes, end)) return null;
  const group = bytes[end] | (bytes[end + 1] << 8);
  return group >= 0x0008 && group % 2 === 0 ? end : null;
}

function parseMislabelledImplicit(bytes: Uint8Array, datasetStart: number): ParsedDicom | null {
  let meta: DataSet;
  let dataSet: DataSet;
  try {
    meta = dicomParser.readPart10Header(bytes);
    dataSet = dicomParser.parseDicom(bytes.subarray(datasetStart), { TransferSyntaxUID: '1.2.840.10008.1.2' });
  } catch {
    return null;
  }
  const uid = (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
  const transferSyntax = findTransferSyntax(uid);
  if (!transferSyntax || !transferSyntax.explicitVr || transferSyntax.bigEndian || transferSyntax.deflated) return null;
  const pixels = dataSet.elements.x7fe00010;
  if (pixels && transferSyntax.encoding !== 'native' && pixels.hadUndefinedLength) fragmentsOf(dataSet.byteArray as Uint8Array, pixels);
  for (const [tag, element] of Object.entries(meta.elements)) dataSet.elements[tag] ??= element;
  return {
    dataSet,
    transferSyntax,
    warnings: [{ code: 'implicit-vr-dataset', message: `the dataset is written in Implicit VR although the transfer syntax says ${transferSyntax.name}; it was read as Implicit VR` }],
  };
}

/**
 * dicom-parser's deflate hook: returns the header bytes followed by the inflated dataset. fflate's
 * streaming inflater on every platform (dicom-parser would use zlib in Node), stopped as soon as
 * the output passes the limit: a 2 MB file that inflates to gigabytes is refused after the limit's
 * worth, not after the gigabytes.
 */
export function inflateDataset(byteArray: Uint8Array, position: number, maxBytes = MAX_DECODED_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const overflow = new Error('over the limit');
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw overflow;
    chunks.push(chunk);
  });
  try {
    pushInSlices((slice, final) => inflater.push(slice, final), byteArray.subarray(position), true);
  } catch (error) {
    if (error === overflow) {
      throw new ImageDecodeError('too-large', `the deflated dataset inflates to more than ${formatBytes(maxBytes)} (the limit) from ${formatBytes(byteArray.length - position)}; the file is damaged or crafted`);
    }
    throw new ImageDecodeError('corrupt-stream', 'the deflated DICOM dataset is damaged (it does not inflate)', { details: describeThrown(error) });
  }
  const full = new Uint8Array(position + total);
  full.set(byteArray.subarray(0, position), 0);
  let at = position;
  for (const chunk of chunks) {
    full.set(chunk, at);
    at += chunk.length;
  }
  return full;
}

function overread(message: string): boolean {
  return /overrun|overread|past end|beyond|cannot be greater than or equal/i.test(message);
}

/** Bytes of a DICOM file → dicom-parser's dataset and the transfer syntax it declares. */
export function parseDicomBytes(bytes: Uint8Array, layout: DicomLayout): ParsedDicom {
  let input = bytes;
  let forcedSyntax: string | undefined;
  if (layout.kind === 'meta-without-preamble') {
    // dicom-parser only reads a meta header behind a preamble: give it one.
    input = new Uint8Array(PREAMBLE_LENGTH + 4 + bytes.length);
    input.set([0x44, 0x49, 0x43, 0x4d], PREAMBLE_LENGTH);
    input.set(bytes, PREAMBLE_LENGTH + 4);
  } else if (layout.kind === 'raw-dataset') {
    forcedSyntax = layout.transferSyntaxUid;
  }
  const implicitAt = implicitDatasetUnderExplicitSyntax(bytes, layout);
  if (implicitAt !== null) {
    const parsed = parseMislabelledImplicit(bytes, implicitAt);
    if (parsed) return parsed;
  }
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input, { TransferSyntaxUID: forcedSyntax, inflater: inflateDataset });
  } catch (error) {
    const inner = error && typeof error === 'object' && 'exception' in error ? (error as { exception: unknown }).exception : error;
    if (inner instanceof ImageDecodeError) throw inner;
    const details = describeThrown(inner);
    if (overread(details)) {
      throw new ImageDecodeError('truncated', 'the DICOM file is truncated or damaged: an element runs past the end of the file; copy or export it again', { details });
    }
    if (/meta header attribute 0002,0010/.test(details)) {
      throw new ImageDecodeError('not-an-image', 'the DICOM file is damaged: its meta header has no Transfer Syntax UID (0002,0010)', { details });
    }
    if (/call stack/i.test(details)) throw new ImageDecodeError('corrupt-stream', 'the DICOM file nests sequences too deeply to read; the file is damaged or crafted', { details });
    throw new ImageDecodeError('not-an-image', 'the DICOM file is damaged: its elements cannot be read', { details });
  }
  const uid = (dataSet.string('x00020010') ?? forcedSyntax ?? '').replace(/\0/g, '').trim();
  if (!uid) throw new ImageDecodeError('not-an-image', 'the DICOM meta header has no Transfer Syntax UID (0002,0010)');
  const transferSyntax = findTransferSyntax(uid);
  if (!transferSyntax) {
    const known = transferSyntaxName(uid);
    const printable = /^[0-9.]{1,64}$/.test(uid) ? uid : JSON.stringify(uid.slice(0, 64));
    if (known === 'an unknown transfer syntax') {
      throw new ImageDecodeError('unsupported-transfer-syntax', `the file declares the transfer syntax ${printable}, which is not a DICOM standard one (damaged or private); convert it to Explicit VR Little Endian, e.g. with dcmconv or gdcmconv`);
    }
    throw new ImageDecodeError('unsupported-transfer-syntax', `the file is encoded as ${known} (${uid}), which this app cannot decode; convert it to Explicit VR Little Endian or JPEG 2000, e.g. with gdcmconv`);
  }
  return { dataSet, transferSyntax };
}
