// dicom-parser is a UMD bundle: Node's ESM loader finds no named exports in it, only the default.
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
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
