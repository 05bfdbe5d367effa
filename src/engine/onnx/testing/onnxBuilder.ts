import type { onnx as OnnxNamespace } from 'onnx-proto';
import { onnx } from '../onnxSchema';

/**
 * Writes ONNX models with the schema package (onnx-proto's encoder), for op-level tests: a graph
 * is a list of nodes with attributes, initializers, inputs and outputs — the same bytes
 * torch.onnx.export writes for the same graph.
 */
export type AttributeValue = number | number[] | string | { readonly tensor: InitializerSpec } | { readonly float: number } | { readonly floats: number[] };

export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface InitializerSpec {
  readonly name?: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
  /** float (default), int64, float16 (stored as raw half floats), or external (float, in a separate file). */
  readonly type?: 'float' | 'int64' | 'float16' | 'external';
}

export interface ValueSpec {
  readonly name: string;
  /** A number, or a string for a symbolic dim (dim_param). */
  readonly dims: ReadonlyArray<number | string>;
  /** ONNX element type (default 1, float). */
  readonly elemType?: number;
}

export interface ModelSpec {
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  readonly nodes: readonly NodeSpec[];
  readonly initializers?: readonly InitializerSpec[];
  readonly opset?: number;
  /** Name of the external data file for 'external' initializers (default weights.bin). */
  readonly externalFile?: string;
}

const A = onnx.AttributeProto.AttributeType;

function floatToHalf(value: number): number {
  const f = new Float32Array([value]);
  const bits = new Uint32Array(f.buffer)[0];
  const sign = (bits >> 16) & 0x8000;
  const exponent = ((bits >> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign;
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | Math.round(mantissa / 8192);
}

function tensorProto(spec: InitializerSpec, external: { bytes: number[]; file: string }): OnnxNamespace.ITensorProto {
  const base = { name: spec.name ?? '', dims: [...spec.dims] };
  switch (spec.type ?? 'float') {
    case 'int64':
      return { ...base, dataType: 7, int64Data: Array.from(spec.data) };
    case 'float16': {
      const raw = new Uint8Array(spec.data.length * 2);
      const view = new DataView(raw.buffer);
      Array.from(spec.data).forEach((v, i) => view.setUint16(2 * i, floatToHalf(v), true));
      return { ...base, dataType: 10, rawData: raw };
    }
    case 'external': {
      const offset = external.bytes.length;
      const raw = new Uint8Array(new Float32Array(Array.from(spec.data)).buffer);
      external.bytes.push(...raw);
      return {
        ...base,
        dataType: 1,
        dataLocation: 1,
        externalData: [
          { key: 'location', value: external.file },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(raw.byteLength) },
        ],
      };
    }
    default:
      return { ...base, dataType: 1, floatData: Array.from(spec.data) };
  }
}

function attribute(name: string, value: AttributeValue, external: { bytes: number[]; file: string }): OnnxNamespace.IAttributeProto {
  if (typeof value === 'number') return { name, type: A.INT, i: value };
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: value };
  if ('tensor' in value) return { name, type: A.TENSOR, t: tensorProto(value.tensor, external) };
  if ('float' in value) return { name, type: A.FLOAT, f: value.float };
  return { name, type: A.FLOATS, floats: value.floats };
}

function valueInfo(v: ValueSpec): OnnxNamespace.IValueInfoProto {
  return {
    name: v.name,
    type: { tensorType: { elemType: v.elemType ?? 1, shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

/** The model's bytes, and the external data file's when an initializer is 'external'. */
export function buildOnnxModel(spec: ModelSpec): { model: Uint8Array; externalData: Uint8Array } {
  const external = { bytes: [] as number[], file: spec.externalFile ?? 'weights.bin' };
  const initializer = (spec.initializers ?? []).map((i) => tensorProto(i, external));
  const node = spec.nodes.map((n, k) => ({
    opType: n.op,
    name: n.name ?? `${n.op}_${k}`,
    domain: n.domain ?? '',
    input: [...n.inputs],
    output: [...n.outputs],
    attribute: Object.entries(n.attributes ?? {}).map(([name, value]) => attribute(name, value, external)),
  }));
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'ifim-viewer tests',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    graph: { name: 'test', node, initializer, input: spec.inputs.map(valueInfo), output: spec.outputs.map(valueInfo) },
  });
  return { model: onnx.ModelProto.encode(model).finish(), externalData: Uint8Array.from(external.bytes) };
}
