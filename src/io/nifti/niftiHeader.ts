import { NIFTI1, NIFTI2, readHeader } from 'nifti-reader-js';
import { ImageDecodeError } from '../imageDecodeError';
import type { VoxelDatatype } from '../volume/types';

/**
 * The NIfTI-1/2 header as nifti-reader-js parses it, checked and reduced to what a volume needs.
 * Byte offsets are the documented layouts (nifti1.h, nifti2.h).
 */

export const NIFTI1_HEADER_BYTES = 348;
export const NIFTI2_HEADER_BYTES = 540;

/** Single-file magic ("n+1", "n+2") and sizeof_hdr in either byte order. */
export function niftiKind(bytes: Uint8Array): 'NIfTI-1' | 'NIfTI-2' | 'NIfTI pair' | null {
  if (bytes.length < NIFTI1_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = (le: boolean) => view.getInt32(0, le);
  const at = (i: number, s: string) => [...s].every((c, k) => bytes[i + k] === c.charCodeAt(0));
  if (size(true) === 348 || size(false) === 348) {
    if (at(344, 'n+1\0')) return 'NIfTI-1';
    if (at(344, 'ni1\0')) return 'NIfTI pair';
  }
  if (bytes.length >= NIFTI2_HEADER_BYTES && (size(true) === 540 || size(false) === 540)) {
    if (at(4, 'n+2\0')) return 'NIfTI-2';
    if (at(4, 'ni2\0')) return 'NIfTI pair';
  }
  return null;
}

const DATATYPES: Record<number, { type: VoxelDatatype; bytes: number }> = {
  [NIFTI1.TYPE_UINT8]: { type: 'uint8', bytes: 1 },
  [NIFTI1.TYPE_INT16]: { type: 'int16', bytes: 2 },
  [NIFTI1.TYPE_UINT16]: { type: 'uint16', bytes: 2 },
  [NIFTI1.TYPE_INT32]: { type: 'int32', bytes: 4 },
  [NIFTI1.TYPE_FLOAT32]: { type: 'float32', bytes: 4 },
  [NIFTI1.TYPE_FLOAT64]: { type: 'float64', bytes: 8 },
};

const DATATYPE_NAMES: Record<number, string> = {
  1: 'binary (1 bit)', 32: 'complex64', 128: 'RGB24', 256: 'int8', 768: 'uint32', 1024: 'int64', 1280: 'uint64', 1536: 'float128', 1792: 'complex128', 2048: 'complex256', 2304: 'RGBA32',
};

export interface CheckedHeader {
  readonly format: 'NIfTI-1' | 'NIfTI-2';
  readonly header: NIFTI1 | NIFTI2;
  readonly dims: [number, number, number];
  /** Volumes in the file (dim[4] × … × dim[7]); only the first is kept. */
  readonly volumes: number;
  readonly datatype: VoxelDatatype;
  readonly bytesPerVoxel: number;
  readonly voxOffset: number;
  /** Bytes of voxel data in the whole file (all volumes). */
  readonly dataBytes: number;
  readonly littleEndian: boolean;
}

export function parseNiftiHeader(headerBytes: Uint8Array): CheckedHeader {
  let header: NIFTI1 | NIFTI2 | null;
  try {
    header = readHeader(headerBytes.slice().buffer);
  } catch {
    header = null;
  }
  if (!header) throw new ImageDecodeError('corrupt-stream', 'the NIfTI header could not be read');
  const format = header instanceof NIFTI2 ? 'NIfTI-2' : 'NIfTI-1';
  const rank = header.dims[0];
  if (!Number.isInteger(rank) || rank < 1 || rank > 7) throw new ImageDecodeError('corrupt-stream', `the NIfTI header's dim[0] is ${rank}; it must be 1–7`);
  const dim = (d: number) => (d <= rank ? header.dims[d] : 1);
  for (let d = 1; d <= rank; d++) {
    if (!Number.isInteger(header.dims[d]) || header.dims[d] < 1) throw new ImageDecodeError('corrupt-stream', `the NIfTI header's dim[${d}] is ${header.dims[d]}; sizes must be whole numbers ≥ 1`);
  }
  const known = DATATYPES[header.datatypeCode];
  if (!known) {
    const name = DATATYPE_NAMES[header.datatypeCode] ?? 'unknown';
    throw new ImageDecodeError(
      'unsupported-pixel-format',
      `NIfTI datatype ${name} (code ${header.datatypeCode}) is not supported; convert it to uint8, int16, uint16, int32, float32 or float64 (e.g. fslmaths in -odt float)`,
    );
  }
  const dims: [number, number, number] = [dim(1), dim(2), dim(3)];
  let volumes = 1;
  for (let d = 4; d <= 7; d++) volumes *= dim(d);
  const voxOffset = header.vox_offset;
  const minimum = format === 'NIfTI-1' ? 352 : 544;
  if (!Number.isInteger(voxOffset) || voxOffset < minimum) {
    throw new ImageDecodeError('corrupt-stream', `the NIfTI header's vox_offset is ${voxOffset}; a single-file ${format} stores voxels from byte ${minimum} on`);
  }
  return {
    format,
    header,
    dims,
    volumes,
    datatype: known.type,
    bytesPerVoxel: known.bytes,
    voxOffset,
    dataBytes: dims[0] * dims[1] * dims[2] * volumes * known.bytes,
    littleEndian: header.littleEndian,
  };
}
