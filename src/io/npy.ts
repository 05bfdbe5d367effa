/**
 * NumPy .npy files (format version 1.0), float32 little-endian, C order: what numpy.load reads.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
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

/** Reads float32/float64 little-endian C-order .npy (v1–v3) into float32. */
export function decodeNpy(bytes: Uint8Array, name = 'the .npy file'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error(`${name} is not a NumPy .npy file`);
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${name} has an unreadable header`);
  if (fortran === 'True') throw new Error(`${name} is in Fortran order; save it in C order`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const size = shape.reduce((a, d) => a * d, 1);
  const offset = headerStart + headerLength;
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (!itemSize) throw new Error(`${name} holds dtype ${descr}; only little-endian float32 or float64 is supported`);
  if (bytes.length - offset < size * itemSize) throw new Error(`${name} is truncated: shape (${shape.join(', ')}) needs ${size * itemSize} bytes of data`);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = itemSize === 4 ? dv.getFloat32(offset + i * 4, true) : dv.getFloat64(offset + i * 8, true);
  return { shape, data };
}
