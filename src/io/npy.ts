/**
 * NumPy .npy files (format version 1.0), float32 little-endian, C order: what numpy.load reads.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { ImageDecodeError } from './imageDecodeError';
import type { ImageDecodeErrorCode } from './imageDecodeError';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function encodeNpyFloat32(data: ArrayLike<number>, shape: readonly number[]): Uint8Array {
  const size = shape.reduce((a, d) => a * d, 1);
  if (size !== data.length) throw new RangeError(`shape (${shape.join(', ')}) holds ${size} values, got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64.
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + headerBytes.length + size * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  const view = new DataView(out.buffer, 10 + headerBytes.length);
  for (let i = 0; i < size; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

export interface NpyArray {
  readonly shape: number[];
  readonly data: Float32Array;
}

/** The largest batch read into memory: 256 Mi float32 values (1 GiB). */
export const MAX_NPY_VALUES = 256 * 1024 * 1024;

const refuse = (code: ImageDecodeErrorCode, message: string): ImageDecodeError => new ImageDecodeError(code, message);

/** The header's shape tuple: whole numbers ≥ 0 only ("(2, 224, 224, 3)", "(5,)", "()"). */
function parseShape(shapeText: string, name: string): number[] {
  const parts = shapeText.split(',').map((s) => s.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const shape = parts.map(Number);
  if (parts.some((p) => !/^\d{1,12}L?$/.test(p)) || shape.some((d) => !Number.isSafeInteger(d))) {
    throw refuse('corrupt-stream', `${name} has a damaged header: its shape (${shapeText.trim().slice(0, 60)}) is not a list of whole numbers; save the array again with numpy.save`);
  }
  return shape;
}

/** Reads float32/float64 little-endian C-order .npy (v1–v3) into float32, checking the header before allocating. */
export function decodeNpy(bytes: Uint8Array, name = 'the .npy file'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw refuse('not-an-image', `${name} is not a NumPy .npy file; save the batch with numpy.save`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw refuse('unsupported-format', `${name} is .npy format version ${major}.${bytes[7]}; versions 1–3 are supported — save it with numpy.save`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major > 1 && bytes.length < 12) throw refuse('truncated', `${name} is truncated inside its header`);
  const headerLength = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw refuse('truncated', `${name} is truncated inside its header (${headerLength} bytes declared, ${bytes.length - headerStart} present)`);
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw refuse('corrupt-stream', `${name} has an unreadable header; save the array again with numpy.save`);
  if (fortran === 'True') throw refuse('unsupported-format', `${name} is in Fortran order; save it in C order (numpy.ascontiguousarray)`);
  const shape = parseShape(shapeText, name);
  const size = shape.reduce((a, d) => a * d, 1);
  const offset = headerStart + headerLength;
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  const printableDescr = /^[<>|=]?[a-zA-Z]\d{0,2}$/.test(descr) ? descr : 'an unknown one';
  if (!itemSize) throw refuse('unsupported-pixel-format', `${name} holds dtype ${printableDescr}; only little-endian float32 or float64 is supported — convert with .astype(numpy.float32)`);
  if (size > MAX_NPY_VALUES) throw refuse('too-large', `${name} declares shape (${shape.join(', ')}), ${size.toExponential(2)} values; the limit is ${MAX_NPY_VALUES} — split the batch`);
  if (bytes.length - offset < size * itemSize) throw refuse('truncated', `${name} is truncated: shape (${shape.join(', ')}) needs ${size * itemSize} bytes of data, ${Math.max(0, bytes.length - offset)} are present`);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = itemSize === 4 ? dv.getFloat32(offset + i * 4, true) : dv.getFloat64(offset + i * 8, true);
  return { shape, data };
}

/**
 * A batch for `ifim predict`: (B, …) with B ≥ 1 and every value finite. A NaN would give finite
 * probabilities on one backend and null on another, so it is refused with its position.
 */
export function decodeNpyBatch(bytes: Uint8Array, name = 'the .npy file'): NpyArray {
  const batch = decodeNpy(bytes, name);
  if (batch.shape.length === 0) throw refuse('corrupt-stream', `${name} holds a single number, not a batch of images; save an array of shape (B, H, W, C)`);
  if (batch.shape.some((d) => d === 0)) throw refuse('zero-size', `${name} is an empty batch: shape (${batch.shape.join(', ')}) holds no values`);
  for (let i = 0; i < batch.data.length; i++) {
    const v = batch.data[i];
    if (Number.isFinite(v)) continue;
    const index: number[] = [];
    let rest = i;
    for (let d = batch.shape.length - 1; d >= 0; d--) {
      index.unshift(rest % batch.shape[d]);
      rest = Math.floor(rest / batch.shape[d]);
    }
    // Float64 values beyond float32's range become ±Infinity here: say so rather than blame the file.
    throw refuse('non-finite-values', `${name} has ${Number.isNaN(v) ? 'a not-a-number value' : 'an infinite or out-of-float32-range value'} at [${index.join(', ')}] (image ${index[0] + 1}); the model needs finite numbers — clean the batch before predicting`);
  }
  return batch;
}
