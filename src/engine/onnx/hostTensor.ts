import type { TensorProto } from './onnxSchema';
import { ModelLoadError } from '../modelLoadError';

/**
 * An ONNX tensor on the host, in the dtypes TF.js computes with: every floating type (float16,
 * bfloat16, double) becomes float32, every integer type int32 (ONNX shape arithmetic is int64;
 * values beyond ±2³¹ — "to the end" in Slice — are clamped), bool stays bool.
 */
export type HostDtype = 'float32' | 'int32' | 'bool';

export interface HostTensor {
  readonly dtype: HostDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | Uint8Array;
}

/** Where external data lives: the bytes of a file named in the tensor (path relative to the .onnx). */
export type ExternalDataLookup = (location: string) => Uint8Array | null;

// TensorProto.DataType
const FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;
const INT_MAX = 2147483647;

export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

export function clampInt(v: number): number {
  return v > INT_MAX ? INT_MAX : v < -INT_MAX ? -INT_MAX : v;
}

/** IEEE 754 half → float (ONNX float16 initializers, as torch exports with .half()). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

export function hostDtypeOf(onnxType: number): HostDtype | null {
  switch (onnxType) {
    case FLOAT: case FLOAT16: case DOUBLE: case BFLOAT16:
      return 'float32';
    case UINT8: case INT8: case UINT16: case INT16: case INT32: case INT64: case UINT32: case UINT64:
      return 'int32';
    case BOOL:
      return 'bool';
    default:
      return null;
  }
}

const TYPE_NAMES: Record<number, string> = { 8: 'string', 14: 'complex64', 15: 'complex128' };

function rawBytes(tensor: TensorProto, external: ExternalDataLookup, source: string): Uint8Array | null {
  if (tensor.dataLocation === 1) {
    const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const location = entries.get('location') ?? '';
    const file = external(location);
    if (!file) {
      throw new ModelLoadError('missing-shard', `external data file ${location} is missing: ${source} keeps the weights of ${tensor.name ?? 'a tensor'} there; give it together with the .onnx file`, location);
    }
    const offset = Number(entries.get('offset') ?? 0);
    const length = entries.has('length') ? Number(entries.get('length')) : file.byteLength - offset;
    if (offset + length > file.byteLength) {
      throw new ModelLoadError('shard-size', `external data file ${location} is too short: ${source} reads ${length} bytes at offset ${offset} for ${tensor.name ?? 'a tensor'}, but the file has ${file.byteLength}`, location);
    }
    return file.subarray(offset, offset + length);
  }
  return tensor.rawData && tensor.rawData.byteLength > 0 ? tensor.rawData : null;
}

/** Decodes a TensorProto (inline fields, raw_data or external data) into a HostTensor. */
export function hostTensorFromProto(tensor: TensorProto, external: ExternalDataLookup, source: string): HostTensor {
  const type = tensor.dataType ?? 0;
  const dtype = hostDtypeOf(type);
  const name = tensor.name || 'a constant';
  if (!dtype) throw new ModelLoadError('unsupported-op', `${source}: tensor ${name} has element type ${TYPE_NAMES[type] ?? type}, which an image classifier's graph does not need and this tool cannot read`, source);
  const shape = (tensor.dims ?? []).map(toNumber);
  const count = shape.reduce((a, d) => a * d, 1);
  const raw = rawBytes(tensor, external, source);
  const values = raw ? fromRaw(type, raw, count) : fromFields(type, tensor);
  if (values.length !== count) {
    throw new ModelLoadError('invalid-model-json', `${source}: tensor ${name} holds ${values.length} values, but its shape [${shape.join(', ')}] needs ${count}; the file is damaged`, source);
  }
  const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'int32' ? Int32Array.from(values, clampInt) : Uint8Array.from(values, (v) => (v ? 1 : 0));
  return { dtype, shape, data };
}

function fromRaw(type: number, raw: Uint8Array, count: number): ArrayLike<number> {
  // raw_data is little-endian and may sit at any offset of the decoded buffer: read through a DataView.
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size: Record<number, number> = { [FLOAT]: 4, [UINT8]: 1, [INT8]: 1, [UINT16]: 2, [INT16]: 2, [INT32]: 4, [INT64]: 8, [BOOL]: 1, [FLOAT16]: 2, [DOUBLE]: 8, [UINT32]: 4, [UINT64]: 8, [BFLOAT16]: 2 };
  const n = Math.floor(raw.byteLength / size[type]);
  if (n !== count) return new Array<number>(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (type) {
      case FLOAT: out[i] = view.getFloat32(4 * i, true); break;
      case DOUBLE: out[i] = view.getFloat64(8 * i, true); break;
      case FLOAT16: out[i] = halfToFloat(view.getUint16(2 * i, true)); break;
      case BFLOAT16: out[i] = new Float32Array(new Uint32Array([view.getUint16(2 * i, true) << 16]).buffer)[0]; break;
      case UINT8: case BOOL: out[i] = view.getUint8(i); break;
      case INT8: out[i] = view.getInt8(i); break;
      case UINT16: out[i] = view.getUint16(2 * i, true); break;
      case INT16: out[i] = view.getInt16(2 * i, true); break;
      case INT32: out[i] = view.getInt32(4 * i, true); break;
      case UINT32: out[i] = view.getUint32(4 * i, true); break;
      case INT64: out[i] = clampInt(Number(view.getBigInt64(8 * i, true))); break;
      case UINT64: out[i] = clampInt(Number(view.getBigUint64(8 * i, true))); break;
    }
  }
  return out;
}

function fromFields(type: number, tensor: TensorProto): ArrayLike<number> {
  switch (type) {
    case FLOAT:
      return tensor.floatData ?? [];
    case DOUBLE:
      return tensor.doubleData ?? [];
    case INT64:
      return (tensor.int64Data ?? []).map(toNumber);
    case UINT32: case UINT64:
      return (tensor.uint64Data ?? []).map(toNumber);
    case FLOAT16:
      return (tensor.int32Data ?? []).map(halfToFloat);
    case BFLOAT16:
      return (tensor.int32Data ?? []).map((b) => new Float32Array(new Uint32Array([b << 16]).buffer)[0]);
    default:
      return tensor.int32Data ?? [];
  }
}
