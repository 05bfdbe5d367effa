import type { Affine, VoxelArray } from '../../core/volume';
import { axisCodes, rescaledExtent } from '../../core/volume';
import { ImageDecodeError } from '../imageDecodeError';
import type { AffineSource, ImageVolume, VolumeLimits, VoxelDatatype } from '../volume/types';
import { DEFAULT_MAX_VOLUME_DATA_BYTES, DEFAULT_MAX_VOLUME_VOXELS } from '../volume/types';
import { GzipReader, isGzip } from './gzipPrefix';
import { NIFTI2_HEADER_BYTES, niftiKind, parseNiftiHeader } from './niftiHeader';
import type { CheckedHeader } from './niftiHeader';

/**
 * .nii and .nii.gz → ImageVolume. nifti-reader-js (maintained by the Mango/NiiVue authors) parses
 * the header, including the quaternion qform; fflate inflates in steps so that the limits are
 * checked from the header before the voxels are inflated or allocated.
 */

/** Whether the bytes are a single-file NIfTI (or a gzip whose first bytes inflate to one). */
export function isNifti(bytes: Uint8Array): boolean {
  if (isGzip(bytes)) {
    try {
      return niftiKind(new GzipReader(bytes).readAtLeast(NIFTI2_HEADER_BYTES)) !== null;
    } catch {
      return false;
    }
  }
  return niftiKind(bytes) !== null;
}

const UNIT_TO_MM: Record<number, number> = { 1: 1000, 2: 1, 3: 0.001 };

function checkLimits(h: CheckedHeader, limits: VolumeLimits): void {
  const maxVoxels = limits.maxVoxels ?? DEFAULT_MAX_VOLUME_VOXELS;
  const maxBytes = limits.maxDataBytes ?? DEFAULT_MAX_VOLUME_DATA_BYTES;
  const [nx, ny, nz] = h.dims;
  const voxels = nx * ny * nz;
  if (voxels > maxVoxels) throw new ImageDecodeError('too-large', `the volume is ${nx}×${ny}×${nz} = ${voxels} voxels; volumes above ${maxVoxels} voxels are refused`);
  if (h.dataBytes > maxBytes) {
    throw new ImageDecodeError('too-large', `the voxel data are ${h.dataBytes} bytes (${nx}×${ny}×${nz}×${h.volumes} ${h.datatype}); files above ${maxBytes} bytes of voxels are refused`);
  }
}

function truncated(h: CheckedHeader, present: number): ImageDecodeError {
  const [nx, ny, nz] = h.dims;
  const series = h.volumes > 1 ? `×${h.volumes}` : '';
  return new ImageDecodeError(
    'truncated',
    `the file is truncated: the header says the voxels start at byte ${h.voxOffset} and fill ${h.dataBytes} bytes (${nx}×${ny}×${nz}${series} ${h.datatype}), so ${h.voxOffset + h.dataBytes} bytes, but ${present} are present`,
  );
}

/** The first volume's bytes as a typed array in the stored type, swapped to this platform's order when needed. */
function voxelArray(bytes: Uint8Array, h: CheckedHeader): VoxelArray {
  const count = h.dims[0] * h.dims[1] * h.dims[2];
  const raw = bytes.slice(h.voxOffset, h.voxOffset + count * h.bytesPerVoxel); // a copy: aligned, and free of the file
  const platformLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (h.bytesPerVoxel > 1 && h.littleEndian !== platformLittle) {
    const b = h.bytesPerVoxel;
    for (let p = 0; p < raw.length; p += b) raw.subarray(p, p + b).reverse();
  }
  const constructors: Record<VoxelDatatype, new (buffer: ArrayBuffer) => VoxelArray> = {
    uint8: Uint8Array,
    int16: Int16Array,
    uint16: Uint16Array,
    int32: Int32Array,
    float32: Float32Array,
    float64: Float64Array,
  };
  return new constructors[h.datatype](raw.buffer);
}

/** srow_x/y/z straight from the header bytes (float32 at 280 in NIfTI-1, float64 at 400 in NIfTI-2). */
function sformRows(headerBytes: Uint8Array, h: CheckedHeader): number[] {
  const view = new DataView(headerBytes.buffer, headerBytes.byteOffset, headerBytes.byteLength);
  const rows: number[] = [];
  for (let k = 0; k < 12; k++) {
    rows.push(h.format === 'NIfTI-1' ? view.getFloat32(280 + 4 * k, h.littleEndian) : view.getFloat64(400 + 8 * k, h.littleEndian));
  }
  return [...rows, 0, 0, 0, 1];
}

/**
 * The voxel → RAS+ affine by nibabel's rule (get_best_affine): the sform when sform_code > 0, else
 * the qform when qform_code > 0, else NIfTI's "method 1", diag(pixdim), which says nothing about
 * orientation. Lengths are converted to mm from xyzt_units.
 */
