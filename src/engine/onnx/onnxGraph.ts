import type { AttributeProto, ModelProto, ValueInfoProto } from './onnxSchema';
import { onnx } from './onnxSchema';
import type { ExternalDataLookup, HostTensor } from './hostTensor';
import { hostTensorFromProto, toNumber } from './hostTensor';
import { ModelLoadError } from '../modelLoadError';

/**
 * An ONNX model read with the schema package into what the engine needs: nodes in file order
 * (ONNX requires topological order), initializers decoded to host tensors, the graph's real
 * inputs (those that are not initializers) and outputs with their declared dims.
 */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** Input value names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, AttributeProto>;
}

export interface OnnxValueInfo {
  readonly name: string;
  /** ONNX element type (1 float, 7 int64, …); 0 when not declared. */
  readonly elemType: number;
  /** Declared dims; null for a symbolic (dim_param) or missing dim; null for the whole list when the rank is unknown. */
  readonly dims: ReadonlyArray<number | null> | null;
}

export interface OnnxGraph {
  /** The default-domain opset the model was exported with. */
  readonly opset: number;
  readonly producer: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, HostTensor>;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

export function decodeModelProto(bytes: Uint8Array, source: string): ModelProto {
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph) throw new Error('it holds no graph');
    return model;
  } catch {
    // The decoder's own message (a byte offset) means nothing to a user: say what it implies.
    throw new ModelLoadError('invalid-model-json', `${source} cannot be read as an ONNX model: the file is truncated or damaged, or not ONNX; export it again with torch.onnx.export`, source);
  }
}

/** The external data files a model's initializers name (relative to the .onnx file). */
export function externalDataLocations(model: ModelProto): string[] {
  const locations = new Set<string>();
  for (const tensor of model.graph?.initializer ?? []) {
    if (tensor.dataLocation !== 1) continue;
    const location = (tensor.externalData ?? []).find((e) => e.key === 'location')?.value;
    if (location) locations.add(location);
  }
  return [...locations];
}

function valueInfo(info: ValueInfoProto): OnnxValueInfo {
  const tensorType = info.type?.tensorType;
  const shape = tensorType?.shape;
  const dims = shape ? (shape.dim ?? []).map((d) => (d.dimValue !== null && d.dimValue !== undefined && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : null)) : null;
  return { name: info.name ?? '', elemType: tensorType?.elemType ?? 0, dims };
}

export function readOnnxGraph(model: ModelProto, external: ExternalDataLookup, source: string): OnnxGraph {
  const graph = model.graph ?? {};
  const opsetEntry = (model.opsetImport ?? []).find((o) => DEFAULT_DOMAINS.has(o.domain ?? ''));
  const opset = opsetEntry ? toNumber(opsetEntry.version) : 0;
  const initializers = new Map<string, HostTensor>();
  for (const tensor of graph.initializer ?? []) initializers.set(tensor.name ?? '', hostTensorFromProto(tensor, external, source));
  const nodes: OnnxNode[] = (graph.node ?? []).map((n, i) => ({
    name: n.name || `${n.opType ?? 'node'}_${i}`,
    opType: n.opType ?? '',
    domain: n.domain ?? '',
    inputs: n.input ?? [],
    outputs: n.output ?? [],
    attributes: new Map((n.attribute ?? []).map((a) => [a.name ?? '', a])),
  }));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(valueInfo);
  const outputs = (graph.output ?? []).map(valueInfo);
  return { opset, producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '), nodes, initializers, inputs, outputs };
}

export function isDefaultDomain(node: OnnxNode): boolean {
  return DEFAULT_DOMAINS.has(node.domain);
}

// Attribute readers: ONNX gives every attribute a default in the operator's schema; callers pass it.
export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a ? toNumber(a.i) : fallback;
}

export function attrInts(node: OnnxNode, name: string): number[] | null {
  const a = node.attributes.get(name);
  return a ? (a.ints ?? []).map(toNumber) : null;
}

export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.get(name);
  return a ? (a.f ?? fallback) : fallback;
}

export function attrFloats(node: OnnxNode, name: string): number[] | null {
  const a = node.attributes.get(name);
  return a ? [...(a.floats ?? [])] : null;
}

const TEXT = new TextDecoder();

export function attrString(node: OnnxNode, name: string, fallback: string): string {
  const a = node.attributes.get(name);
  return a?.s ? TEXT.decode(a.s) : fallback;
}

export function attrTensor(node: OnnxNode, name: string, source: string): HostTensor | null {
  const a = node.attributes.get(name);
  return a?.t ? hostTensorFromProto(a.t, () => null, source) : null;
}
