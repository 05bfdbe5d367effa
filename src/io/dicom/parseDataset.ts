// dicom-parser is a UMD bundle: Node's ESM loader finds no named exports in it, only the default.
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { inflateRaw } from 'pako';
import { ImageDecodeError, describeThrown } from '../imageDecodeError';
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
}

/**
 * dicom-parser's deflate hook: returns the header bytes followed by the inflated dataset. pako on
 * every platform, so that Node and the browser take the same path (dicom-parser would use zlib in Node).
 */
function inflateDataset(byteArray: Uint8Array, position: number): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateRaw(byteArray.subarray(position));
  } catch (error) {
    throw new ImageDecodeError('corrupt-stream', `the deflated dataset does not inflate (${describeThrown(error)})`);
  }
  const full = new Uint8Array(position + inflated.length);
  full.set(byteArray.subarray(0, position), 0);
  full.set(inflated, position);
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
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input, { TransferSyntaxUID: forcedSyntax, inflater: inflateDataset });
  } catch (error) {
    const inner = error && typeof error === 'object' && 'exception' in error ? (error as { exception: unknown }).exception : error;
    if (inner instanceof ImageDecodeError) throw inner;
    const message = describeThrown(inner);
    if (overread(message)) throw new ImageDecodeError('truncated', `the DICOM file is truncated (${message})`);
    throw new ImageDecodeError('not-an-image', `not a readable DICOM file (${message})`);
  }
  const uid = (dataSet.string('x00020010') ?? forcedSyntax ?? '').replace(/\0/g, '').trim();
  if (!uid) throw new ImageDecodeError('not-an-image', 'the DICOM meta header has no Transfer Syntax UID (0002,0010)');
  const transferSyntax = findTransferSyntax(uid);
  if (!transferSyntax) {
    throw new ImageDecodeError('unsupported-transfer-syntax', `transfer syntax ${transferSyntaxName(uid)} (${uid}) is not supported`);
  }
  return { dataSet, transferSyntax };
}