function bestAffine(headerBytes: Uint8Array, h: CheckedHeader, toMm: number, notes: string[]): { affine: number[]; source: AffineSource } {
  const { header } = h;
  let affine: number[];
  let source: AffineSource;
  if (header.sform_code > 0) {
    affine = sformRows(headerBytes, h);
    source = 'sform';
  } else if (header.qform_code > 0) {
    // nifti-reader-js builds header.affine from the quaternion when the qform wins (it does when sform_code is 0).
    affine = header.affine.flat();
    source = 'qform';
  } else {
    const p = header.pixDims;
    affine = [Math.abs(p[1]) || 1, 0, 0, 0, 0, Math.abs(p[2]) || 1, 0, 0, 0, 0, Math.abs(p[3]) || 1, 0, 0, 0, 0, 1];
    source = 'pixdim';
    notes.push('No qform or sform: the voxel size is known but not the orientation, so no orientation labels are shown');
  }
  if (!affine.every(Number.isFinite)) throw new ImageDecodeError('corrupt-stream', `the NIfTI ${source} holds a value that is not a finite number`);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) affine[4 * r + c] *= toMm;
  return { affine, source };
}

function columnLengths(affine: Affine): [number, number, number] {
  const len = (c: number) => Math.hypot(affine[c], affine[4 + c], affine[8 + c]);
  return [len(0), len(1), len(2)];
}

/** A single-file NIfTI-1 or NIfTI-2, plain or gzip-compressed. */
export function readNifti(bytes: Uint8Array, limits: VolumeLimits = {}): ImageVolume {
  if (bytes.length === 0) throw new ImageDecodeError('empty', 'the file is empty');
  const gzip = isGzip(bytes) ? new GzipReader(bytes) : null;
  let prefix: Uint8Array;
  try {
    prefix = gzip ? gzip.readAtLeast(NIFTI2_HEADER_BYTES) : bytes;
  } catch (error) {
    throw new ImageDecodeError('corrupt-stream', `the gzip stream could not be inflated (${(error as Error).message})`);
  }
  const kind = niftiKind(prefix);
  if (kind === 'NIfTI pair') throw new ImageDecodeError('unsupported-format', 'the file is the header of a .hdr/.img pair; convert it to a single .nii (e.g. fslchfiletype NIFTI or nibabel)');
  if (!kind) throw new ImageDecodeError('not-an-image', gzip ? 'the gzip file does not hold a NIfTI image' : 'not a NIfTI file (no "n+1" or "n+2" magic)');
  const h = parseNiftiHeader(prefix.subarray(0, kind === 'NIfTI-1' ? 348 : NIFTI2_HEADER_BYTES));
  checkLimits(h, limits);
  let whole: Uint8Array;
  try {
    whole = gzip ? gzip.readAtLeast(h.voxOffset + h.dataBytes, 16 * 1024) : bytes;
  } catch (error) {
    throw new ImageDecodeError('truncated', `the gzip stream breaks off after the header (${(error as Error).message})`);
  }
  if (whole.length < h.voxOffset + h.dataBytes) throw truncated(h, whole.length);
  const data = voxelArray(whole, h);
  const notes: string[] = [];
  const spatialUnits = h.header.xyzt_units & 7;
  const toMm = UNIT_TO_MM[spatialUnits] ?? 1;
  if (!UNIT_TO_MM[spatialUnits]) notes.push('The file gives no spatial unit; millimetres are assumed');
  const { affine, source } = bestAffine(prefix, h, toMm, notes);
  // NIfTI-1 §scl_slope: 0 (or not a number) means the stored values are the values.
  const rawSlope = h.header.scl_slope;
  const scaled = Number.isFinite(rawSlope) && rawSlope !== 0;
  const slope = scaled ? rawSlope : 1;
  const intercept = scaled && Number.isFinite(h.header.scl_inter) ? h.header.scl_inter : 0;
  if (slope !== 1 || intercept !== 0) notes.push(`scl_slope ${slope} and scl_inter ${intercept} applied`);
  if (h.volumes > 1) notes.push(`The file holds ${h.volumes} volumes (a series); the first is shown`);
  const [nx, ny, nz] = h.dims;
  const planes = Array.from({ length: nz }, (_, k) => data.subarray(k * nx * ny, (k + 1) * nx * ny));
  const grid = { dims: h.dims, planes, slope, intercept };
  const [rescaledMin, rescaledMax] = rescaledExtent(grid);
  const { cal_min: calMin, cal_max: calMax } = h.header;
  return {
    format: h.format,
    datatype: h.datatype,
    ...grid,
    spacingMm: columnLengths(affine),
    voxelToRas: affine,
    affineSource: source,
    orientationKnown: source !== 'pixdim',
    rescaledMin,
    rescaledMax,
    displayRange: Number.isFinite(calMin) && Number.isFinite(calMax) && calMax > calMin ? [calMin, calMax] : null,
    modality: null,
    notes: source === 'pixdim' ? notes : [`Orientation ${axisCodes(affine)} from the ${source}`, ...notes],
  };
}
